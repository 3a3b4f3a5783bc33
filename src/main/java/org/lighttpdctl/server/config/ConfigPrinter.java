package org.lighttpdctl.server.config;

import java.util.Map;
import java.util.Set;

/**
 * Renders values and whole configurations in lighttpd's source syntax, so that a generated configuration can say
 * {@code fastcgi.server := <value>}. Strings are escaped as lighttpd's tokenizer reads them: {@code "} becomes
 * {@code \"}, nothing else is escaped (lighttpd has no other escape; a string ending in a backslash cannot be
 * written, in lighttpd's own printer either, so {@link #quote(String)} refuses it).
 */
public final class ConfigPrinter {
    /** Variables lighttpd defines itself at every start; assigning them is an error ("Duplicate config variable"). */
    public static final Set<String> BUILT_IN = Set.of("var.CWD", "var.PID");

    private ConfigPrinter() {
    }

    /** A value on one line, e.g. {@code ( ".php" => ( ( "socket" => "/run/a.sock", "max-procs" => 1 ) ) )}. */
    public static String print(ConfigValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** {@code key = value} (op "=") or {@code key := value} (op ":="), one line. */
    public static String assignment(String key, String op, ConfigValue value) {
        return key + " " + op + " " + print(value);
    }

    /**
     * A whole configuration as lighttpd source: global assignments (except the {@link #BUILT_IN} variables), then the condition blocks with their
     * else-chains. {@code lighttpd -p} on the result prints the same as on the configuration it was read from.
     */
    public static String print(LighttpdConfig config) {
        StringBuilder out = new StringBuilder();
        appendBody(out, config.root(), "");
        return out.toString();
    }

    /** A string literal: {@code "} escaped as {@code \"}. */
    public static String quote(String s) {
        if (s.endsWith("\\")) {
            throw new IllegalArgumentException("lighttpd cannot read a string ending in a backslash: " + s);
        }
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static void append(StringBuilder out, ConfigValue value) {
        if (value instanceof ConfigString s) {
            out.append(quote(s.value()));
        } else if (value instanceof ConfigInteger i) {
            out.append(i.value());
        } else {
            appendArray(out, (ConfigArray) value);
        }
    }

    private static void appendArray(StringBuilder out, ConfigArray array) {
        out.append("(");
        String separator = " ";
        for (ConfigArray.Entry e : array.entries()) {
            out.append(separator);
            if (e.key() != null) {
                out.append(quote(e.key())).append(" => ");
            }
            append(out, e.value());
            separator = ", ";
        }
        out.append(array.entries().isEmpty() ? ")" : " )");
    }

    private static void appendBody(StringBuilder out, ConfigBlock block, String indent) {
        for (Map.Entry<String, ConfigValue> a : block.assignments().entrySet()) {
            if (block.kind() == ConfigBlock.Kind.GLOBAL && BUILT_IN.contains(a.getKey())) {
                continue;
            }
            out.append(indent).append(assignment(a.getKey(), "=", a.getValue())).append('\n');
        }
        for (ConfigBlock child : block.children()) {
            out.append(indent);
            switch (child.kind()) {
                case ELSE_IF -> out.append("else ");
                case ELSE -> out.append("else");
                default -> { }
            }
            child.condition().ifPresent(c -> out.append(c));
            out.append(" {\n");
            appendBody(out, child, indent + "    ");
            out.append(indent).append("}\n");
        }
    }
}
