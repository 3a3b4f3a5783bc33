package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.lighttpdctl.os.Text;
import org.lighttpdctl.server.config.Backend;
import org.lighttpdctl.server.config.ConfigBlock;
import org.lighttpdctl.server.config.Condition;
import org.lighttpdctl.server.config.ConfigParser;
import org.lighttpdctl.server.config.ConfigSyntaxException;
import org.lighttpdctl.server.config.ConfigValue;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * Reads the output of {@code lighttpd -p}: lighttpd's own parser has already expanded includes, include_shell,
 * variables and += merges. {@link ConfigParser} parses that normalised form; this class picks out the facts
 * lighttpdctl acts on. It never parses an administrator's configuration files.
 */
public final class ConfigDump {
    private ConfigDump() {
    }

    /** Where a backend socket may get per-generation names: why not, or empty ({@link BackendSocketDirectory}). */
    @FunctionalInterface
    public interface DirectoryTrust {
        Optional<String> problem(Path dir, Optional<String> username);
    }

    /** This host's directories, as they are now. */
    public static final DirectoryTrust ON_THIS_HOST = (dir, user) -> BackendSocketDirectory.of(user).problem(dir);

    /** The effective configuration; exit code 6 naming the line if lighttpd printed something unknown. */
    public static EffectiveConfig parse(String dump) throws ConfigSyntaxException, InvalidEndpointException {
        return of(ConfigParser.parse(dump));
    }

    /** The facts lighttpdctl acts on, from a parsed configuration, backend socket directories as on this host. */
    public static EffectiveConfig of(LighttpdConfig config) throws InvalidEndpointException {
        return of(config, ON_THIS_HOST);
    }

    /** The facts lighttpdctl acts on, from a parsed configuration. */
    public static EffectiveConfig of(LighttpdConfig config, DirectoryTrust trust) throws InvalidEndpointException {
        boolean tls = enabled(config.root(), "ssl.engine");
        int mainPort = config.global("server.port").flatMap(ConfigDump::integer).orElse(tls ? 443 : 80);
        Optional<String> bind = string(config.root(), "server.bind");
        String mainHost = bind.orElse(enabled(config.root(), "server.use-ipv6") ? "[::]" : "");
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        endpoints.add(Endpoint.parse(mainHost, mainPort, tls));
        for (LighttpdConfig.ScopedBlock scoped : config.conditionalBlocks()) {
            ConfigBlock block = scoped.block();
            if (block.condition().filter(Condition::isServerSocket).isPresent()) {
                endpoints.add(Endpoint.parse(block.condition().get().operand(), mainPort,
                        enabled(block, "ssl.engine")));
            }
        }
        Optional<String> username = string(config.root(), "server.username").filter(s -> !s.isEmpty());
        List<String> hazards = new ArrayList<>(hazards(config));
        List<String> refusals = backendRewriteRefusals(config, username, trust);
        hazards.addAll(refusals);
        return new EffectiveConfig(path(config.root(), "server.pid-file"), path(config.root(), "server.errorlog"),
                List.copyOf(endpoints), username,
                path(config.root(), "server.chroot"), enabled(config.root(), "server.systemd-socket-activation"),
                gracefulSeconds(config), List.copyOf(hazards),
                refusals.isEmpty() ? BackendSockets.configuredSockets(config) : List.of(), config);
    }

    /**
     * Why the bin-path backends must keep the administrator's socket names (no per-generation names, so the
     * generations must not overlap): a socket directory others can add entries to, where the predictable next name
     * could be bound or blocked first; or lighttpd -p output that does not say unambiguously what the backends are
     * (a key holding a quote is printed raw), so that a rewritten value could say more than the administrator wrote.
     */
    private static List<String> backendRewriteRefusals(LighttpdConfig config, Optional<String> username,
                                                       DirectoryTrust trust) {
        List<Path> sockets = BackendSockets.configuredSockets(config);
        if (sockets.isEmpty()) {
            return List.of();
        }
        List<String> refusals = new ArrayList<>();
        for (Path socket : sockets) {
            Path dir = socket.toAbsolutePath().getParent();
            trust.problem(dir, username).ifPresent(problem -> refusals.add("the backend socket directory " + dir
                    + " is not reserved to root and server.username (" + problem + "): per-generation sockets"
                    + " there could be taken over, so the backends keep their configured sockets"));
        }
        config.ambiguousLine().ifPresent(line -> refusals.add("lighttpd -p printed line " + line
                + " ambiguously (an array key holding a quote is printed raw): the backends are not rewritten"));
        return refusals;
    }

    /** server.graceful-shutdown-timeout, a key of server.feature-flags since 1.4.64. */
    private static int gracefulSeconds(LighttpdConfig config) {
        return config.global("server.feature-flags").flatMap(ConfigValue::asArray)
                .flatMap(flags -> flags.get("server.graceful-shutdown-timeout"))
                .flatMap(ConfigDump::integer)
                .orElse(EffectiveConfig.LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS);
    }

    /** Reasons two generations must not run side by side, wherever they are configured. */
    private static List<String> hazards(LighttpdConfig config) {
        List<String> hazards = new ArrayList<>();
        for (Backend backend : config.backends()) {
            // A global bin-path backend on a unix socket gets a socket per generation (BackendSockets).
            if (backend.spawnedByLighttpd() && !BackendSockets.perGeneration(backend)) {
                hazards.add("a backend started by lighttpd itself (bin-path " + backend.binPath().get() + ") "
                        + (backend.isConditional() ? "inside a condition block" : backend.socket().isPresent()
                        ? "of " + backend.module() : "on a TCP port")
                        + " cannot be given a socket of its own per generation");
            }
        }
        boolean rrd = config.global("rrdtool.db-name").isPresent() || config.conditionalBlocks().stream()
                .anyMatch(s -> s.block().get("rrdtool.db-name").isPresent());
        if (rrd) {
            hazards.add("mod_rrdtool writes one RRD file that two generations would share");
        }
        return List.copyOf(new LinkedHashSet<>(hazards));
    }

    /** An integer option; lighttpd also takes a string of digits for one. */
    private static Optional<Integer> integer(ConfigValue value) {
        if (value.asInteger().isPresent()) {
            return Optional.of((int) value.asInteger().getAsLong());
        }
        return value.asString().filter(s -> Text.isDigits(s, 1, 9, false)).map(Integer::parseInt);
    }

    private static Optional<String> string(ConfigBlock block, String key) {
        return block.get(key).flatMap(ConfigValue::asString);
    }

    private static Optional<Path> path(ConfigBlock block, String key) {
        return string(block, key).filter(s -> !s.isEmpty()).map(Path::of);
    }

    private static boolean enabled(ConfigBlock block, String key) {
        return block.get(key).map(ConfigValue::isEnabled).orElse(false);
    }
}
