package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The format of the real-lines corpus (src/test/resources/corpus/real-lines.jsonl and its held-out
 * fifth real-lines.heldout.jsonl), not the rules' accuracy on it (scripts/accuracy.sh measures that).
 * Every object has its fields, a source that is an http(s) URL, accepted categories of the contract,
 * the split the hash rule gives (held out when the first byte of SHA-256 of the UTF-8 line is 0 mod 5)
 * and sits in the file of its split; no line appears twice across both files. The corpus is also big
 * and broad enough to measure on: at least 1,000 lines from at least 40 software families, at least 200
 * benign lines, and at least 25 lines accepting each category of the contract.
 */
class RealLinesCorpusTest {
    private static final Path DIR = Path.of("src/test/resources/corpus");
    private static final Map<String, String> FILES = Map.of(
            "real-lines.jsonl", "dev",
            "real-lines.heldout.jsonl", "heldout");
    private static final Set<String> LANGS = Set.of("en", "zh");
    private static final int MIN_LINES = 1000;
    private static final int MIN_FAMILIES = 40;
    private static final int MIN_BENIGN = 200;
    private static final int MIN_PER_CATEGORY = 25;

    /** The split of a line: "heldout" when the first byte of SHA-256(line, UTF-8) is 0 mod 5, else "dev". */
    static String splitOf(String line) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
            return Byte.toUnsignedInt(h[0]) % 5 == 0 ? "heldout" : "dev";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyObjectIsWellFormedAndInTheFileOfItsSplit() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        int total = 0;
        for (var file : FILES.entrySet()) {
            int no = 0;
            for (String raw : Files.readAllLines(DIR.resolve(file.getKey()), StandardCharsets.UTF_8)) {
                no++;
                String at = file.getKey() + ":" + no + ": ";
                if (raw.isBlank()) {
                    problems.add(at + "blank line");
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(raw);
                } catch (IOException e) {
                    problems.add(at + "not JSON");
                    continue;
                }
                total++;
                check(n, at, file.getValue(), problems);
                String line = n.path("line").asText("");
                String before = seen.putIfAbsent(line, at);
                if (before != null) {
                    problems.add(at + "duplicate of " + before.trim());
                }
            }
        }
        assertTrue(total > 0, "the corpus is empty");
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void isBigAndBroadEnoughToMeasureOn() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> all = new ArrayList<>();
        for (String file : FILES.keySet()) {
            for (String raw : Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8)) {
                if (!raw.isBlank()) {
                    all.add(json.readTree(raw));
                }
            }
        }
        Set<String> families = new HashSet<>();
        Map<Category, Integer> perCategory = new EnumMap<>(Category.class);
        int benign = 0;
        for (JsonNode n : all) {
            families.add(n.path("family").asText());
            JsonNode accept = n.path("accept");
            if (accept.isArray() && accept.isEmpty()) {
                benign++;
            }
            accept.forEach(c -> Category.of(c.asText()).ifPresent(cat -> perCategory.merge(cat, 1, Integer::sum)));
        }
        List<String> thin = new ArrayList<>();
        for (Category c : Category.values()) {
            int lines = perCategory.getOrDefault(c, 0);
            if (lines < MIN_PER_CATEGORY) {
                thin.add(c.id() + " has " + lines);
            }
        }
        assertTrue(all.size() >= MIN_LINES, all.size() + " lines, want at least " + MIN_LINES);
        assertTrue(families.size() >= MIN_FAMILIES, families.size() + " families, want at least " + MIN_FAMILIES);
        assertTrue(benign >= MIN_BENIGN, benign + " benign lines, want at least " + MIN_BENIGN);
        assertTrue(thin.isEmpty(), "categories with fewer than " + MIN_PER_CATEGORY + " lines: " + thin);
    }

    private static void check(JsonNode n, String at, String fileSplit, List<String> problems) {
        for (String field : List.of("line", "source", "software", "family", "origin_category", "lang", "split")) {
            if (!n.path(field).isTextual() || n.path(field).asText().isBlank()) {
                problems.add(at + "field " + field + " missing or not a non-empty string");
            }
        }
        String line = n.path("line").asText("");
        if (line.contains("\n") || line.contains("\r")) {
            problems.add(at + "line has a line break");
        }
        String source = n.path("source").asText("");
        try {
            URI uri = new URI(source);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(at + "source is not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            problems.add(at + "source is not a URL");
        }
        if (!LANGS.contains(n.path("lang").asText())) {
            problems.add(at + "lang must be one of " + LANGS);
        }
        boolean skip = n.path("skip").asBoolean(false);
        JsonNode accept = n.get("accept");
        if (skip) {
            if (accept != null && !accept.isNull()) {
                problems.add(at + "a skipped line has accept null");
            }
        } else if (accept == null || !accept.isArray()) {
            problems.add(at + "accept must be a list (empty for a benign line)");
        } else {
            accept.forEach(c -> {
                if (!c.isTextual() || Category.of(c.asText()).isEmpty()) {
                    problems.add(at + "unknown category " + c);
                }
            });
        }
        String split = n.path("split").asText();
        String expected = splitOf(line);
        if (!expected.equals(split)) {
            problems.add(at + "split is " + split + ", the hash rule gives " + expected);
        }
        if (!fileSplit.equals(split)) {
            problems.add(at + "a " + split + " line in the " + fileSplit + " file");
        }
    }
}
