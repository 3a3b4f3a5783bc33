package org.lighttpdctl.server.config;

import java.util.Objects;

/** A string value, unescaped (lighttpd's only escape is {@code \"}). */
public record ConfigString(String value) implements ConfigValue {
    public ConfigString {
        Objects.requireNonNull(value);
    }
}
