package io.dockmedic.doctor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a registry mirror what a pull would: {@code GET /v2/}. 200 is fine; 401 is fine when the
 * Bearer challenge's token endpoint gives an anonymous token (as Docker Hub does), otherwise the
 * mirror needs a login; 403, 429, other answers, refused connections and timeouts are problems.
 * One short timeout per request; the client's worker threads are named {@code dockmedic-probe-N}.
 */
final class MirrorProbe implements AutoCloseable {
    private static final Pattern REALM = Pattern.compile("(?i)\\bBearer\\b.*?\\brealm=\"([^\"]+)\"");
    private static final Pattern SERVICE = Pattern.compile("(?i)\\bservice=\"([^\"]+)\"");

    /**
     * What the probe found.
     *
     * @param finding the finding id, or null when the mirror answers as a registry should
     * @param detail   what happened, for the finding's message and the JSON {@code checked} section
     * @param detailZh the same in Chinese
     */
    record Outcome(String finding, String detail, String detailZh) {
    }

    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    MirrorProbe(Duration timeout) {
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dockmedic-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    Outcome probe(String mirror) {
        URI base;
        try {
            base = URI.create(mirror.endsWith("/") ? mirror : mirror + "/");
        } catch (IllegalArgumentException e) {
            return new Outcome("registry-mirror-invalid", "not a URL", "不是 URL");
        }
        try {
            HttpResponse<Void> r = get(base.resolve("v2/"));
            int status = r.statusCode();
            if (status == 200) {
                return new Outcome(null, "HTTP 200 on /v2/", "/v2/ 返回 HTTP 200");
            }
            if (status == 401) {
                return unauthorized(r);
            }
            if (status == 403) {
                return new Outcome("registry-mirror-forbidden", "HTTP 403 Forbidden on /v2/", "/v2/ 返回 HTTP 403 Forbidden");
            }
            if (status == 429) {
                return new Outcome("registry-mirror-rate-limited", "HTTP 429 Too Many Requests on /v2/", "/v2/ 返回 HTTP 429 Too Many Requests");
            }
            return new Outcome("registry-mirror-unreachable", "it answers HTTP " + status + " on /v2/, not a registry's answer",
                    "/v2/ 返回 HTTP " + status + "，不是镜像仓库应有的响应");
        } catch (HttpTimeoutException e) {
            return new Outcome("registry-mirror-unreachable", "no answer within " + timeout.toMillis() + " ms (timeout)",
                    timeout.toMillis() + " 毫秒内没有响应（超时）");
        } catch (ConnectException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome("registry-mirror-unreachable", "the connection failed (" + why + ")", "连接失败（" + why + "）");
        } catch (IOException e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome("registry-mirror-unreachable", "the request failed (" + why + ")", "请求失败（" + why + "）");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("registry-mirror-unreachable", "interrupted", "被中断");
        }
    }

    private Outcome unauthorized(HttpResponse<Void> r) throws IOException, InterruptedException {
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        Matcher realm = REALM.matcher(challenge);
        if (!realm.find()) {
            return challenge.isEmpty()
                    ? new Outcome("registry-mirror-unauthorized", "gives no Bearer challenge to fetch an anonymous token", "没有提供获取匿名 token 的 Bearer 认证方式")
                    : new Outcome("registry-mirror-unauthorized", "asks for a login (" + challenge.split("\\s")[0] + ")",
                            "要求登录（" + challenge.split("\\s")[0] + "）");
        }
        Matcher service = SERVICE.matcher(challenge);
        String url = realm.group(1) + (service.find()
                ? (realm.group(1).contains("?") ? "&" : "?") + "service=" + URLEncoder.encode(service.group(1), StandardCharsets.UTF_8) : "");
        URI token;
        try {
            token = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Outcome("registry-mirror-unauthorized", "its token endpoint is not a URL", "其 token 地址不是有效的 URL");
        }
        int status = get(token).statusCode();
        return status == 200
                ? new Outcome(null, "HTTP 401 on /v2/ with an anonymous token from the token endpoint", "/v2/ 返回 HTTP 401，可匿名获取 token")
                : new Outcome("registry-mirror-unauthorized", "its token endpoint answers HTTP " + status + " to an anonymous request",
                        "其 token 地址对匿名请求返回 HTTP " + status);
    }

    private HttpResponse<Void> get(URI uri) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "dockmedic-doctor").build();
        return client.send(req, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
