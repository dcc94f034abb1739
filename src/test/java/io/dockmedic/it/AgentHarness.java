package io.dockmedic.it;

import io.dockmedic.agent.Agent;
import io.dockmedic.config.Config;
import io.dockmedic.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Starts a real agent in-process (HTTP on port 0) against an engine host and reads its /metrics. */
public final class AgentHarness implements AutoCloseable {
    private final Agent agent;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AgentHarness(String dockerHost) throws Exception {
        this(dockerHost, Map.of());
    }

    /** With extra config overrides by dotted key (they win over the harness's own). */
    public AgentHarness(String dockerHost, Map<String, String> extra) throws Exception {
        this(dockerHost, extra, null);
    }

    /**
     * With a given engine client (e.g. a real {@code DockerJavaEngine} with a short call deadline), or
     * null for the one the agent builds from {@code docker.host}.
     */
    public AgentHarness(String dockerHost, Map<String, String> extra, io.dockmedic.docker.Engine engine) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("http.listen", "127.0.0.1:0");
        overrides.put("docker.host", dockerHost);
        if (dockerHost.startsWith("tcp://") && !extra.containsKey("docker.tls.ca")) {
            overrides.put("docker.allow_plain_tcp", "true"); // the tests' loopback proxies (CuttableProxy)
        }
        overrides.put("rules.dirs", "");
        overrides.put("state_dir", Files.createTempDirectory("dockmedic-state").toString());
        overrides.put("watch.reconnect_initial", "200ms");
        overrides.put("watch.reconnect_max", "2s");
        overrides.put("watch.refresh_interval", "2s");
        overrides.put("remediation.playbook_dirs", "");
        overrides.putAll(extra);
        Config config = ConfigLoader.load(null, Map.of(), overrides);
        agent = (engine == null ? new Agent(config) : new Agent(config, engine)).start();
    }

    /** Every log message of the process since the harness class loaded (to grep for secrets). */
    private static final java.util.Queue<String> LOGS = captureLogs();

    private static java.util.Queue<String> captureLogs() {
        java.util.Queue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        var ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        var appender = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                queue.add(e.getFormattedMessage());
            }
        };
        appender.setContext(ctx);
        appender.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return queue;
    }

    public static String logs() {
        return String.join("\n", LOGS);
    }

    public Agent agent() {
        return agent;
    }

    /** The HTTP status code of a GET. */
    public int status(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            // the client may reuse a keep-alive connection the server has just closed: one retry
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    public String metrics() throws IOException, InterruptedException {
        return get("/metrics");
    }

    /** Sample lines of a metric (name followed by '{' or ' '), e.g. "dockmedic_active_diagnosis". */
    public List<String> samples(String metric) throws IOException, InterruptedException {
        return MetricsText.samples(metrics(), metric);
    }

    /** Sum of the values of the samples of a metric whose line contains every given fragment. */
    public double value(String metric, String... fragments) throws IOException, InterruptedException {
        return MetricsText.value(metrics(), metric, fragments);
    }

    /** Polls until the predicate holds on /metrics or the timeout passes; returns the last scrape. */
    public String await(Duration timeout, String what, Predicate<AgentHarness> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(this)) {
                return metrics();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
                + "\n--- /metrics (dockmedic_* but the rule texts):\n"
                + String.join("\n", metrics().lines()
                        .filter(l -> l.startsWith("dockmedic_") && !l.startsWith("dockmedic_rule_info")).toList()));
    }

    /** The predicate form of {@link #value} &gt;= min, swallowing I/O errors. */
    public static Predicate<AgentHarness> atLeast(double min, String metric, String... fragments) {
        return h -> {
            try {
                return h.value(metric, fragments) >= min;
            } catch (Exception e) {
                return false;
            }
        };
    }

    public static Predicate<AgentHarness> absent(String metric, String... fragments) {
        return h -> {
            try {
                return h.samples(metric).stream().noneMatch(s -> {
                    for (String f : fragments) {
                        if (!s.contains(f)) {
                            return false;
                        }
                    }
                    return true;
                });
            } catch (Exception e) {
                return false;
            }
        };
    }

    @Override
    public void close() {
        agent.close();
    }
}
