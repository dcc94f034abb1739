package io.dockmedic.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a real-line corpus file (JSON lines: {@code line}, {@code accept}, {@code source}), as the
 * accuracy report and the category model's training read them: blank lines, lines marked {@code skip}
 * and lines without an {@code accept} list are left out.
 */
public final class CorpusLines {
    private CorpusLines() {
    }

    /** One corpus line: the text, the categories that count as right (none: benign), where it was copied from. */
    public record Line(String line, List<String> accept, String source) {
    }

    public static List<Line> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Line> out = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (raw.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(raw);
            if (n.path("skip").asBoolean(false) || !n.path("accept").isArray()) {
                continue;
            }
            List<String> accept = new ArrayList<>();
            n.get("accept").forEach(c -> accept.add(c.asText()));
            out.add(new Line(n.get("line").asText(), List.copyOf(accept), n.path("source").asText()));
        }
        return out;
    }
}
