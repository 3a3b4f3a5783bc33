package org.lighttpdctl;

import java.io.PrintStream;

/**
 * What the tool tells the administrator: results on stdout (silenced by -q), warnings and errors on stderr
 * (always), and with -v each step of a transaction with the time it took since the action began.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    private final boolean verbose;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out, PrintStream err, boolean quiet, boolean verbose) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    public void info(String message) {
        if (!quiet) {
            out.println(message);
        }
    }

    public void warn(String message) {
        err.println("lighttpdctl: warning: " + message);
    }

    public void error(String message) {
        err.println("lighttpdctl: " + message);
    }

    /** With -v: one line per step, prefixed by the milliseconds since the action began. */
    public void step(String message) {
        if (verbose) {
            err.printf("lighttpdctl: [%6.1f ms] %s%n", (System.nanoTime() - startNanos) / 1e6, message);
        }
        pauseIfAsked(message);
    }

    /**
     * Crash testing: with LIGHTTPDCTL_PAUSE_AFTER set to the start of a step's text, the tool stops right after
     * that step for up to a minute, so a test can SIGKILL it there and check the next call recovers.
     */
    private void pauseIfAsked(String message) {
        String pauseAfter = System.getenv("LIGHTTPDCTL_PAUSE_AFTER");
        if (pauseAfter != null && !pauseAfter.isEmpty() && message.startsWith(pauseAfter)) {
            err.println("lighttpdctl: paused after: " + message);
            err.flush();
            org.lighttpdctl.os.Sleep.millis(60_000);
        }
    }

    public boolean isVerbose() {
        return verbose;
    }

    public PrintStream out() {
        return out;
    }
}
