package io.dockmedic.cli;

import io.dockmedic.diagnosis.RuleDrafts;
import io.dockmedic.diagnosis.TemplateClusters;
import io.dockmedic.diagnosis.Unclassified;
import io.dockmedic.evidence.Evidence;
import io.dockmedic.text.LogText;
import io.dockmedic.text.Redactor;
import io.dockmedic.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "suggest", description = "Print a draft rule file for the most frequent unclassified error lines: of a "
        + "log file (every error-like line no rule matches, clustered by template), or of a running agent "
        + "(its /api/v1/unclassified). Exit 0 printed, 2 usage error, 1 agent unreachable.")
final class RulesSuggestCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--log", paramLabel = "FILE", description = "A log file ('-' = stdin), read as a stream.")
        String log;

        @Option(names = "--agent", paramLabel = "URL", description = "A running agent, e.g. http://127.0.0.1:9464.")
        URI agent;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "How many templates (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        if (top < 1) {
            System.err.println("dockmedic: --top must be at least 1");
            return Main.USAGE;
        }
        List<TemplateClusters.Cluster> clusters;
        String from;
        if (source.agent != null) {
            from = "the agent at " + source.agent;
            try {
                clusters = fromAgent(source.agent);
            } catch (IOException e) {
                System.err.println("dockmedic: " + source.agent + ": " + e.getMessage());
                return Main.FATAL;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Main.FATAL;
            }
        } else {
            RuleSet rules = RulesCommand.configuredRules(config);
            if (rules == null) {
                return Main.USAGE;
            }
            from = "-".equals(source.log) ? "stdin" : source.log;
            try (InputStream in = "-".equals(source.log) ? System.in : Files.newInputStream(Path.of(source.log))) {
                clusters = fromLog(in, rules);
            } catch (NoSuchFileException e) {
                System.err.println("dockmedic: " + source.log + ": no such file");
                return Main.USAGE;
            } catch (IOException e) {
                System.err.println("dockmedic: " + source.log + ": cannot be read: " + e.getMessage());
                return Main.USAGE;
            }
        }
        System.out.print(RuleDrafts.yaml(clusters.subList(0, Math.min(top, clusters.size())), from));
        return Main.OK;
    }

    /** Clusters every error-like line of a log that no rule matches on its own (redacted first). */
    static List<TemplateClusters.Cluster> fromLog(InputStream in, RuleSet rules) throws IOException {
        TemplateClusters clusters = new TemplateClusters(TemplateClusters.DEFAULT_CAPACITY);
        Redactor.Session redactor = Redactor.generic().session(); // one text: a key block spans lines
        Instant now = Instant.now();
        LogText.LineSplitter splitter = new LogText.LineSplitter(LogText.DEFAULT_MAX_LINE_CHARS, raw -> {
            String line = redactor.redact(raw);
            if (Unclassified.score(line) > 0 && rules.classify(Evidence.ofLog("suggest", List.of(line))).isEmpty()) {
                clusters.add(line, now);
            }
        });
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            splitter.accept(buf, 0, n);
        }
        splitter.finish();
        return clusters.top(TemplateClusters.DEFAULT_CAPACITY);
    }

    private static List<TemplateClusters.Cluster> fromAgent(URI agent) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(agent.resolve("/api/v1/unclassified"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("answered HTTP " + r.statusCode());
        }
        return TemplateClusters.parse(r.body());
    }
}
