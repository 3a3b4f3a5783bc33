package org.lighttpdctl;

/**
 * An action failed for a reason the administrator must read. The message names the thing and the reason
 * ("cannot read pidfile /run/lighttpd.pid: ..."); the code is the LSB exit code the action ends with.
 */
public class LighttpdctlException extends Exception {
    private final ExitCode exitCode;

    public LighttpdctlException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LighttpdctlException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
