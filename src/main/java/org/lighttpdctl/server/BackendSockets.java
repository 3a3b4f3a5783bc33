package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lighttpdctl.server.config.Backend;
import org.lighttpdctl.server.config.Backends;
import org.lighttpdctl.server.config.ConfigArray;
import org.lighttpdctl.server.config.ConfigPrinter;
import org.lighttpdctl.server.config.ConfigString;
import org.lighttpdctl.server.config.ConfigValue;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * Per-generation sockets for the backends lighttpd spawns itself (bin-path), so that two generations can overlap.
 * A generation that finds a backend socket connectable does not spawn ("socket is already used; won't spawn"),
 * treats the backend as external and never respawns it; a generation that exits kills the backends it spawned and
 * unlinks their sockets (src/gw_backend.c). With its own socket paths each generation spawns its own php-cgi, and
 * the old one's exit removes only its own.
 *
 * <p>The wrapper config overrides {@code fastcgi.server} and {@code scgi.server} with {@code :=}, using the value
 * lighttpd's own {@code -p} printed, every global bin-path unix socket carrying the generation: {@code
 * /run/lighttpd/php.socket} becomes {@code /run/lighttpd/php.socket.g7} (lighttpd itself then appends "-N", one per
 * process of max-procs: {@code php.socket.g7-0}). A bin-path backend in a condition block or on TCP cannot be given
 * its own socket this way: {@link ConfigDump} names it an overlap hazard, and the restart is sequenced.
 */
public final class BackendSockets {
    /** The modules whose backends lighttpd can spawn (bin-path): mod_fastcgi and mod_scgi (gw_backend.c). */
    public static final List<String> SPAWNING_MODULES = List.of("fastcgi.server", "scgi.server");
    private static final String GENERATION_MARK = ".g";

    private BackendSockets() {
    }

    /** Whether this backend gets a per-generation socket: a global bin-path backend on a unix socket. */
    public static boolean perGeneration(Backend backend) {
        return backend.spawnedByLighttpd() && !backend.isConditional() && backend.socket().isPresent()
                && SPAWNING_MODULES.contains(backend.module());
    }

    /** @return the {@code :=} lines for the wrapper of generation {@code id} (none when no backend needs one) */
    public static List<String> overrides(LighttpdConfig config, long id) {
        List<String> lines = new ArrayList<>();
        for (String module : SPAWNING_MODULES) {
            boolean needed = config.backends().stream().anyMatch(b -> b.module().equals(module) && perGeneration(b));
            Optional<ConfigValue> value = config.global(module);
            if (needed && value.isPresent()) {
                ConfigValue rewritten = Backends.rewriteHosts(value.get(), options -> withGeneration(options, id));
                lines.add(ConfigPrinter.assignment(module, ":=", rewritten));
            }
        }
        return lines;
    }

    /** The socket paths the configured (unchanged) bin-path unix sockets of global backends have. */
    public static List<Path> configuredSockets(LighttpdConfig config) {
        return config.backends().stream().filter(BackendSockets::perGeneration)
                .map(b -> Path.of(b.socket().get())).distinct().toList();
    }

    /** {@code /run/lighttpd/php.socket} for generation 7: {@code /run/lighttpd/php.socket.g7}. */
    public static String socketOf(String configured, long id) {
        return configured + GENERATION_MARK + id;
    }

    /**
     * The generation a file in the configured socket's directory belongs to, if its name is the configured socket's
     * name with a generation mark and lighttpd's per-process suffix ({@code php.socket.g7-0}).
     */
    public static Optional<Long> generationOf(Path configured, String fileName) {
        String base = configured.getFileName().toString();
        Matcher m = Pattern.compile(Pattern.quote(base + GENERATION_MARK) + "(\\d{1,18})(-\\d+)?").matcher(fileName);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private static ConfigArray withGeneration(ConfigArray options, long id) {
        Optional<String> socket = options.getString("socket");
        if (options.getString("bin-path").isEmpty() || socket.isEmpty()) {
            return options;
        }
        return options.with("socket", new ConfigString(socketOf(socket.get(), id)));
    }
}
