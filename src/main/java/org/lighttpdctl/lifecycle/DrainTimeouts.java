package org.lighttpdctl.lifecycle;

import java.time.Duration;
import java.util.Optional;

import org.lighttpdctl.server.Instance;

/** How long an old generation may drain before lighttpdctl terminates it. */
final class DrainTimeouts {
    /** lighttpd ends its own drain at graceful-shutdown-timeout; lighttpdctl steps in only after this margin. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    /** A server configured to drain forever (timeout 0) still may not keep generations piling up. */
    private static final Duration UNLIMITED_CAP = Duration.ofSeconds(60);

    private DrainTimeouts() {
    }

    static Duration of(Instance instance, Optional<Duration> requested) {
        if (requested.isPresent()) {
            return requested.get();
        }
        int seconds = instance.effective().gracefulShutdownSeconds();
        return seconds > 0 ? Duration.ofSeconds(seconds).plus(MARGIN) : UNLIMITED_CAP;
    }
}
