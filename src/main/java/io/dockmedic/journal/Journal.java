package io.dockmedic.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit journal: one JSON object per line in {@code journal.jsonl}, each record
 * written whole and fsynced before {@link #append} returns, so it survives a crash or SIGKILL. When the
 * file passes {@code maxBytes} it is renamed to {@code journal.1.jsonl} (older ones shift up to
 * {@code keep}, the oldest is dropped) and a new file begins. Every record gets a {@code time}.
 */
public final class Journal implements AutoCloseable {
    public static final String FILE = "journal.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;
    private FileChannel channel;

    /** Opens (creating the directory and file if needed) the journal in {@code dir}. */
    public Journal(Path dir, long maxBytes, int keep, Clock clock) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = clock;
        Files.createDirectories(dir);
        open();
    }

    private void open() throws IOException {
        channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** A new record with its {@code type} set; fill it and pass it to {@link #append}. */
    public static ObjectNode record(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** Appends one record (adding {@code time} first) and fsyncs; rotates first if the file is full. */
    public synchronized void append(ObjectNode record) {
        ObjectNode out = JSON.createObjectNode();
        out.put("time", clock.instant().toString());
        out.setAll(record);
        byte[] line = (out + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel.size() > 0 && channel.size() + line.length > maxBytes) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal in " + dir, e);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(dir.resolve(FILE), rotated(1), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    private Path rotated(int i) {
        return dir.resolve("journal." + i + ".jsonl");
    }

    /** Every whole record of the current file, oldest first (a torn line is skipped). */
    public static List<ObjectNode> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                if (!line.isBlank()) {
                    out.add((ObjectNode) JSON.readTree(line));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a line torn by a crash, or being written right now
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
