package org.lighttpdctl.cli;

import java.time.Duration;

/**
 * Duration options in seconds: from 0 (do not wait) to one day. A negative value once made stop cut a download
 * after 6 ms; anything beyond a day is a typing error, not a drain anyone waits for.
 */
final class Durations {
    static final int MAX_SECONDS = 86_400;

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the option, which the CLI reports with exit code 2 */
    static Duration seconds(String option, int seconds) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("invalid value for " + option + ": " + seconds
                    + " (seconds from 0 to " + MAX_SECONDS + ")");
        }
        return Duration.ofSeconds(seconds);
    }
}
