package org.lighttpdctl.server;

/**
 * The text of the tool's own records (generation records, the serving configuration): lines that
 * {@link java.util.Properties#load(java.io.Reader)} reads back to exactly the values written. Written by hand, not by
 * {@link java.util.Properties#store}: that one dates the file with {@code new Date()}, whose first use loads the
 * time-zone database, about 12 ms of every call that writes a record (README, "Cost"). Every character outside a
 * small safe set is written as a {@code \\uXXXX} escape, so that no value (a path may hold a newline, '=', '#' or a
 * backslash) can end its line or start another key.
 */
final class RecordText {
    private RecordText() {
    }

    static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '.' || c == '_' || c == '-' || c == '+';
            if (safe) {
                text.append(c);
            } else {
                text.append("\\u").append(Integer.toHexString(c | 0x10000), 1, 5); // four hex digits
            }
        }
        text.append('\n');
    }
}
