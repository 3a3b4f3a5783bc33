package org.lighttpdctl.server;

import java.nio.file.Path;

/**
 * The configuration a generation is started with: the administrator's config, included unchanged, followed by
 * per-generation overrides. lighttpd's {@code :=} operator replaces a value set earlier (a plain {@code =} on a
 * variable already set is a "Duplicate config variable" error).
 *
 * <ul>
 *   <li>{@code server.pid-file}: the generation's own pidfile, because lighttpd unlinks its pidfile on every exit
 *       (even a failed start) and an old generation must never delete the canonical one;</li>
 *   <li>{@code server.systemd-socket-activation}: lets the generation take the listening sockets it inherits
 *       at descriptors 3.. instead of binding them;</li>
 *   <li>a {@code server.tag} for requests that carry this generation's probe token, so a readiness probe can tell
 *       the new generation's answer from the old one's while both accept on the same socket. Other clients see
 *       the administrator's server.tag as before.</li>
 *   <li>{@code fastcgi.server} / {@code scgi.server}, when they have bin-path backends: the same value with the
 *       generation's own backend sockets ({@link BackendSockets}).</li>
 * </ul>
 */
public final class WrapperConfig {
    public static final String PROBE_HEADER = "X-Lighttpdctl-Probe";

    private WrapperConfig() {
    }

    public static String render(Path adminConfig, Path generationPidfile, boolean inheritsSockets, String probeToken) {
        return render(adminConfig, generationPidfile, inheritsSockets, probeToken, java.util.List.of());
    }

    /** @param overrides whole {@code key := value} lines, appended after lighttpdctl's own */
    public static String render(Path adminConfig, Path generationPidfile, boolean inheritsSockets, String probeToken,
                                java.util.List<String> overrides) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by lighttpdctl for one generation; do not edit.\n");
        text.append("include ").append(quote(adminConfig.toAbsolutePath().toString())).append('\n');
        text.append("server.pid-file := ").append(quote(generationPidfile.toString())).append('\n');
        if (inheritsSockets) {
            text.append("server.systemd-socket-activation := \"enable\"\n");
        }
        text.append("$REQUEST_HEADER[\"").append(PROBE_HEADER).append("\"] == ").append(quote(probeToken))
                .append(" {\n  server.tag = ").append(quote(probeTag(probeToken))).append("\n}\n");
        overrides.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /**
     * A rendered wrapper with its {@code fastcgi.server := } / {@code scgi.server := } lines replaced by
     * {@code overrides}: before a SIGUSR1 (in-place restart) the serving generation re-reads its wrapper, which must
     * carry the backends of the configuration as it is now, not as it was at the generation's start. The overrides
     * are always the wrapper's last lines ({@link #render}), and a value may span lines (a string holding a newline):
     * everything from the first override line on is replaced.
     */
    public static String withBackendOverrides(String wrapper, java.util.List<String> overrides) {
        StringBuilder text = new StringBuilder();
        for (String line : wrapper.lines().toList()) {
            if (BackendSockets.SPAWNING_MODULES.stream().anyMatch(module -> line.startsWith(module + " := "))) {
                break;
            }
            text.append(line).append('\n');
        }
        overrides.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The Server: header a probe answered by this generation carries. */
    public static String probeTag(String probeToken) {
        return "lighttpdctl-probe " + probeToken;
    }

    /**
     * lighttpd's tokenizer knows one escape, a backslash before a quote; every other backslash is literal
     * (configfile.c, the same in 1.4.69 and 1.4.79), so a backslash is never doubled: a state directory with a
     * backslash in its name would otherwise get a pidfile path lighttpd cannot write.
     */
    private static String quote(String value) {
        return org.lighttpdctl.server.config.ConfigPrinter.quote(value);
    }
}
