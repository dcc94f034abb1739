package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import io.dockmedic.state.Health;
import io.dockmedic.text.LogText;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real engine, through docker-java (core + httpclient5 transport). Two clients: one without a
 * response timeout for the long-lived event stream, one for requests. Every request runs under a
 * deadline ({@link CallDeadline}; docker-java's response timeout does not work on a unix socket), so
 * a slow or hung engine never hangs a diagnosis: the call fails with reason
 * {@link EngineException.Reason#TIMEOUT}.
 */
public final class DockerJavaEngine implements Engine {
    /** The default deadline of one request (inspect, list, ...): a busy engine answers in well under a second. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The deadline of a liveness ping: {@code /_ping} and {@code /version} need no work from the engine. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private static final long LOG_TIMEOUT_SECONDS = 20;
    /** The request client's connections. */
    private static final int MAX_CONNECTIONS = 32;
    /**
     * Engine calls at once (threads made on demand, ended after 30 s idle: each costs RSS); as many
     * as the default workers, and 4 times that may wait for a thread, within their deadline.
     */
    private static final int MAX_CALLS = 16;

    private final String host;
    private final DockerClient api;
    private final DockerClient stream;
    private final Duration callTimeout;
    /** Docker until a ping finds Podman. */
    private volatile EngineDialect dialect = EngineDialect.DOCKER;
    private final CallDeadline calls = new CallDeadline(MAX_CALLS, 4 * MAX_CALLS, "dockmedic-engine-");

    public DockerJavaEngine(String dockerHost) {
        this(dockerHost, CALL_TIMEOUT);
    }

    /** @param callTimeout the deadline of each request; an engine that does not answer in time fails the call */
    public DockerJavaEngine(String dockerHost, Duration callTimeout) {
        this(dockerHost, java.util.Optional.empty(), callTimeout);
    }

    /**
     * @param tls for a {@code tcp://} engine, its CA and dockmedic's client certificate (https); empty for a
     *     unix socket or plain tcp
     * @throws EngineConfigException when a TLS file cannot be used (naming setting and path)
     */
    public DockerJavaEngine(String dockerHost, java.util.Optional<EngineTls> tls, Duration callTimeout) {
        this.host = dockerHost;
        this.callTimeout = callTimeout;
        EngineClients clients = new EngineClients(dockerHost, tls);
        this.api = clients.client(MAX_CONNECTIONS, callTimeout); // applies on tcp:// only: see CallDeadline
        this.stream = clients.client(4, null); // event streams stay open: no response timeout
    }

    public String host() {
        return host;
    }

    /** The engine's dialect, known after the first {@link #ping}. */
    public EngineDialect dialect() {
        return dialect;
    }

    @Override
    public boolean finiteReplay() {
        return dialect.finiteReplay();
    }

    @Override
    public Subscription events(long sinceNanos, long untilNanos, EventSink sink) throws EngineException {
        EngineDialect shape = dialect;
        EventsCmd cmd = stream.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter(shape.watchedActions().toArray(String[]::new));
        if (sinceNanos > 0) {
            cmd = cmd.withSince(engineTime(sinceNanos));
        }
        if (untilNanos > 0) {
            cmd = cmd.withUntil(engineTime(untilNanos));
        }
        AtomicBoolean closed = new AtomicBoolean();
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                if (e == null || e.getId() == null) {
                    return;
                }
                Map<String, String> attrs = e.getActor() != null && e.getActor().getAttributes() != null
                        ? e.getActor().getAttributes() : Map.of();
                String action = e.getAction() != null ? e.getAction() : e.getStatus();
                long nanos = e.getTimeNano() != null ? e.getTimeNano()
                        : (e.getTime() != null ? TimeUnit.SECONDS.toNanos(e.getTime()) : System.currentTimeMillis() * 1_000_000L);
                for (EngineEvent shaped : shape.normalise(new EngineEvent(e.getId(), action == null ? "" : action, attrs, nanos))) {
                    sink.onEvent(shaped);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (closed.compareAndSet(false, true)) {
                    sink.onClose(t);
                }
                try {
                    close();
                } catch (IOException ignored) {
                    // already failing
                }
            }

            @Override
            public void onComplete() {
                if (closed.compareAndSet(false, true)) {
                    sink.onClose(null);
                }
                try {
                    super.close();
                } catch (IOException ignored) {
                    // stream over
                }
            }
        };
        try {
            cmd.exec(callback);
        } catch (RuntimeException e) {
            throw new EngineException("cannot subscribe to engine events at " + host + ": " + describe(e), e);
        }
        return () -> {
            closed.set(true);
            closeQuietly(callback);
        };
    }

    /** The engine's since/until format: seconds.nanoseconds. */
    static String engineTime(long epochNanos) {
        long secs = epochNanos / 1_000_000_000L;
        long nanos = epochNanos % 1_000_000_000L;
        return secs + "." + String.format("%09d", nanos);
    }

    @Override
    public List<Member> projectMembers(String project) throws EngineException {
        List<Member> compose = members(Labels.PROJECT + "=" + project, "of project " + project);
        return compose.isEmpty() ? members(Labels.STACK_NAMESPACE + "=" + project, "of stack " + project) : compose;
    }

    @Override
    public List<Member> composeContainers() throws EngineException {
        return members(Labels.PROJECT, "of compose projects");
    }

    private static final java.util.regex.Pattern EXITED = java.util.regex.Pattern.compile("^Exited \\((-?\\d+)\\)");

    /** @param labelFilter {@code key} or {@code key=value}, as {@code docker ps --filter label=...} takes it */
    private List<Member> members(String labelFilter, String which) throws EngineException {
        return calls.run("list containers " + which, callTimeout, () -> membersNow(labelFilter, which));
    }

    private List<Member> membersNow(String labelFilter, String which) throws EngineException {
        try {
            List<Member> members = new ArrayList<>();
            for (Container c : api.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec()) {
                Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
                String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
                var exited = EXITED.matcher(c.getStatus() == null ? "" : c.getStatus());
                members.add(new Member(c.getId(), name, Orchestrator.of(labels).service(labels),
                        c.getImage() == null ? "" : c.getImage(), c.getState() == null ? "" : c.getState(),
                        exited.find() ? Integer.valueOf(exited.group(1)) : null, labels));
            }
            return members;
        } catch (RuntimeException e) {
            throw new EngineException("cannot list containers " + which + " at " + host + ": " + describe(e), e);
        }
    }

    @Override
    public List<String> runningContainerIds() throws EngineException {
        return calls.run("list containers", callTimeout, this::runningContainerIdsNow);
    }

    private List<String> runningContainerIdsNow() throws EngineException {
        try {
            List<String> ids = new ArrayList<>();
            for (Container c : api.listContainersCmd().withShowAll(false).exec()) {
                ids.add(c.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw new EngineException("cannot list containers at " + host + ": " + describe(e), e);
        }
    }

    @Override
    public List<String> exitedContainerIds(int limit) throws EngineException {
        return calls.run("list exited containers", callTimeout, () -> {
            try {
                List<String> ids = new ArrayList<>();
                // the engine lists newest created first; limit bounds the answer on a host with many old containers
                for (Container c : api.listContainersCmd().withShowAll(true).withStatusFilter(List.of("exited"))
                        .withLimit(limit).exec()) {
                    ids.add(c.getId());
                }
                return ids;
            } catch (RuntimeException e) {
                throw new EngineException("cannot list exited containers at " + host + ": " + describe(e), e);
            }
        });
    }

    @Override
    public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
        return calls.run("inspect container " + idOrName, callTimeout, () -> inspectNow(idOrName));
    }

    private Optional<ContainerInfo> inspectNow(String idOrName) throws EngineException {
        InspectContainerResponse r;
        try {
            r = api.inspectContainerCmd(idOrName).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new EngineException("cannot inspect container " + idOrName + " at " + host + ": " + describe(e), e);
        }
        return Optional.of(toInfo(r));
    }

    static ContainerInfo toInfo(InspectContainerResponse r) {
        String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
        Map<String, String> labels = new HashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        String image = "";
        boolean hasHealthcheck = false;
        if (r.getConfig() != null) {
            if (r.getConfig().getLabels() != null) {
                labels.putAll(r.getConfig().getLabels());
            }
            if (r.getConfig().getEnv() != null) {
                for (String kv : r.getConfig().getEnv()) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    } else if (!kv.isEmpty()) {
                        env.put(kv, "");
                    }
                }
            }
            image = r.getConfig().getImage() == null ? "" : r.getConfig().getImage();
        }
        InspectContainerResponse.ContainerState s = r.getState();
        Health health = Health.NONE;
        List<ContainerInfo.HealthProbe> probes = new ArrayList<>();
        boolean running = false;
        boolean restarting = false;
        String status = "";
        Integer exit = null;
        boolean oom = false;
        Instant started = null;
        Instant finished = null;
        if (s != null) {
            running = Boolean.TRUE.equals(s.getRunning());
            restarting = Boolean.TRUE.equals(s.getRestarting());
            status = s.getStatus() == null ? "" : s.getStatus();
            exit = s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue();
            oom = Boolean.TRUE.equals(s.getOOMKilled());
            started = parseTime(s.getStartedAt());
            finished = parseTime(s.getFinishedAt());
            HealthState h = s.getHealth();
            if (h != null && h.getStatus() != null && !h.getStatus().isEmpty()) {
                health = Health.of(h.getStatus());
                hasHealthcheck = true;
                if (h.getLog() != null) {
                    for (HealthStateLog l : h.getLog()) {
                        probes.add(new ContainerInfo.HealthProbe(parseTime(l.getStart()), parseTime(l.getEnd()),
                                l.getExitCodeLong() == null ? null : l.getExitCodeLong().intValue(),
                                l.getOutput() == null ? "" : l.getOutput()));
                    }
                }
            }
        }
        if (!hasHealthcheck) {
            health = Health.NONE;
        }
        int restarts = r.getRestartCount() == null ? 0 : r.getRestartCount();
        return new ContainerInfo(r.getId(), name, image, labels, env, running, restarting, status, health, probes,
                exit, oom, restarts, started, finished,
                r.getHostConfig() == null ? null : r.getHostConfig().getNetworkMode());
    }

    static Instant parseTime(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public List<String> logs(String id, long sinceEpochSeconds, int tail) throws EngineException {
        // the stream itself is bounded by LOG_TIMEOUT_SECONDS below; this bounds the request around it
        return calls.run("read logs of " + id, Duration.ofSeconds(LOG_TIMEOUT_SECONDS).plus(callTimeout),
                () -> logsNow(id, sinceEpochSeconds, tail));
    }

    private List<String> logsNow(String id, long sinceEpochSeconds, int tail) throws EngineException {
        Deque<String> lines = new ArrayDeque<>();
        Map<StreamType, LogText.LineSplitter> splitters = new HashMap<>();
        java.util.function.Consumer<String> sink = line -> {
            if (!line.isBlank()) {
                lines.addLast(line);
                if (lines.size() > tail) {
                    lines.removeFirst();
                }
            }
        };
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                if (payload == null) {
                    return;
                }
                synchronized (splitters) {
                    splitters.computeIfAbsent(frame.getStreamType(),
                            t -> new LogText.LineSplitter(LogText.DEFAULT_MAX_LINE_CHARS, sink))
                            .accept(payload, 0, payload.length);
                }
            }
        };
        try {
            var cmd = api.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(false).withTail(tail);
            if (sinceEpochSeconds > 0) {
                cmd = cmd.withSince((int) sinceEpochSeconds);
            }
            cmd.exec(callback);
            if (!callback.awaitCompletion(LOG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                closeQuietly(callback);
                throw new EngineException("reading logs of " + id + " timed out after " + LOG_TIMEOUT_SECONDS + "s");
            }
        } catch (NotFoundException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new EngineException("interrupted while reading logs of " + id, e);
        } catch (RuntimeException e) {
            throw new EngineException("cannot read logs of " + id + " at " + host + ": " + describe(e), e);
        }
        synchronized (splitters) {
            splitters.values().forEach(LogText.LineSplitter::finish);
            return new ArrayList<>(lines);
        }
    }

    /** Bounded by {@link #PING_TIMEOUT} (or the call timeout if shorter): the watcher probes liveness with it. */
    @Override
    public String ping() throws EngineException {
        return calls.run("ping the engine at " + host, callTimeout.compareTo(PING_TIMEOUT) < 0 ? callTimeout : PING_TIMEOUT,
                this::pingNow);
    }

    private String pingNow() throws EngineException {
        try {
            api.pingCmd().exec();
            Version version = api.versionCmd().exec();
            dialect = EngineDialect.of(version.getComponents() == null ? List.of()
                    : version.getComponents().stream().map(VersionComponent::getName).toList());
            return version.getVersion();
        } catch (RuntimeException e) {
            throw new EngineException("the Docker engine at " + host + " does not answer: " + describe(e), e);
        }
    }

    @Override
    public void restart(String id, int stopTimeoutSeconds) throws EngineException {
        calls.run("restart " + id, Duration.ofSeconds(Math.max(0, stopTimeoutSeconds)).plus(callTimeout).plus(callTimeout), () -> {
            restartNow(id, stopTimeoutSeconds);
            return null;
        });
    }

    private void restartNow(String id, int stopTimeoutSeconds) throws EngineException {
        try {
            api.restartContainerCmd(id).withTimeout(stopTimeoutSeconds).exec();
        } catch (RuntimeException e) {
            throw new EngineException("cannot restart " + id + ": " + describe(e), e);
        }
    }

    @Override
    public void stop(String id, int stopTimeoutSeconds) throws EngineException {
        calls.run("stop " + id, Duration.ofSeconds(Math.max(0, stopTimeoutSeconds)).plus(callTimeout), () -> {
            stopNow(id, stopTimeoutSeconds);
            return null;
        });
    }

    private void stopNow(String id, int stopTimeoutSeconds) throws EngineException {
        try {
            api.stopContainerCmd(id).withTimeout(stopTimeoutSeconds).exec();
        } catch (com.github.dockerjava.api.exception.NotModifiedException e) {
            // already stopped
        } catch (RuntimeException e) {
            throw new EngineException("cannot stop " + id + ": " + describe(e), e);
        }
    }

    @Override
    public int exec(String id, List<String> command, Duration timeout) throws EngineException {
        return calls.run("run a command in " + id, timeout.plus(callTimeout).plus(callTimeout), () -> execNow(id, command, timeout));
    }

    private int execNow(String id, List<String> command, Duration timeout) throws EngineException {
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>();
        try {
            String exec = api.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            api.execStartCmd(exec).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(callback);
                throw new EngineException("command in " + id + " did not end within " + timeout.toMillis() + " ms");
            }
            Long code = api.inspectExecCmd(exec).exec().getExitCodeLong();
            return code == null ? -1 : code.intValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new EngineException("interrupted while running a command in " + id, e);
        } catch (RuntimeException e) {
            throw new EngineException("cannot run a command in " + id + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.strip();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a dead stream
        }
    }

    @Override
    public void close() {
        calls.close();
        closeQuietly(api);
        closeQuietly(stream);
    }
}
