package org.lighttpdctl.bench;

import java.util.Optional;
import org.lighttpdctl.testing.Lighttpd;
import org.lighttpdctl.testing.SampleSite;

/** One way to restart lighttpd, compared by {@link RestartBench}. */
interface RestartMethod {
    /** @return the name shown in the table */
    String name();

    /** @return why this method cannot run here, or empty if it can */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * Starts the sample site's server the way this method expects it running. By default lighttpd in
     * daemon mode, as Debian's init script starts it: {@code lighttpd -f CONF}.
     */
    default void start(SampleSite site) {
        Lighttpd.startDaemon(site);
    }

    /** Restarts the running server; called once, in the middle of a load window. */
    Shell.Result restart(SampleSite site);

    /**
     * Stops what {@link #start} and {@link #restart} left running, politely. The bench then
     * terminates, by PID, every process still naming the site's root, whatever this did.
     */
    default void stop(SampleSite site) {}
}
