package org.lighttpdctl.server.config;

/** A string value, unescaped (lighttpd's only escape is {@code \"}). */
public record ConfigString(String value) implements ConfigValue {
    public ConfigString {
        java.util.Objects.requireNonNull(value);
    }
}
