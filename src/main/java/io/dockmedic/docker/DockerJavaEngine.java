package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.closeQuietly;
import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real engine, through docker-java's httpclient5 transport. Two HTTP clients: one without a response
 * timeout for the long-lived event stream, one for requests. Every request runs under a deadline
 * ({@link CallDeadline}; docker-java's response timeout does not work on a unix socket), so a slow or hung
 * engine never hangs a diagnosis: the call fails with reason {@link EngineException.Reason#TIMEOUT}. This class
 * sets the deadlines and keeps the {@link EngineDialect}; the requests themselves are {@link EngineEventStream}'s,
 * {@link ContainerLister}'s, {@link InspectMapper}'s, {@link ContainerLogReader}'s (all read as JSON trees or
 * frames on the raw HTTP client by {@link EngineRequests}) and {@link ContainerActions}' (docker-java's commands:
 * remediation only).
 */
public final class DockerJavaEngine implements Engine {
    /** The default deadline of one request (inspect, list, ...): a busy engine answers in well under a second. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The deadline of a liveness ping: {@code /_ping} and {@code /version} need no work from the engine. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    /** Bytes of a {@code /_ping} answer read ("OK"). */
    private static final int PING_BODY_LIMIT = 64;
    /** The request client's connections. */
    private static final int MAX_CONNECTIONS = 32;
    /**
     * Engine calls at once (threads made on demand, ended after 30 s idle: each costs RSS); as many
     * as the default workers, and 4 times that may wait for a thread, within their deadline.
     */
    private static final int MAX_CALLS = 16;

    private final String host;
    private final EngineClients clients;
    private final DockerHttpClient http;
    private final Object apiLock = new Object();
    private DockerClient api;                      // docker-java's commands, built by the first action (guarded by apiLock)
    private boolean closed;                        // guarded by apiLock
    private final DockerHttpClient stream;
    private final Duration callTimeout;
    /** Docker until a ping finds Podman. */
    private volatile EngineDialect dialect = EngineDialect.DOCKER;
    private final CallDeadline calls = new CallDeadline(MAX_CALLS, 4 * MAX_CALLS, "dockmedic-engine-");
    private final EngineEventStream events;
    private final EngineRequests requests;
    private final ContainerLister lister;
    private final ContainerLogReader logs;
    private final ContainerActions actions;

    public DockerJavaEngine(String dockerHost) {
        this(dockerHost, CALL_TIMEOUT);
    }

    /** @param callTimeout the deadline of each request; an engine that does not answer in time fails the call */
    public DockerJavaEngine(String dockerHost, Duration callTimeout) {
        this(dockerHost, Optional.empty(), callTimeout);
    }

    /**
     * @param tls for a {@code tcp://} engine, its CA and dockmedic's client certificate (https); empty for a
     *     unix socket or plain tcp
     * @throws EngineConfigException when a TLS file cannot be used (naming setting and path)
     */
    public DockerJavaEngine(String dockerHost, Optional<EngineTls> tls, Duration callTimeout) {
        this.host = dockerHost;
        this.callTimeout = callTimeout;
        this.clients = new EngineClients(dockerHost, tls);
        this.http = clients.http(MAX_CONNECTIONS, callTimeout); // applies on tcp:// only: see CallDeadline
        this.stream = clients.http(4, null); // event streams stay open: no response timeout
        this.events = new EngineEventStream(stream, dockerHost);
        EngineRequests requests = new EngineRequests(http, dockerHost);
        this.requests = requests;
        this.lister = new ContainerLister(requests);
        this.logs = new ContainerLogReader(requests);
        this.actions = new ContainerActions(this::api);
    }

