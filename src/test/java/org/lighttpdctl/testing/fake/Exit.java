package org.lighttpdctl.testing.fake;

import java.time.Duration;

/** What a fake process does when it takes a signal: exit at once, exit after a delay (a drain), or nothing. */
public record Exit(Duration after, int code) {
    /** Exits at once, with 128+signal as a shell reports it. */
    public static Exit now() {
        return new Exit(Duration.ZERO, -1);
    }

    /** Exits {@code after} the signal (lighttpd draining its requests on SIGINT). */
    public static Exit after(Duration after) {
        return new Exit(after, -1);
    }

    /** Exits at once with this code (0: a clean exit). */
    public static Exit withCode(int code) {
        return new Exit(Duration.ZERO, code);
    }
}
