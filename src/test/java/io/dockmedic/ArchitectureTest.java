package io.dockmedic;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The "Package map" of docs/architecture.md as rules: each package may use only the packages its
 * "talks to" column lists (plus the JDK and third-party libraries), only {@code docker} imports
 * docker-java, and no two packages use each other (directly or around a cycle). A change of the
 * map changes both the table and {@link #TALKS_TO}.
 */
class ArchitectureTest {

    private static final String ROOT = "io.dockmedic";

    /** Row by row, the "talks to" column of the package map ("everything above" spelled out). */
    static final Map<String, List<String>> TALKS_TO = new LinkedHashMap<>();

    static {
        TALKS_TO.put("text", List.of());
        TALKS_TO.put("state", List.of());
        TALKS_TO.put("docker", List.of("text", "state"));
        TALKS_TO.put("watch", List.of("docker", "journal", "state"));
        TALKS_TO.put("compose", List.of("yaml"));
        TALKS_TO.put("stack", List.of("docker", "compose", "yaml"));
        TALKS_TO.put("evidence", List.of("docker", "stack", "text", "state"));
        TALKS_TO.put("rules", List.of("evidence", "yaml", "text", "state"));
        TALKS_TO.put("diagnosis", List.of("rules", "evidence", "text", "state"));
        TALKS_TO.put("metrics", List.of("diagnosis", "rules", "state"));
        TALKS_TO.put("remediation", List.of("docker", "diagnosis", "rules", "metrics", "journal", "config", "yaml", "text", "state"));
        TALKS_TO.put("notify", List.of("diagnosis", "rules", "config", "text", "state"));
        TALKS_TO.put("journal", List.of());
        TALKS_TO.put("doctor", List.of("compose", "yaml", "rules", "text"));
        TALKS_TO.put("config", List.of("yaml"));
        TALKS_TO.put("yaml", List.of());
        List<String> below = List.of("text", "state", "docker", "watch", "compose", "stack", "evidence", "rules",
                "diagnosis", "metrics", "remediation", "notify", "journal", "doctor", "config", "yaml");
        TALKS_TO.put("agent", below);
        TALKS_TO.put("cli", concat(below, "agent"));
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyPackageIsInTheMap() {
        Set<String> found = MAIN.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(TALKS_TO.keySet()), found, "packages under " + ROOT + " vs the package map");
    }

    @Test
    void eachPackageTalksOnlyToWhatItsRowLists() {
        CompositeArchRule rule = null;
        for (Map.Entry<String, List<String>> row : TALKS_TO.entrySet()) {
            String[] allowed = concat(row.getValue(), row.getKey()).stream()
                    .map(p -> ROOT + "." + p + "..").toArray(String[]::new);
            ArchRule r = classes().that().resideInAPackage(ROOT + "." + row.getKey() + "..")
                    .should().onlyDependOnClassesThat(
                            resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(allowed)))
                    .as(row.getKey() + " talks only to " + row.getValue())
                    .allowEmptyShould(true); // everyPackageIsInTheMap checks that each row has classes
            rule = rule == null ? CompositeArchRule.of(r) : rule.and(r);
        }
        rule.check(MAIN);
    }

    @Test
    void onlyDockerImportsDockerJava() {
        noClasses().that(not(resideInAnyPackage(ROOT + ".docker..")))
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(MAIN);
    }

    @Test
    void onlyTheTopLoadsTheConfig() {
        // config is loaded once, by agent and cli; the packages below get the Config record (or its
        // parts) and share value parsers through yaml.Scalars
        noClasses().that(not(resideInAnyPackage(ROOT + ".config..", ROOT + ".agent..", ROOT + ".cli..")))
                .should().dependOnClassesThat().belongToAnyOf(io.dockmedic.config.ConfigLoader.class)
                .check(MAIN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    private static List<String> concat(List<String> list, String one) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(one)).toList();
    }
}
