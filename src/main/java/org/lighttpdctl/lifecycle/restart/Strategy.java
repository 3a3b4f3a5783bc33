package org.lighttpdctl.lifecycle.restart;

import java.util.Locale;

/** How a graceful restart replaces the serving generation. */
public enum Strategy {
    /** Hand the live listening sockets to a new generation, prove it serves, then drain the old: nothing refused. */
    HANDOFF,
    /**
     * SIGINT the old generation, wait until its ports are free (read from /proc/net, never probed), start the new
     * one at once, retrying a bind that fails with EADDRINUSE within a bound: for when a handoff is impossible or
     * unsafe. Connections arriving in the gap between close and bind are refused.
     */
    SEQUENCED,
    /** SIGUSR1 after lighttpd -tt: lighttpd restarts inside the same process. New clients wait during its drain. */
    IN_PLACE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Strategy fromCliName(String name) {
        for (Strategy s : values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "' (expected handoff, sequenced or in-place)");
    }
}
