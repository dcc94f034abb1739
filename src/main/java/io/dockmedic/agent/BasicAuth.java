package io.dockmedic.agent;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks basic-auth credentials against the web config's bcrypt hashes, the way the Prometheus exporter
 * toolkit does (web/handler.go):
 * <ul>
 * <li>outcomes are cached, keyed by user, hash and password, so a scraper's correct password is
 *     bcrypt-checked once per process, not on every scrape; the key is an HMAC under a random
 *     per-process key, never the password. An accepted password is kept per configured user (one entry
 *     each), so a flood of wrong passwords, cached in a small LRU of their own, cannot evict it;</li>
 * <li>an unknown user is checked against a dummy hash of the same cost as the configured ones: both
 *     paths run the verifier exactly once, so timing does not tell whether a user exists;</li>
 * <li>at most one bcrypt check runs at a time, on its own thread ({@code dockmedic-bcrypt}) with a
 *     short queue; when the queue is full the request is answered at once with {@link Outcome#BUSY}
 *     (429), so wrong passwords never hold the HTTP threads and never starve /healthz or a cached
 *     scrape.</li>
 * </ul>
 */
final class BasicAuth implements AutoCloseable {
    /** Checks waiting for the bcrypt thread; more are refused at once (at cost 10, 8 checks are ~0.5 s). */
    static final int QUEUED_CHECKS = 8;
    /** Refused credentials remembered (a misconfigured scraper repeating one wrong password costs one check). */
    static final int DENIED_CACHED = 64;

    enum Outcome { ALLOWED, DENIED, BUSY }

    /** Our seam to the bcrypt library: whether the password matches the hash; one bcrypt computation per call. */
    @FunctionalInterface
    interface Verifier {
        boolean matches(byte[] password, BCrypt.HashData hash);
    }

    /**
     * The real check. A password beyond bcrypt's length limit is checked truncated (the same work as any
     * other) and never matches.
     */
    static final Verifier BCRYPT = (password, hash) ->
            BCrypt.verifyer(hash.version, LongPasswordStrategies.truncate(hash.version)).verify(password, hash).verified
                    && password.length <= hash.version.allowedMaxPwLength;

    private final Map<String, BCrypt.HashData> users;
    private final BCrypt.HashData dummy;
    private final Verifier verifier;
    private final ExecutorService checks;
    private final SecretKeySpec cacheKey;
    /** User name to the cache key of the password that was accepted for it. */
    private final Map<String, byte[]> allowed = new ConcurrentHashMap<>();
    private final Set<String> denied = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > DENIED_CACHED;
                }
            }));

    /**
     * @param checks runs the bcrypt checks; it must refuse work it cannot take soon (see {@link #checkThread()})
     */
    BasicAuth(Map<String, BCrypt.HashData> users, Verifier verifier, ExecutorService checks) {
        this.users = Map.copyOf(users);
        this.verifier = verifier;
        this.checks = checks;
        int cost = users.values().stream().mapToInt(h -> h.cost).max().orElse(10);
        this.dummy = new BCrypt.HashData(cost, BCrypt.Version.VERSION_2Y, filled(16, 0x5a), filled(23, 0xa5));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** One daemon thread for bcrypt, {@link #QUEUED_CHECKS} waiting; more are rejected. Started on first use. */
    static ExecutorService checkThread() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED_CHECKS), r -> {
            Thread t = new Thread(r, "dockmedic-bcrypt");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Checks the credentials and hands the outcome to {@code done} exactly once: on the calling thread when
     * it is cached or the check queue is full, else on the bcrypt thread after the check.
     */
    void check(String user, String password, Consumer<Outcome> done) {
        BCrypt.HashData hash = users.getOrDefault(user, dummy);
        String key = key(user, hash, password);
        Outcome cached = cached(user, key);
        if (cached != null) {
            done.accept(cached);
            return;
        }
        try {
            checks.execute(() -> done.accept(verify(user, hash, password, key)));
        } catch (RejectedExecutionException e) {
            done.accept(Outcome.BUSY);
        }
    }

    private Outcome cached(String user, String key) {
        byte[] ok = allowed.get(user);
        if (ok != null && MessageDigest.isEqual(ok, key.getBytes(StandardCharsets.US_ASCII))) {
            return Outcome.ALLOWED;
        }
        return denied.contains(key) ? Outcome.DENIED : null;
    }

    /** One bcrypt check, the same for known and unknown users; the outcome is cached. */
    private Outcome verify(String user, BCrypt.HashData hash, String password, String key) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        boolean matches;
        try {
            matches = verifier.matches(pw, hash);
        } catch (RuntimeException e) { // a password the library refuses (e.g. empty) is a wrong one, never a hung request
            matches = false;
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        if (matches && users.containsKey(user)) {
            allowed.put(user, key.getBytes(StandardCharsets.US_ASCII));
            return Outcome.ALLOWED;
        }
        denied.add(key);
        return Outcome.DENIED;
    }

    /** HMAC-SHA256 of user, hash and password under the per-process key: a cache key that does not reveal the password. */
    private String key(String user, BCrypt.HashData hash, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update((byte) hash.cost);
            mac.update(hash.rawSalt);
            mac.update(hash.rawHash);
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
