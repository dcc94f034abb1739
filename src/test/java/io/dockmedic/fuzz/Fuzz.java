package io.dockmedic.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs and guards for the property tests that fuzz the parsers of outside input (config, web
 * config, rule files, compose files, env files, control requests, log bytes).
 *
 * <p>Inputs are either random text or structure-aware mutations of the real fixtures in
 * {@code src/test/resources}: a fixture plus up to 8 edits (delete, duplicate or move a span, insert a
 * token that means something to YAML, JSON, env files or terminals, cut the text short, swap two
 * lines). Edits are values, so jqwik shrinks a failing input to few, small edits.
 *
 * <p>How many inputs: {@code jqwik.tries.default} (junit-platform.properties keeps {@code mvn test}
 * short; {@code scripts/fuzz.sh} passes a large number).
 */
public final class Fuzz {
    /** Per input: far above any real parse (milliseconds), far below "hangs". */
    public static final Duration PER_INPUT = Duration.ofSeconds(10);

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "fuzz-runner", 16L * 1024 * 1024);
        t.setDaemon(true);
        return t;
    });

    /** Tokens with a meaning to one of the parsers (YAML, JSON, env files, interpolation, terminals). */
    private static final List<String> TOKENS = List.of(
            "\n", "\r\n", "\r", "  ", "\t", ": ", ":", "- ", "-", "---\n", "...\n", "#", " #", "? ", "|\n", ">-\n",
            "[", "]", "{", "}", ",", "[]", "{}", "\"", "'", "\\", "\\\"", "&a ", "*a", "&a [*a, *a]", "<<: *a\n",
            "!!binary ", "!!python/object ", "!!map ", "!!set ", "!!int ", "!!float ", "!!str ", "%YAML 1.1\n", "%TAG ! x\n",
            "null", "~", "true", "no", "on", "0", "-1", "0x7fffffff", "99999999999999999999999", "1e400", "-0", ".inf", ".nan",
            "1s", "0s", "-5s", "999999999999h", "1.5m", "10ms", "P1D",
            "${", "}", "$", "$$", "${X}", "${X:-d}", "${X:?err}", "${X-${Y-${Z}}}", "$X", "export ", "=",
            "\u0000", "\u0007", "\u001b[31m", "\u001b]0;title\u0007", "\u001b", "\u007f", "\uFEFF", "\u00e9", "\u4e2d", "\uD83D\uDE00",
            "\uD800", "\u2028", "(?:", "(", ")", "*", "+", "(?=x)", "\\1", "[^", "a{1000}", "(a+)+$", ".*.*.*",
            "\"command\":", "\"rearm\"", "\"pause\"", "\"for\":", "\"service\":");

    private Fuzz() {
    }

    /** One edit: which operation, where (0..1 of the text), how long (0..1 of what is left), what to insert. */
    public record Edit(int op, double at, double length, String token) {
        String apply(String s) {
            int pos = (int) Math.floor(at * s.length());
            int len = (int) Math.floor(length * (s.length() - pos) * 0.25);
            return switch (op) {
                case 0 -> s.substring(0, pos) + token + s.substring(pos);                 // insert a token
                case 1 -> s.substring(0, pos) + s.substring(pos + len);                   // delete a span
                case 2 -> s.substring(0, pos + len) + s.substring(pos, pos + len) + s.substring(pos + len); // duplicate it
                case 3 -> s.substring(0, pos);                                            // cut short
                case 4 -> swapLines(s, at, length);
                default -> s.substring(0, pos) + token + s.substring(Math.min(s.length(), pos + Math.max(1, len))); // replace
            };
        }

        private static String swapLines(String s, double a, double b) {
            List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
            int i = (int) Math.floor(a * lines.size());
            int j = (int) Math.floor(b * lines.size());
            if (i < lines.size() && j < lines.size()) {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
            return String.join("\n", lines);
        }
    }

    static Arbitrary<Edit> edits() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(TOKENS),
                Arbitraries.strings().all().ofMaxLength(12));
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), token).as(Edit::new);
    }

    /** Random text, or one of the fixtures with up to 8 edits (most inputs). */
    public static Arbitrary<String> textLike(List<String> fixtures) {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(fixtures), edits().list().ofMaxSize(8))
                .as((seed, edits) -> {
                    String s = seed;
                    for (Edit e : edits) {
                        s = e.apply(s);
                    }
                    return s;
                });
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(40).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, mutated),
                net.jqwik.api.Tuple.of(2, random),
                net.jqwik.api.Tuple.of(2, tokens));
    }

    /** The text of every fixture file under {@code src/test/resources/DIR} whose name matches. */
    public static List<String> fixtures(String dir, java.util.function.Predicate<String> name) {
        Path root = Path.of("src/test/resources", dir);
        try (Stream<Path> files = Files.walk(root)) {
            List<String> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).filter(p -> name.test(p.getFileName().toString())).sorted().toList()) {
                out.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no fixtures under " + root);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code work} on a fresh runner thread and waits at most {@link #PER_INPUT}; a hang or a
     * loop fails the property with the input's description, anything thrown is rethrown as is.
     */
    public static <T> T bounded(String input, Callable<T> work) throws Exception {
        Future<T> f = RUNNER.submit(work);
        try {
            return f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("did not end within " + PER_INPUT + " (a hang or a loop) on input: " + quote(input));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The input, escaped so that a failure message shows control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        String cut = s.length() > 2000 ? s.substring(0, 2000) : s;
        for (char c : cut.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 2000 ? "\"…(" + s.length() + " chars)" : "\"").toString();
    }
}
