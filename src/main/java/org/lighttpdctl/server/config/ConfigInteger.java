package org.lighttpdctl.server.config;

/** An integer value. */
public record ConfigInteger(long value) implements ConfigValue {
}
