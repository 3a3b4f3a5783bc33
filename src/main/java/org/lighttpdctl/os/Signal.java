package org.lighttpdctl.os;

/** The signals lighttpdctl sends, with their Linux numbers and what lighttpd does on each. */
public enum Signal {
    /** Reopen logs. */
    HUP(1),
    /** Graceful shutdown: lighttpd closes its listeners at once and drains in-flight requests. */
    INT(2),
    /** Cannot be caught: the last resort of a stop. */
    KILL(9),
    /** Graceful restart inside the same process (listeners kept but not polled during the drain). */
    USR1(10),
    /** Immediate shutdown: open connections are cut. */
    TERM(15),
    CONT(18),
    STOP(19);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public String signame() {
        return "SIG" + name();
    }
}
