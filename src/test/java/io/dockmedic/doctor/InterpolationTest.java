package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose's interpolation rules, case by case (SET=value, EMPTY=""; UNSET is not set). */
class InterpolationTest {
    private static final Map<String, String> VARS = new HashMap<>(Map.of("SET", "value", "EMPTY", "", "NAME", "redis"));

    private static String resolve(String text, List<Interpolation.Ref> refs) throws Interpolation.InvalidException {
        return Interpolation.resolve(text, VARS::get, refs::add);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "plain text               | plain text",
        "$SET                     | value",
        "${SET}                   | value",
        "x${SET}y$SET.z           | xvaluey" + "value.z",
        "$$SET                    | $SET",
        "$${SET}                  | ${SET}",
        "cost: 5$                 | cost: 5$",
        "$1 and $ alone           | $1 and $ alone",
        "${UNSET}                 | ''",
        "${UNSET:-d}              | d",
        "${EMPTY:-d}              | d",
        "${EMPTY-d}               | ''",
        "${UNSET-d}               | d",
        "${SET:-d}                | value",
        "${UNSET:-${NAME}:6379}   | redis:6379",
        "${UNSET:-$${x}}          | ${x}",
        "${SET:+alt}              | alt",
        "${UNSET:+alt}            | ''",
        "${EMPTY+alt}             | alt",
        "${SET:?must be set}      | value",
        "redis://${NAME}:6379/0   | redis://redis:6379/0",
    })
    void substitutes(String text, String expected) throws Exception {
        assertEquals(expected.equals("''") ? "" : expected, resolve(text.strip(), new ArrayList<>()));
    }

    @Test
    void reportsWhatIsMissingAndHow() throws Exception {
        List<Interpolation.Ref> refs = new ArrayList<>();
        resolve("${UNSET} ${EMPTY} ${UNSET:-x} ${EMPTY:?need it} ${EMPTY?set is enough} ${UNSET?e} $UNSET2", refs);
        assertEquals(List.of(
                new Interpolation.Ref("UNSET", Interpolation.Kind.PLAIN, "", true),
                new Interpolation.Ref("EMPTY", Interpolation.Kind.PLAIN, "", false),
                new Interpolation.Ref("UNSET", Interpolation.Kind.DEFAULTED, "", false),
                new Interpolation.Ref("EMPTY", Interpolation.Kind.REQUIRED_NON_EMPTY, "need it", true),
                new Interpolation.Ref("EMPTY", Interpolation.Kind.REQUIRED_SET, "set is enough", false),
                new Interpolation.Ref("UNSET", Interpolation.Kind.REQUIRED_SET, "e", true),
                new Interpolation.Ref("UNSET2", Interpolation.Kind.PLAIN, "", true)), refs);
    }

    @Test
    void aDefaultIsOnlyEvaluatedWhenUsed() throws Exception {
        List<Interpolation.Ref> refs = new ArrayList<>();
        resolve("${SET:-${NOT_LOOKED_AT}}", refs);
        assertEquals(1, refs.size());
        assertEquals("SET", refs.get(0).name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"${SET", "${}", "${9X}", "${SET:x}", "${SET x}", "image: ${TAG:-${A}"})
    void rejectsMalformedReferences(String text) {
        assertThrows(Interpolation.InvalidException.class, () -> resolve(text, new ArrayList<>()));
    }
}
