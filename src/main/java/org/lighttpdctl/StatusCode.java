package org.lighttpdctl;

/** Exit codes of the LSB {@code status} action. */
public enum StatusCode {
    RUNNING(0, "running"),
    DEAD_PIDFILE_EXISTS(1, "dead, but the pidfile exists"),
    NOT_RUNNING(3, "not running"),
    UNKNOWN(4, "unknown");

    private final int code;
    private final String description;

    StatusCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }
}
