package io.dockmedic.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a deterministic mixed log for the benchmarks: mostly benign lines of the kinds real stacks
 * print (web servers, ORMs, databases, caches, JSON loggers, with varying numbers, ids and paths),
 * about 1 in 100 a real failure or near-miss line from the corpus and the shipped rule tests.
 *
 * <p>Usage: {@code MixedLog OUT_FILE SIZE_MB [CORPUS_JSONL]}
 */
public final class MixedLog {
    /** Formats of benign lines: %1$s a timestamp, %2$d %3$d %4$d numbers. */
    private static final String[] BENIGN = {
        "%1$s INFO  [http-nio-8080-exec-%3$d] c.e.api.ItemController : GET /api/items?page=%2$d 200 %4$dms",
        "INFO:     172.18.0.%3$d:%2$d - \"GET /health HTTP/1.1\" 200 OK",
        "%1$s UTC [1] LOG:  checkpoint complete: wrote %2$d buffers (0.%3$d%%); 0 WAL file(s) added",
        "1:M 25 May 2023 05:46:%3$d.%4$d * Background saving terminated with success",
        "[%1$s +0000] [%3$d] [INFO] Booting worker with pid: %2$d",
        "172.18.0.%3$d - - [01/May/2024:10:00:%3$d +0000] \"GET /static/js/app.%2$d.js HTTP/1.1\" 200 %4$d \"-\" \"Mozilla/5.0\"",
        "{\"level\":\"info\",\"ts\":1714557600.%2$d,\"msg\":\"request completed\",\"status\":200,\"duration_ms\":%3$d}",
        "%1$s DEBUG sqlalchemy.engine.Engine: SELECT items.id, items.name FROM items WHERE items.id = %4$d",
        "[Nest] 1  - 05/01/2024, 10:00:%3$d AM     LOG [RouterExplorer] Mapped {/api/items/%4$d, GET} route",
        "%1$s WARN  [scheduler-%3$d] o.s.s.TaskScheduler : job cleanup-%2$d took %4$dms, longer than its period",
        "time=\"%1$s\" level=info msg=\"cache hit\" key=session:%4$d ttl=%3$ds",
        "%1$s INFO celery.worker.strategy: Task app.tasks.send_mail[%4$d-4b1e-9c3a-%2$d] received",
        "%1$s INFO  o.h.e.t.j.p.i.JtaPlatformInitiator : HHH000490: Using JtaPlatform implementation: [%2$d]",
        "%1$s INFO  app.llm: answered question %4$d in %3$dms using 1%2$d tokens",
    };

    private MixedLog() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long size = Long.parseLong(args[1]) * 1024 * 1024;
        List<String> failures = args.length > 2 ? failures(Path.of(args[2])) : List.of();
        Random r = new Random(42);
        Files.createDirectories(out.toAbsolutePath().getParent());
        long written = 0;
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            while (written < size) {
                String line;
                if (!failures.isEmpty() && r.nextInt(100) == 0) {
                    line = failures.get(r.nextInt(failures.size()));
                } else {
                    String ts = String.format("2024-05-01T10:%02d:%02d.%03dZ", r.nextInt(60), r.nextInt(60), r.nextInt(1000));
                    line = String.format(BENIGN[r.nextInt(BENIGN.length)], ts, r.nextInt(65536), r.nextInt(1000),
                            r.nextInt(100000));
                }
                w.write(line);
                w.write('\n');
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                n++;
            }
        }
        System.out.printf("%s: %d lines, %.1f MB (%d failure and near-miss lines to draw from)%n", out, n,
                written / 1048576.0, failures.size());
    }

    /** Every line of the corpus (one JSON object a line, field "line"). */
    private static List<String> failures(Path corpus) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                JsonNode n = m.readTree(l);
                out.add(n.get("line").asText());
            }
        }
        return out;
    }
}
