package io.dockmedic.rules;

/** A bilingual text: English and Chinese. */
public record Text(String en, String zh) {
    public String get(Lang lang) {
        return lang == Lang.ZH && zh != null && !zh.isBlank() ? zh : en;
    }
}
