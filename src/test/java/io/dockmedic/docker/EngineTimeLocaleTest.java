package io.dockmedic.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The engine's since/until times are ASCII whatever the default locale: under ar-EG,
 * {@code String.format("%09d")} prints Arabic-Indic digits, and the engine would reject the query.
 */
class EngineTimeLocaleTest {

    @Test
    void engineTimesUseAsciiDigitsUnderAnyLocale() {
        Locale before = Locale.getDefault();
        try {
            for (String tag : new String[] {"ar-EG", "fa-IR", "hi-IN-u-nu-deva", "de-DE"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertEquals("1700000000.000000005", EngineEventStream.engineTime(1_700_000_000_000_000_005L), tag);
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
