package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;
import java.util.Optional;

/**
 * @param strategy      forced with --strategy, or chosen
 * @param drainTimeout  how long the old generation may drain before SIGTERM; empty: the server's
 *                      graceful-shutdown-timeout plus a margin
 * @param waitForDrain  return only when the old generation has exited (--wait; restart always waits)
 */
public record RestartOptions(Optional<Strategy> strategy, Optional<Duration> drainTimeout, boolean waitForDrain) {
}
