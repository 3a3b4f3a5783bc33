package org.lighttpdctl.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Finds and rewrites the backends of lighttpd's gateway modules. */
public final class Backends {
    /** The options that hold gateway backends (src/gw_backend.c and its users). */
    public static final List<String> MODULES = List.of(
            "fastcgi.server", "scgi.server", "proxy.server", "sockproxy.server", "ajp13.server");

    private Backends() {
    }

    /** The backends one block assigns itself. */
    static List<Backend> of(ConfigBlock block, List<Condition> conditions) {
        List<Backend> out = new ArrayList<>();
        for (String module : MODULES) {
            block.get(module).flatMap(ConfigValue::asArray).ifPresent(value -> {
                for (ConfigArray.Entry ext : value.entries()) {
                    String extension = ext.key() == null ? "" : ext.key();
                    for (ConfigArray.Entry host : hosts(ext.value())) {
                        out.add(new Backend(module, extension, Optional.ofNullable(host.key()),
                                (ConfigArray) host.value(), conditions, block));
                    }
                }
            });
        }
        return out;
    }

    /**
     * The value of a gateway option (e.g. the global fastcgi.server) with every host's options passed through
     * {@code rewrite}; e.g. give each bin-path backend its own socket:
     * {@code rewriteHosts(v, o -> o.getString("bin-path").isPresent() ? o.with("socket", new ConfigString(p)) : o)}.
     * Print the result with {@link ConfigPrinter#assignment(String, String, ConfigValue)} and ":=".
     */
    public static ConfigValue rewriteHosts(ConfigValue serverValue, UnaryOperator<ConfigArray> rewrite) {
        ConfigArray extensions = serverValue.asArray().orElse(null);
        if (extensions == null) {
            return serverValue;
        }
        for (int e = 0; e < extensions.entries().size(); e++) {
            ConfigValue hostsValue = extensions.entries().get(e).value();
            extensions = extensions.withValueAt(e, rewriteExtension(hostsValue, rewrite));
        }
        return extensions;
    }

    private static ConfigValue rewriteExtension(ConfigValue hostsValue, UnaryOperator<ConfigArray> rewrite) {
        ConfigArray hosts = hostsValue.asArray().orElse(null);
        if (hosts == null) {
            return hostsValue;
        }
        if (isOptions(hosts)) {
            return rewrite.apply(hosts);
        }
        for (int h = 0; h < hosts.entries().size(); h++) {
            if (hosts.entries().get(h).value() instanceof ConfigArray options) {
                hosts = hosts.withValueAt(h, rewrite.apply(options));
            }
        }
        return hosts;
    }

    /** The hosts of one extension: normally an array of option arrays; a bare option array is one host. */
    private static List<ConfigArray.Entry> hosts(ConfigValue extensionValue) {
        ConfigArray hosts = extensionValue.asArray().orElse(null);
        if (hosts == null) {
            return List.of();
        }
        if (isOptions(hosts)) {
            return List.of(new ConfigArray.Entry(null, hosts));
        }
        return hosts.entries().stream().filter(e -> e.value() instanceof ConfigArray).toList();
    }

    /** An array whose entries are keyed non-arrays ("socket" => "...") is one host's options, not a host list. */
    private static boolean isOptions(ConfigArray array) {
        return !array.entries().isEmpty() && array.entries().stream()
                .anyMatch(e -> e.key() != null && !(e.value() instanceof ConfigArray));
    }
}
