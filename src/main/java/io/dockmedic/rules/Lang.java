package io.dockmedic.rules;

import java.util.Locale;

/** Language of titles, causes and remedies. */
public enum Lang {
    EN, ZH;

    /** From an explicit choice ("en", "zh", "zh_CN.UTF-8"), else the default locale, else English. */
    public static Lang pick(String explicit) {
        String tag = explicit;
        if (tag == null || tag.isBlank()) {
            tag = Locale.getDefault().getLanguage();
        }
        return tag.toLowerCase(Locale.ROOT).startsWith("zh") ? ZH : EN;
    }
}
