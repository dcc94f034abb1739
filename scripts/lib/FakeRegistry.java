import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A registry stand-in on loopback for scripts/capture-build-logs.sh: the real engine pulls
 * {@code 127.0.0.1:PORT/<mode>/python:3.11-slim} from it and prints its real error for the answer.
 * The first path segment after /v2/ picks the answer: forbidden (403), unauthorized (401 with a
 * Bearer challenge whose token endpoint answers 401), ratelimit (429 toomanyrequests), unknown (404
 * MANIFEST_UNKNOWN). {@code GET /v2/} answers 200. Usage: java FakeRegistry.java PORTFILE; it
 * writes the port it listens on to PORTFILE and serves until killed.
 */
public class FakeRegistry {
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        int port = server.getAddress().getPort();
        server.createContext("/", ex -> answer(ex, port));
        server.start();
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), Integer.toString(port));
    }

    private static void answer(HttpExchange ex, int port) throws IOException {
        String path = ex.getRequestURI().getPath();
        String[] parts = path.split("/");
        String mode = parts.length > 2 ? parts[2] : "";
        if (path.equals("/v2/") || path.equals("/v2")) {
            send(ex, 200, "{}");
        } else if (path.startsWith("/token")) {
            send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}");
        } else if (mode.equals("forbidden")) {
            send(ex, 403, "<html><body><h1>403 Forbidden</h1></body></html>");
        } else if (mode.equals("unauthorized")) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + port
                    + "/token\",service=\"fake-registry\",scope=\"repository:unauthorized/python:pull\"");
            send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}");
        } else if (mode.equals("ratelimit")) {
            send(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit. "
                    + "You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit\"}]}");
        } else {
            send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }
}
