package io.dockmedic.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The enums' spellings are what users, dashboards and rule files see: pinned here, the health
 * statuses against the contract's {@code status=healthy/unhealthy/starting/none} label of
 * {@code dockmedic_container_health_status} (and README's metric table, which repeats it), the
 * triggers against the values rule files, reports, the log line and the journal have always used.
 */
class WireSpellingTest {

    @Test
    void healthIsSpelledAsTheContractsHealthStatusLabel() throws IOException {
        List<String> wire = Arrays.stream(Health.values()).map(Health::wire).toList();
        assertEquals(List.of("healthy", "unhealthy", "starting", "none"), wire, "the contract's status label values");
        Matcher m = Pattern.compile("`dockmedic_container_health_status` \\|[^|]*\\|[^|]*status=([a-z/]+)")
                .matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README's metric table lists the health status label values");
        assertEquals(List.of(m.group(1).split("/")), wire);
    }

    @Test
    void healthParsesTheEnginesTextAndNothingElse() {
        assertEquals(Optional.of(Health.UNHEALTHY), Health.parse(" unhealthy"));
        assertEquals(Optional.empty(), Health.parse("Unhealthy"));
        assertEquals(Optional.empty(), Health.parse(null));
        assertEquals(Health.NONE, Health.of(""));
        assertEquals(Health.STARTING, Health.of("starting"));
    }

    @Test
    void triggersKeepTheirSpellings() {
        assertEquals(List.of("unhealthy", "die", "oom", "oom-no-die", "reconcile", "refresh", "manual", "log"),
                Arrays.stream(Trigger.values()).map(Trigger::wire).toList());
        assertEquals("unhealthy", Trigger.UNHEALTHY.toString(), "log lines print the spelling");
    }

    @Test
    void ruleFilesNameEveryTriggerButRefresh() {
        assertEquals(List.of("unhealthy", "die", "oom", "oom-no-die", "reconcile", "manual", "log"),
                Trigger.inRules().stream().map(Trigger::wire).toList());
        assertEquals(Optional.of(Trigger.DIE), Trigger.parseRuleSpelling("die"));
        assertEquals(Optional.empty(), Trigger.parseRuleSpelling("refresh"));
        assertEquals(Optional.empty(), Trigger.parseRuleSpelling("DIE"));
        assertEquals(Optional.empty(), Trigger.parseRuleSpelling(null));
        assertEquals(Trigger.OOM, Trigger.exit(true));
        assertEquals(Trigger.DIE, Trigger.exit(false));
    }
}
