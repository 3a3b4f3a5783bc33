package org.lighttpdctl.os;

import java.util.ArrayList;
import java.util.List;

/**
 * The few text tests every run makes (names of the state tree's entries, /proc fields, numbers), by loops instead
 * of String.matches and String.split with a regex: each such call compiled a Pattern, on every entry of the state
 * tree that TrustedPath walks. Each method says which regex it stands for; TextTest checks them against it.
 */
public final class Text {
    private Text() {
    }

    /** As {@code text.matches("-?[0-9]{min,max}")} when {@code sign}, else {@code "[0-9]{min,max}"}. */
    public static boolean isDigits(String text, int min, int max, boolean sign) {
        int from = sign && text.startsWith("-") ? 1 : 0;
        return digitsBetween(text, from, text.length(), min, max);
    }

    /** As {@code name.matches("[0-9]{1,18}" + quoted suffix)}: a generation's numbered entry, e.g. "12.d". */
    public static boolean isNumbered(String name, String suffix) {
        return name.endsWith(suffix) && digitsBetween(name, 0, name.length() - suffix.length(), 1, 18);
    }

    private static boolean digitsBetween(String text, int from, int to, int min, int max) {
        int length = to - from;
        if (length < min || length > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** As {@code text.split("\\s+")}, with \s the regex's [ \t\n\x0B\f\r]. */
    public static String[] splitWhitespace(String text) {
        List<String> parts = new ArrayList<>();
        int index = 0;
        boolean matched = false;
        int i = 0;
        while (i < text.length()) {
            if (!isSpace(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && isSpace(text.charAt(end))) {
                end++;
            }
            parts.add(text.substring(index, i));
            matched = true;
            index = end;
            i = end;
        }
        if (!matched) {
            return new String[] {text};
        }
        parts.add(text.substring(index));
        int size = parts.size();
        while (size > 0 && parts.get(size - 1).isEmpty()) {
            size--;
        }
        return parts.subList(0, size).toArray(new String[0]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
