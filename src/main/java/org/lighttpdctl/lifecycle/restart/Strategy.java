package org.lighttpdctl.lifecycle.restart;

import java.util.Locale;

/** How a graceful restart replaces the serving generation. */
public enum Strategy {
    /**
     * Take the live listening sockets (pidfd_getfd), start a new generation on them, prove it serves, commit, then
     * drain the old one: both serve side by side for a moment, nothing is refused ({@link HandoffRestart}).
     */
    HANDOFF,
    /**
     * For when two generations must not overlap: hold copies of the listening sockets while the old generation
     * drains and exits with its backends, then start the new one on them. New clients wait in the listen queue,
     * none is refused ({@link SequencedRestart}).
     */
    SEQUENCED,
    /**
     * The fallback when the sockets cannot be taken at all (no pidfd_getfd, no ptrace rights, lighttpd before
     * 1.4.64): the old generation exits, then the new one binds the ports itself, and clients are refused in
     * between ({@link RebindRestart}). Never requested: only reached by falling back.
     */
    REBIND,
    /** SIGUSR1 after lighttpd -tt: lighttpd restarts inside the same process. New clients wait during its drain. */
    IN_PLACE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether --strategy may name it. */
    public boolean requestable() {
        return this != REBIND;
    }

    public static Strategy fromCliName(String name) {
        for (Strategy s : values()) {
            if (s.requestable() && s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "' (expected handoff, sequenced or in-place)");
    }
}
