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

    /**
     * The state root and the pidfile made absolute against the working directory, once, here: a generation's
     * lighttpd is spawned on a wrapper under the state root and recognised later by that path on its command line,
     * so a relative --state-dir named the same generation differently from another directory, or from the same one
     * in another form ("state" and "./state"), and status called the serving lighttpd "not a lighttpd of this
     * instance". The state root is also normalised lexically ("state" and "./state" must name one wrapper), as the
     * configuration's path is where the instance's state directory is named after it; the pidfile is not (nothing
     * compares it by name, and "a/../b" is only what the kernel resolves when "a" is no symbolic link).
     */
    public Settings {
        stateRoot = stateRoot.toAbsolutePath().normalize();
        if (pidfile.isPresent()) {
            pidfile = Optional.of(pidfile.get().toAbsolutePath());
        }
    }
}
