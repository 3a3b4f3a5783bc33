package org.lighttpdctl;

/**
 * Exit codes of the LSB init-script actions (LSB 5.0, "Init Script Actions"). {@code status} has its own meanings
 * for the same numbers: see {@link StatusCode}.
 */
public enum ExitCode {
    SUCCESS(0),
    GENERIC_ERROR(1),
    INVALID_ARGUMENT(2),
    UNIMPLEMENTED(3),
    INSUFFICIENT_PRIVILEGE(4),
    NOT_INSTALLED(5),
    NOT_CONFIGURED(6),
    NOT_RUNNING(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
