package io.dockmedic.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How {@code dockmedic remediation rearm|pause|resume} reach the running agent: through files in
 * {@code STATE_DIR/control/}. The CLI writes {@code req-ID.json} (atomically), the agent picks
 * requests up within half a second, applies them in order, writes {@code req-ID.ack} with its
 * answer and deletes the request; the CLI prints the answer and deletes the ack. No network port
 * is opened, and only who may write the state directory (root under systemd) can steer remediation.
 */
public final class Control {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DIR = "control";

    private Control() {
    }

    /** CLI side: submits a request and returns the path its answer will appear at. */
    public static Path submit(Path stateDir, ObjectNode request) throws IOException {
        Path dir = Files.createDirectories(stateDir.resolve(DIR));
        String id = System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path tmp = dir.resolve("tmp-" + id);
        Files.writeString(tmp, request.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("req-" + id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        return dir.resolve("req-" + id + ".ack");
    }

    /** CLI side: waits for the agent's answer; empty if it did not come within {@code timeout}. */
    public static Optional<String> await(Path ack, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(ack)) {
                String answer = Files.readString(ack, StandardCharsets.UTF_8);
                Files.deleteIfExists(ack);
                return Optional.of(answer);
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Agent side: applies every pending request, oldest first, and acknowledges each. */
    static void poll(Path stateDir, Function<ObjectNode, String> apply) throws IOException {
        Path dir = stateDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> requests;
        try (Stream<Path> files = Files.list(dir)) {
            requests = files.filter(p -> p.getFileName().toString().startsWith("req-") && p.toString().endsWith(".json"))
                    .sorted().toList();
        }
        for (Path req : requests) {
            String answer;
            try {
                answer = apply.apply((ObjectNode) JSON.readTree(req.toFile()));
            } catch (IOException | ClassCastException e) {
                answer = "error: unreadable request: " + e.getMessage();
            }
            String name = req.getFileName().toString();
            Path tmp = dir.resolve("tmp-ack-" + name);
            Files.writeString(tmp, answer, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name.replace(".json", ".ack")), StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(req);
        }
    }
}
