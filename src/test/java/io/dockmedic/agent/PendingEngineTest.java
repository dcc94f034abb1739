package io.dockmedic.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dockmedic.docker.EngineConfigException;
import io.dockmedic.watch.FakeEngine;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The engine client built while the agent starts: calls wait for it, a build that failed fails every call. */
class PendingEngineTest {

    @Test
    void callsWaitForTheClientAndGoToIt() throws Exception {
        FakeEngine real = new FakeEngine();
        CountDownLatch built = new CountDownLatch(1);
        PendingEngine pending = new PendingEngine(() -> {
            try {
                built.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real;
        });
        built.countDown();
        assertEquals("fake", pending.ping());
        assertSame(real, pending.await());
    }

    @Test
    void aClientThatCannotBeBuiltFailsTheStartAndEveryCall() {
        EngineConfigException bad = new EngineConfigException("docker.tls.key: /etc/dockmedic/key.pem is not a PEM key");
        PendingEngine pending = new PendingEngine(() -> {
            throw bad;
        });
        assertSame(bad, assertThrows(EngineConfigException.class, pending::await));
        assertSame(bad, assertThrows(EngineConfigException.class, pending::ping));
        pending.close(); // nothing to close
    }
}
