package io.dockmedic.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds docker-java clients for one endpoint: a unix socket (never TLS), a {@code tcp://} engine with
 * TLS ({@link EngineTls}: the client speaks https and shows its certificate) or plain tcp (only when the
 * configuration allowed it explicitly; {@code config.ConfigLoader} refuses it otherwise).
 */
final class EngineClients {
    private final String dockerHost;
    private final URI uri;
    private final SSLConfig ssl;

    /** @throws EngineConfigException when a TLS file cannot be used */
    EngineClients(String dockerHost, Optional<EngineTls> tls) {
        this.dockerHost = dockerHost;
        this.uri = URI.create(dockerHost);
        if ("unix".equals(uri.getScheme())) {
            this.ssl = NO_TLS;
        } else if (tls.isPresent()) {
            javax.net.ssl.SSLContext context = tls.get().context(); // read once, at start: a bad file fails here
            this.ssl = () -> context;
        } else {
            this.ssl = null; // for tcp:// the client speaks https whenever it has an SSL config: plain tcp gets none
        }
    }

    /** The HTTP client itself: for requests we read on the calling thread ({@link ContainerLogReader}). */
    DockerHttpClient http(int maxConnections, Duration responseTimeout) {
        var builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(uri)
                .sslConfig(ssl)
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return builder.build();
    }

    /**
     * docker-java's commands over {@code http}; closing the client closes {@code http}. Its configuration (the
     * environment, the user's Docker config file, read through Jackson's bean binding) is made here, not with the
     * HTTP clients: only remediation's actions use the commands, so a start does not pay for them.
     */
    DockerClient client(DockerHttpClient http) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .withDockerTlsVerify(false) // docker-java's own TLS reads a cert directory; ours is the transport's SSLConfig
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * For a unix socket: without an SSL config the HTTP client builds the JVM's default TLS context
     * anyway, loading JSSE and parsing the whole CA trust store (~8 MiB of peak RSS and 0.1 s CPU at
     * every start) for a socket that never speaks TLS. This context is never used; any use fails.
     */
    private static final SSLConfig NO_TLS = () -> new javax.net.ssl.SSLContext(
            new javax.net.ssl.SSLContextSpi() {
                private UnsupportedOperationException no() {
                    return new UnsupportedOperationException("dockmedic reaches the Docker engine without TLS");
                }

                @Override
                protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm,
                                          java.security.SecureRandom sr) {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
                    throw no();
                }

                @Override
                protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
                    throw no();
                }
            }, null, "none") {
    };

}