    /**
     * docker-java's command client over the request client, built on first use: remediation's actions are its only
     * users, and building it (its configuration, Jackson's bean machinery) was most of building the engine client at
     * every start.
     */
    private DockerClient api() {
        synchronized (apiLock) {
            if (closed) {
                throw new IllegalStateException("the engine client is closed");
            }
            if (api == null) {
                api = clients.client(http);
            }
            return api;
        }
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
        return events.subscribe(dialect, sinceNanos, untilNanos, sink);
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

    @Override
    public List<Member> swarmContainers() throws EngineException {
        return members(Labels.SWARM_SERVICE, "of Swarm services");
    }

    /** @param labelFilter {@code key} or {@code key=value}, as {@code docker ps --filter label=...} takes it */
    private List<Member> members(String labelFilter, String which) throws EngineException {
        return calls.run("list containers " + which, callTimeout, () -> lister.members(labelFilter, which));
    }

    @Override
    public List<String> runningContainerIds() throws EngineException {
        return calls.run("list containers", callTimeout, lister::runningIds);
    }

    @Override
    public List<String> exitedContainerIds(int limit) throws EngineException {
        return calls.run("list exited containers", callTimeout, () -> lister.exitedIds(limit));
    }

    @Override
    public Optional<ContainerInfo> inspect(String idOrName) throws EngineException {
        return calls.run("inspect container " + idOrName, callTimeout, () -> inspectNow(idOrName));
    }

    private Optional<ContainerInfo> inspectNow(String idOrName) throws EngineException {
        return requests.json("/containers/" + URLEncoder.encode(idOrName, StandardCharsets.UTF_8) + "/json",
                "inspect container " + idOrName).map(InspectMapper::toInfo);
    }

    @Override
    public List<String> logs(String id, long sinceEpochSeconds, int tail) throws EngineException {
        return startLogs(id, sinceEpochSeconds, tail).await();
    }

    @Override
    public PendingCall<List<String>> startLogs(String id, long sinceEpochSeconds, int tail) {
        // read on the call's thread: its deadline bounds the whole read
        return calls.start("read logs of " + id, Duration.ofSeconds(ContainerLogReader.LOG_TIMEOUT_SECONDS).plus(callTimeout),
                () -> logs.read(id, sinceEpochSeconds, tail));
    }

    /**
     * /_ping and /version, bounded by the call timeout: Podman answers /version by running its helper binaries
     * (conmon, the OCI runtime), which took 6 to 8 s here under load; once per connect.
     */
    @Override
    public String ping() throws EngineException {
        return calls.run("ping the engine at " + host, callTimeout, this::pingNow);
    }

    /** /_ping alone, bounded by {@link #PING_TIMEOUT} (or the call timeout if shorter): the watcher's liveness probe. */
    @Override
    public void alive() throws EngineException {
        calls.run("ping the engine at " + host, callTimeout.compareTo(PING_TIMEOUT) < 0 ? callTimeout : PING_TIMEOUT, () -> {
            try {
                // the answer is "OK": read (a bounded part of it) so that the connection goes back to the pool
                requests.get("/_ping", "ping the engine", body -> body.readNBytes(PING_BODY_LIMIT)).orElseThrow(
                        () -> new EngineException("the engine has no /_ping (HTTP 404)"));
                return null;
            } catch (EngineException e) {
                throw notAnswering(e);
            }
        });
    }

    /** {@code GET /version} alone: an answer proves the engine is up and names its components (Docker, Podman). */
    private String pingNow() throws EngineException {
        JsonNode version;
        try {
            version = requests.json("/version", "ask the engine's version").orElseThrow(
                    () -> new EngineException("the engine has no /version (HTTP 404)"));
        } catch (EngineException e) {
            throw notAnswering(e);
        }
        List<String> components = new ArrayList<>();
        version.path("Components").forEach(c -> components.add(EngineRequests.text(c, "Name")));
        dialect = EngineDialect.of(components);
        return EngineRequests.text(version, "Version");
    }

    private EngineException notAnswering(EngineException e) {
        return new EngineException(e.reason(), "the Docker engine at " + host + " does not answer: " + e.getMessage(), e);
    }

    @Override
    public void restart(String id, int stopTimeoutSeconds) throws EngineException {
        calls.run("restart " + id, Duration.ofSeconds(Math.max(0, stopTimeoutSeconds)).plus(callTimeout).plus(callTimeout), () -> {
            actions.restart(id, stopTimeoutSeconds);
            return null;
        });
    }

    @Override
    public void stop(String id, int stopTimeoutSeconds) throws EngineException {
        calls.run("stop " + id, Duration.ofSeconds(Math.max(0, stopTimeoutSeconds)).plus(callTimeout), () -> {
            actions.stop(id, stopTimeoutSeconds);
            return null;
        });
    }

    @Override
    public int exec(String id, List<String> command, Duration timeout) throws EngineException {
        return calls.run("run a command in " + id, timeout.plus(callTimeout).plus(callTimeout),
                () -> actions.exec(id, command, timeout));
    }

    @Override
    public void close() {
        calls.close();
        synchronized (apiLock) {
            closed = true;
            closeQuietly(api == null ? http : api); // the command client closes the request client it runs on
        }
        closeQuietly(stream);
    }
}
