package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * What lighttpd itself makes of a configuration (read from {@code lighttpd -p}, never from the source files):
 * the facts lighttpdctl acts on.
 *
 * @param pidFile                  server.pid-file, if set
 * @param errorLog                 server.errorlog, if set: where lighttpd reports a failed start once it opened it
 * @param endpoints                every socket it listens on, main socket first, without duplicates
 * @param username                 server.username, if set: the server drops privileges after binding
 * @param chroot                   server.chroot, if set
 * @param socketActivation         server.systemd-socket-activation is enabled in the administrator's config
 * @param gracefulShutdownSeconds  the server.graceful-shutdown-timeout feature flag; 8 s (lighttpd's default
 *                                 since 1.4.64) when absent, 0 meaning "no limit"
 * @param overlapHazards           reasons two generations must not run side by side (backends lighttpd spawns
 *                                 itself at fixed socket paths, shared RRD files)
 * @param backendSockets           the configured unix sockets of the bin-path backends that get a socket of
 *                                 their own per generation ({@link BackendSockets})
 * @param tree                     the whole parsed output of the one {@code lighttpd -p} run these facts come
 *                                 from: every later reader of the configuration (the backend overrides of a new
 *                                 generation's wrapper and their check) reads it here, never runs -p again
 */
public record EffectiveConfig(Optional<Path> pidFile,
                              Optional<Path> errorLog,
                              List<Endpoint> endpoints,
                              Optional<String> username,
                              Optional<Path> chroot,
                              boolean socketActivation,
                              int gracefulShutdownSeconds,
                              List<String> overlapHazards,
                              List<Path> backendSockets,
                              LighttpdConfig tree) {

    public static final int LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS = 8;

    /**
     * Nothing known: for status while the configuration cannot be read. No listener, so only recorded generations
     * (verified against /proc) are found, never a server recognised by its sockets.
     */
    public static EffectiveConfig unknown() {
        return new EffectiveConfig(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                false, LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS, List.of(), List.of(), LighttpdConfig.empty());
    }

    /**
     * Where the error log is seen from outside the server: lighttpd opens server.errorlog after chroot()
     * (server.c, config_log_error_open follows the chroot in 1.4.69 and 1.4.79), so under server.chroot the
     * configured path is inside the chroot.
     */
    public Optional<Path> errorLogOnHost() {
        return errorLog.filter(Path::isAbsolute).map(log -> chroot
                .map(root -> root.resolve(log.getRoot().relativize(log)))
                .orElse(log));
    }
}
