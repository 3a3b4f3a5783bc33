package org.lighttpdctl.server.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One backend host of a gateway module ({@code fastcgi.server}, {@code scgi.server}, {@code proxy.server},
 * {@code sockproxy.server}, {@code ajp13.server}):
 * {@code module = ( extension => ( name => ( options ) ) )}.
 *
 * @param module     the option it is configured in, e.g. "fastcgi.server"
 * @param extension  the extension or prefix key, e.g. ".php" or "/app/"
 * @param name       the host's name key, if it has one ("php-local"), else empty
 * @param options    its options ("bin-path", "socket", "host", "port", ...)
 * @param conditions the condition blocks it sits in, outermost first; empty for a global backend
 *                   (an else branch contributes nothing: see {@link #block()})
 * @param block      the block that assigns the module option
 */
public record Backend(String module, String extension, Optional<String> name, ConfigArray options,
                      List<Condition> conditions, ConfigBlock block) {

    public Backend {
        conditions = List.copyOf(conditions);
    }

    /** bin-path: lighttpd starts this backend itself. */
    public Optional<String> binPath() {
        return options.getString("bin-path");
    }

    /** Whether lighttpd spawns the backend (it has a bin-path). */
    public boolean spawnedByLighttpd() {
        return binPath().isPresent();
    }

    /** The unix socket path. */
    public Optional<String> socket() {
        return options.getString("socket");
    }

    /** The TCP host. */
    public Optional<String> host() {
        return options.getString("host");
    }

    /** The TCP port. */
    public OptionalLong port() {
        return options.get("port").map(ConfigValue::asInteger).orElse(OptionalLong.empty());
    }

    /** Whether it is configured inside a condition block (or an else branch) rather than globally. */
    public boolean isConditional() {
        return block.kind() != ConfigBlock.Kind.GLOBAL;
    }
}
