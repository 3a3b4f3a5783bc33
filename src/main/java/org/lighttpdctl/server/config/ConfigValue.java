package org.lighttpdctl.server.config;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A value of lighttpd's configuration language as {@code lighttpd -p} prints it: a string, an integer, or an array
 * (a list, a key => value map, or both, nested). lighttpd has no boolean type: "enable"/"disable" are strings, see
 * {@link #isEnabled()}. {@link ConfigPrinter#print(ConfigValue)} renders a value back in lighttpd's syntax.
 */
public sealed interface ConfigValue permits ConfigString, ConfigInteger, ConfigArray {

    /**
     * lighttpd's own truth test for a boolean option (config_plugin_value_to_bool in src/configfile-glue.c): the
     * strings "enable", "enabled", "true" and "1" (any case), or a non-zero integer.
     */
    default boolean isEnabled() {
        if (this instanceof ConfigInteger i) {
            return i.value() != 0;
        }
        if (this instanceof ConfigString s) {
            String v = s.value();
            return v.equalsIgnoreCase("enable") || v.equalsIgnoreCase("enabled") || v.equalsIgnoreCase("true")
                    || v.equals("1");
        }
        return false;
    }

    /** This value as a string, if it is one. */
    default Optional<String> asString() {
        return this instanceof ConfigString s ? Optional.of(s.value()) : Optional.empty();
    }

    /** This value as an integer, if it is one. */
    default OptionalLong asInteger() {
        return this instanceof ConfigInteger i ? OptionalLong.of(i.value()) : OptionalLong.empty();
    }

    /** This value as an array, if it is one. */
    default Optional<ConfigArray> asArray() {
        return this instanceof ConfigArray a ? Optional.of(a) : Optional.empty();
    }
}
