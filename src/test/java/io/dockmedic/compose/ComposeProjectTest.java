package io.dockmedic.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeProjectTest {

    private static ComposeFile parse(String name, String text) {
        ComposeFile f = ComposeFile.parse(name, text);
        assertTrue(f.problems().isEmpty(), f.problems().toString());
        return f;
    }

    private static final String BASE = """
            services:
              postgres:
                image: postgres:16
              redis:
                image: redis:7
              app:
                build: .
                depends_on: [postgres, redis]
                restart: unless-stopped
              prometheus:
                image: prom/prometheus
                depends_on:
                  app:
                    condition: service_healthy
              vpn:
                image: wireguard
              client:
                image: busybox
                network_mode: "service:vpn"
              migrate:
                image: app
                restart: "no"
              debug:
                image: busybox
                profiles: [debug]
              worker:
                image: app
                deploy:
                  replicas: 0
              legacy:
                image: app
                scale: 0
              templated:
                image: app
                deploy:
                  replicas: ${N:-1}
            """;

    @Test
    void shortAndLongDependsOnAndNetworkModeServiceAreDependencies() {
        ComposeProject p = ComposeProject.merge(List.of(parse("base.yml", BASE)));
        assertEquals(Set.of("postgres", "redis"), p.dependencies("app"));
        assertEquals(Set.of("app"), p.dependencies("prometheus"));
        assertEquals(Set.of("vpn"), p.dependencies("client"));
        assertEquals(Set.of(), p.dependencies("postgres"));
        assertEquals(Set.of(), p.dependencies("no-such-service"));
    }

    @Test
    void profilesAndScaleZeroDecideWhatIsExpected() {
        ComposeProject p = ComposeProject.merge(List.of(parse("base.yml", BASE)));
        assertEquals(List.of("postgres", "redis", "app", "prometheus", "vpn", "client", "migrate", "templated"),
                List.copyOf(p.expected(List.of()).keySet()));
        assertTrue(p.expected(List.of("debug")).containsKey("debug"));
        assertEquals(0, p.services().get("worker").replicas());
        assertEquals(0, p.services().get("legacy").replicas());
        assertNull(p.services().get("templated").replicas(), "an interpolated count is unknown: expected");
        assertEquals("no", p.services().get("migrate").restart());
    }

    @Test
    void laterFilesOverrideEarlierOnesServiceByService() {
        ComposeFile override = parse("override.yml", """
                services:
                  app:
                    depends_on:
                      worker:
                        condition: service_started
                    restart: always
                    container_name: app_prod
                  worker:
                    deploy:
                      replicas: 2
                  debug:
                    profiles: []
                  extra:
                    image: busybox
                """);
        ComposeProject p = ComposeProject.merge(List.of(parse("base.yml", BASE), override));
        assertEquals(List.of("base.yml", "override.yml"), p.files());
        assertEquals(Set.of("postgres", "redis", "worker"), p.dependencies("app"), "depends_on is merged by service");
        assertEquals("always", p.services().get("app").restart());
        assertEquals("app_prod", p.services().get("app").containerName());
        assertTrue(p.services().get("app").names().contains("app_prod"));
        assertEquals("app", p.services().get("worker").image(), "what the override does not say stays");
        Set<String> expected = p.expected(List.of()).keySet();
        assertTrue(expected.containsAll(Set.of("worker", "debug", "extra")), expected.toString());
    }
}
