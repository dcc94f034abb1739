package io.dockmedic.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.docker.ContainerInfo;
import io.dockmedic.stack.Stack;
import io.dockmedic.state.Health;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackProbeTest {

    static ContainerInfo svc(String service, Map<String, String> env, Health health, String dependsOn) {
        Map<String, String> labels = new HashMap<>(Map.of("com.docker.compose.project", "ai_assistant",
                "com.docker.compose.service", service));
        if (dependsOn != null) {
            labels.put("com.docker.compose.depends_on", dependsOn);
        }
        return new ContainerInfo("id-" + service, "ai_assistant_" + service + "_prod", "img", labels, env, true, false,
                "running", health, List.of(), null, false, 0, Instant.now(), null);
    }

    static Stack stack(String appDbUrl, String pgPassword, String redisUrl, Map<String, String> extraAppEnv) {
        Map<String, String> appEnv = new HashMap<>(extraAppEnv);
        appEnv.put("DATABASE_URL", appDbUrl);
        appEnv.put("REDIS_URL", redisUrl);
        return new Stack("ai_assistant", List.of(
                svc("postgres", Map.of("POSTGRES_PASSWORD", pgPassword, "POSTGRES_USER", "app"), Health.HEALTHY, null),
                svc("redis", Map.of(), Health.HEALTHY, null),
                svc("app", appEnv, Health.UNHEALTHY, "postgres:service_healthy:false,redis:service_started:false"),
                svc("prometheus", Map.of(), Health.UNHEALTHY, "app:service_healthy:false")));
    }

    private static Set<String> factsOfApp(Stack s) {
        return StackProbe.facts(s.service("app").orElseThrow(), s);
    }

    @Test
    void passwordMismatchAndMatchAreFactsWithoutValues() {
        Set<String> differs = factsOfApp(stack("postgresql://app:NewPass456@postgres:5432/app", "MyDbPass123",
                "redis://redis:6379/0", Map.of("DASHSCOPE_API_KEY", "sk-x")));
        assertTrue(differs.contains(Facts.POSTGRES_PASSWORD_DIFFERS), differs.toString());
        Set<String> same = factsOfApp(stack("postgresql://app:My%44bPass123@postgres:5432/app", "MyDbPass123",
                "redis://redis:6379/0", Map.of("DASHSCOPE_API_KEY", "sk-x")));
        assertTrue(same.contains(Facts.POSTGRES_PASSWORD_SAME), "URL-decoded before comparing: " + same);
        assertFalse(same.toString().contains("MyDbPass123"));
    }

    @Test
    void redisUrlMustNameAServiceOfTheProject() {
        assertTrue(factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://localhost:6379/0", Map.of()))
                .contains(Facts.REDIS_URL_LOCALHOST));
        assertTrue(factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://127.0.0.1:6379/0", Map.of()))
                .contains(Facts.REDIS_URL_LOCALHOST));
        assertTrue(factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://cache:6379/0", Map.of()))
                .contains(Facts.REDIS_URL_UNKNOWN_HOST));
        Set<String> ok = factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://:pw@redis:6379/0", Map.of()));
        assertFalse(ok.contains(Facts.REDIS_URL_LOCALHOST) || ok.contains(Facts.REDIS_URL_UNKNOWN_HOST), ok.toString());
    }

    @Test
    void dashscopeKeyEmptyOrAbsent() {
        assertTrue(factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://redis/0", Map.of("DASHSCOPE_API_KEY", "")))
                .contains(Facts.DASHSCOPE_KEY_EMPTY));
        assertTrue(factsOfApp(stack("postgresql://a:b@postgres/x", "b", "redis://redis/0", Map.of()))
                .contains(Facts.DASHSCOPE_KEY_ABSENT));
    }

    @Test
    void dependenciesFromComposeLabels() {
        Stack s = stack("postgresql://a:b@postgres/x", "b", "redis://redis/0", Map.of());
        assertEquals(Set.of("postgres", "redis"), s.dependenciesOf(s.service("app").orElseThrow()));
        Set<String> promFacts = StackProbe.facts(s.service("prometheus").orElseThrow(), s);
        assertTrue(promFacts.contains(Facts.DEPENDENCY_UNHEALTHY), promFacts.toString());
    }
}
