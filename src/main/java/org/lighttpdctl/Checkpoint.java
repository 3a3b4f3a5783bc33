package org.lighttpdctl;

/**
 * The points of a transaction where a crash test may stop the tool ({@code LIGHTTPDCTL_PAUSE_AFTER=NAME}, see
 * {@link Console#step(Checkpoint, String)}) to SIGKILL it there and check that the next call recovers. The code
 * names the point it has reached; the test names the same constant, never the text of a log line.
 */
public enum Checkpoint {
    /** The instance's lock is held. */
    LOCKED,
    /** The restart strategy is chosen; nothing is touched yet. */
    STRATEGY_CHOSEN,
    /** A listening socket of the serving generation has been copied into this process (the first of them). */
    SOCKET_TAKEN,
    /** lighttpd's daemon parent of a new generation has been spawned and is starting. */
    SPAWNED,
    /** A new generation's daemon runs and is recorded as STARTING; it is not proven yet. */
    NEW_GENERATION_RUNNING,
    /** A new generation answered through its private probe socket (or a shared listener). */
    NEW_GENERATION_ANSWERED,
    /** The canonical pidfile names the new generation and the records say so: the commit point. */
    COMMITTED,
    /** The old generation has been sent SIGINT: it closes its listeners and drains. */
    OLD_TOLD_TO_DRAIN
}
