package org.lighttpdctl.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the administrator asked for, as parsed from the command line.
 *
 * @param config       the lighttpd configuration file
 * @param daemon       the lighttpd binary
 * @param pidfile      the canonical pidfile, when given; otherwise the config's server.pid-file
 * @param stateRoot    where instances keep their lock and generation records
 * @param stopTimeout  how long a stop waits for a graceful drain before SIGTERM
 * @param lockTimeout  how long to wait for another invocation's lock
 */
public record Settings(Path config, Path daemon, Optional<Path> pidfile, Path stateRoot, Duration stopTimeout,
                       Duration lockTimeout) {

    public static final Path DEFAULT_PIDFILE = Path.of("/run/lighttpd.pid");
}
