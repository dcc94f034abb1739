package io.dockmedic.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dockmedic.evidence.Evidence;
import io.dockmedic.state.Health;
import io.dockmedic.state.Trigger;
import io.dockmedic.yaml.ProblemsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The built-in rule library: it loads, covers every category, speaks both languages, every file is
 * listed, and every rule is proven by its shipped test cases (at least 3 matching, 1 near-miss).
 */
class BuiltinRulesTest {
    /** The source directory (tests run from the project root). */
    private static final Path DIR = Path.of("src/main/resources/rules/builtin");
    private static final int MIN_MATCHING = 3;
    private static final int MIN_NEAR_MISS = 1;

    private static RuleSet rules;

    @BeforeAll
    static void load() throws ProblemsException {
        rules = RuleLoader.builtin();
    }

    private static List<String> listed(String indexFile) throws IOException {
        return Files.readAllLines(DIR.resolve(indexFile), StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Set<String> onDisk(boolean testFiles) throws IOException {
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(DIR, "*.{yml,yaml}")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.contains(".test.") == testFiles) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static List<Path> testFiles() throws IOException {
        return listed("tests.txt").stream().map(DIR::resolve).toList();
    }

    @Test
    void loadsAtLeastFortyRules() {
        assertTrue(rules.size() >= 40, "only " + rules.size() + " built-in rules");
    }

    @Test
    void everyCategoryButUnclassifiedIsCovered() {
        Set<Category> missing = EnumSet.allOf(Category.class);
        missing.remove(Category.UNCLASSIFIED);
        for (Rule r : rules.rules()) {
            missing.remove(r.category());
        }
        assertTrue(missing.isEmpty(), "categories without a built-in rule: " + missing);
        assertTrue(rules.rules().stream().noneMatch(r -> r.category() == Category.UNCLASSIFIED),
                "unclassified means no rule matched: no rule may have it");
    }

    @Test
    void everyRuleHasEnglishAndChineseTexts() {
        List<String> missing = new ArrayList<>();
        for (Rule r : rules.rules()) {
            Map<String, Text> texts = Map.of("title", r.title(), "cause", r.cause(), "remedy", r.remedy());
            texts.forEach((k, t) -> {
                if (t == null || t.en() == null || t.en().isBlank()) {
                    missing.add(r.id() + "." + k + ".en");
                }
                if (t == null || t.zh() == null || t.zh().isBlank()) {
                    missing.add(r.id() + "." + k + ".zh");
                }
                if (t != null && t.zh() != null && !t.zh().isBlank() && t.zh().codePoints().noneMatch(
                        c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    missing.add(r.id() + "." + k + ".zh has no Chinese text");
                }
            });
        }
        assertTrue(missing.isEmpty(), "missing texts: " + missing);
    }

    @Test
    void everyRuleFileIsListedInIndex() throws IOException {
        List<String> index = listed("index.txt");
        assertEquals(onDisk(false), new TreeSet<>(index), "index.txt must list exactly the rule files of " + DIR);
        assertEquals(index.size(), new TreeSet<>(index).size(), "index.txt lists a file twice");
        assertEquals(index, RuleLoader.builtinFileNames(), "the index on the classpath is the one in the sources");
    }

    @Test
    void everyTestFileIsListedInTestsTxt() throws IOException {
        List<String> tests = listed("tests.txt");
        assertEquals(onDisk(true), new TreeSet<>(tests), "tests.txt must list exactly the *.test.yml files of " + DIR);
        assertEquals(tests.size(), new TreeSet<>(tests).size(), "tests.txt lists a file twice");
    }

    @Test
    void allShippedTestCasesPass() throws Exception {
        List<RuleTestRunner.Result> results = RuleTestRunner.runAll(rules, testFiles());
        List<String> failed = results.stream().filter(r -> !r.passed()).map(RuleTestRunner.Result::toString).toList();
        if (!failed.isEmpty()) {
            fail(failed.size() + " of " + results.size() + " rule test cases failed:\n" + String.join("\n", failed));
        }
        assertTrue(results.size() >= 3 * rules.size(), "only " + results.size() + " test cases");
    }

    /** Per rule id: how many cases expect it on top or among the matches, and how many say it must not match. */
    @Test
    void everyRuleHasThreeMatchingCasesAndANearMiss() throws IOException {
        Map<String, int[]> count = new TreeMap<>();
        for (Rule r : rules.rules()) {
            count.put(r.id(), new int[2]);
        }
        Yaml yaml = new Yaml();
        for (Path f : testFiles()) {
            Map<String, Object> doc = yaml.load(Files.readString(f, StandardCharsets.UTF_8));
            for (Object o : (List<?>) doc.get("tests")) {
                Map<?, ?> c = (Map<?, ?>) o;
                Set<String> positive = new TreeSet<>();
                positive.add(String.valueOf(c.get("expect")));
                positive.addAll(ids(c.get("also")));
                for (String id : positive) {
                    if (count.containsKey(id)) {
                        count.get(id)[0]++;
                    }
                }
                for (String id : ids(c.get("not"))) {
                    if (count.containsKey(id)) {
                        count.get(id)[1]++;
                    }
                }
            }
        }
        List<String> weak = new ArrayList<>();
        count.forEach((id, n) -> {
            if (n[0] < MIN_MATCHING || n[1] < MIN_NEAR_MISS) {
                weak.add(id + " (matching " + n[0] + ", near-miss " + n[1] + ")");
            }
        });
        assertTrue(weak.isEmpty(), "rules needing at least " + MIN_MATCHING + " matching cases and "
                + MIN_NEAR_MISS + " near-miss (not: [id]): " + weak);
    }

    private static List<String> ids(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    // ---------------------------------------------------------------- the rules other code relies on

    private static Rule rule(String id) {
        return rules.rule(id).orElseThrow(() -> new AssertionError("required built-in rule missing: " + id));
    }

    @Test
    void requiredRulesExistWithTheirCategories() {
        Map<String, Category> required = Map.of(
                "postgres-auth-failed", Category.DB_AUTH,
                "redis-connection-failed", Category.CACHE_UNREACHABLE,
                "dashscope-api-key-missing", Category.API_KEY,
                "build-snapshot-corrupt", Category.BUILD_CACHE,
                "build-git-not-found", Category.BUILD_TOOLING,
                "registry-mirror-forbidden", Category.REGISTRY,
                "registry-rate-limited", Category.REGISTRY,
                "oom-killed", Category.OOM,
                "port-in-use", Category.PORT_IN_USE,
                "disk-full", Category.DISK_FULL);
        required.forEach((id, cat) -> assertEquals(cat, rule(id).category(), id));
        assertEquals(Severity.CRITICAL, rule("postgres-auth-failed").severity());
        assertEquals(Severity.CRITICAL, rule("dashscope-api-key-missing").severity());
    }

    @Test
    void postgresAuthRemedyNamesBothTroubleshootingCauses() {
        Rule r = rule("postgres-auth-failed");
        String en = r.cause().en() + " " + r.remedy().en();
        for (String s : List.of("POSTGRES_PASSWORD", "DATABASE_URL", ".env.prod", "docker compose down -v", "deletes all data")) {
            assertTrue(en.contains(s), "English text should mention " + s);
        }
        String zh = r.cause().zh() + " " + r.remedy().zh();
        for (String s : List.of("POSTGRES_PASSWORD 与 DATABASE_URL 密码不一致", "确保 .env.prod 中两者密码相同",
                "数据卷首次创建时的密码与当前 .env.prod 不同", "使用相同密码，或 `docker compose down -v` 后重建")) {
            assertTrue(zh.contains(s), "Chinese text should use the troubleshooting page's wording: " + s);
        }
    }

    @Test
    void redisAndDashscopeUseThePageWording() {
        Rule redis = rule("redis-connection-failed");
        assertTrue(redis.remedy().en().contains("redis://redis:6379/0"));
        String redisZh = redis.cause().zh() + redis.remedy().zh();
        assertTrue(redisZh.contains("REDIS_URL 配置错误"), redisZh);
        assertTrue(redisZh.contains("生产环境使用 `redis://redis:6379/0`（服务名 redis）"), redisZh);
        Rule ds = rule("dashscope-api-key-missing");
        String dsZh = ds.title().zh() + ds.cause().zh() + ds.remedy().zh();
        for (String s : List.of("DASHSCOPE_API_KEY 未配置", "Key 未填写或未传入容器", "在 .env.prod 中正确配置")) {
            assertTrue(dsZh.contains(s), "Chinese text should use the troubleshooting page's wording: " + s);
        }
    }

    @Test
    void buildRowsUseTheTroubleshootingCommands() {
        assertTrue(rule("build-snapshot-corrupt").remedy().en().contains("docker builder prune -af"));
        assertTrue(rule("build-snapshot-corrupt").cause().zh().contains("Docker 构建缓存损坏，层引用失效"));
        assertTrue(rule("build-git-not-found").cause().zh().contains("BuildKit 尝试采集 git 信息，主机未安装 git 或未加入 PATH"));
        assertTrue(rule("build-git-not-found").remedy().en().contains("DOCKER_BUILDKIT=0"));
        assertTrue(rule("registry-mirror-forbidden").remedy().en().contains("registry-mirrors"));
    }

    @Test
    void oomKilledFlagAloneIsEnough() {
        Evidence ev = Evidence.builder().containerName("app").containerId("c0ffee").project("stack").service("app")
                .image("app:latest").trigger(Trigger.OOM).exitCode(137).oomKilled(true).restartCount(1)
                .healthStatus(Health.UNHEALTHY).build();
        List<RuleMatch> m = rules.classify(ev);
        assertEquals("oom-killed", m.get(0).rule().id());
        assertTrue(m.get(0).evidence().stream().anyMatch(s -> s.contains("OOMKilled=true")), m.get(0).evidence().toString());
    }

    @Test
    void troubleshootingRowsAreDiagnosedFromTheirLogLines() {
        Map<String, String> table = Map.of(
                "failed to solve: python:3.11-slim: failed to resolve source metadata for docker.io/library/python:3.11-slim: "
                        + "unexpected status from HEAD request to https://4md1ddyr.mirror.aliyuncs.com/v2/library/python/manifests/3.11-slim?ns=docker.io: 403 Forbidden",
                "registry-mirror-forbidden",
                "failed to prepare extraction snapshot \"extract-1 sha256:ab\": parent snapshot sha256:cd does not exist: not found",
                "build-snapshot-corrupt",
                "WARNING: current commit information was not captured by the build: git was not found in the system: "
                        + "exec: \"git.exe\": executable file not found in %PATH%",
                "build-git-not-found",
                "psycopg2.OperationalError: connection to server at \"postgres\" (172.18.0.2), port 5432 failed: "
                        + "FATAL:  password authentication failed for user \"ai_assistant\"",
                "postgres-auth-failed",
                "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.",
                "redis-connection-failed",
                "ValueError: DASHSCOPE_API_KEY is not set",
                "dashscope-api-key-missing");
        List<String> wrong = new ArrayList<>();
        table.forEach((line, id) -> {
            List<RuleMatch> m = rules.classify(Evidence.ofLog("troubleshooting-table", List.of(line)));
            String top = m.isEmpty() ? "none" : m.get(0).rule().id();
            if (!top.equals(id)) {
                wrong.add(id + " expected, got " + top + " for: " + line);
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
