package io.dockmedic.docker;

import static io.dockmedic.docker.DockerJavaErrors.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Optional;

/**
 * {@code GET}s of the engine's API on docker-java's HTTP client, read on the calling thread (its deadline,
 * {@link CallDeadline}, bounds the read; its interrupt closes the socket). Logs, inspect and list answers go
 * through here rather than docker-java's commands: its log command starts a thread per read, and its other
 * commands bind every answer to docker-java's model classes through Jackson's bean deserializers (about 350
 * classes loaded, and their caches on the heap, for the dozen fields we read) where a JSON tree needs a few
 * dozen classes.
 */
final class EngineRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an answer's body. */
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private final DockerHttpClient http;
    private final String host;

    EngineRequests(DockerHttpClient http, String host) {
        this.http = http;
        this.host = host;
    }

    /** {@link #get} read as a JSON tree. */
    Optional<JsonNode> json(String path, String what) throws EngineException {
        return get(path, what, JSON::readTree);
    }

    /**
     * @param path the API path without a version prefix (the engine then speaks its own, as docker-java sends it)
     * @param what what the request is for, for messages ("inspect container abc")
     * @return the body as {@code reader} read it; empty when the engine says 404 (no such container)
     */
    <T> Optional<T> get(String path, String what, BodyReader<T> reader) throws EngineException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            if (response.getStatusCode() >= 300) {
                throw new EngineException("cannot " + what + " at " + host + ": HTTP " + response.getStatusCode() + " "
                        + EngineMessage.of(body));
            }
            return Optional.of(reader.read(body));
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted: " + what, e);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot " + what + " at " + host + ": " + describe(e), e);
        }
    }

    /** A field's text; empty for a missing or null one. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
