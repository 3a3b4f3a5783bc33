package org.lighttpdctl.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.lighttpdctl.lifecycle.Settings;

import picocli.CommandLine.Option;

/** The options every action accepts (after the action: {@code lighttpdctl ACTION [OPTIONS]}). */
public final class CommonOptions {
    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "lighttpd configuration (default: ${DEFAULT-VALUE})")
    Path config = Path.of("/etc/lighttpd/lighttpd.conf");

    @Option(names = "--daemon", paramLabel = "PATH", description = "the server binary (default: ${DEFAULT-VALUE})")
    Path daemon = Path.of("/usr/sbin/lighttpd");

    @Option(names = "--pidfile", paramLabel = "FILE",
            description = "the canonical pidfile (default: the configuration's server.pid-file, else /run/lighttpd.pid)")
    Path pidfile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "where lighttpdctl keeps its lock and generation records (default: ${DEFAULT-VALUE})")
    Path stateDir = Path.of("/run/lighttpdctl");

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long stop waits for a graceful drain before SIGTERM (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 60;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS",
            description = "how long to wait for another invocation's lock (default: ${DEFAULT-VALUE})")
    int lockTimeoutSeconds = 60;

    @Option(names = {"-q", "--quiet"}, description = "print only errors")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "print each step with its timing")
    boolean verbose;

    /** @throws IllegalArgumentException (exit 2) for a negative or absurd duration */
    Settings settings() {
        return new Settings(config, daemon, Optional.ofNullable(pidfile), stateDir,
                Durations.seconds("--timeout", timeoutSeconds),
                Durations.seconds("--lock-timeout", lockTimeoutSeconds));
    }
}
