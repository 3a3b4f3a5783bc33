package org.lighttpdctl;

import java.io.PrintStream;

/**
 * What the tool tells the administrator: results on stdout (silenced by -q), warnings and errors on stderr
 * (always), and with -v each step of a transaction with the time it took since the action began.
 */
public final class Console {
    /** The crash tests' variable: the name of the {@link Checkpoint} to pause after. */
    public static final String PAUSE_VARIABLE = "LIGHTTPDCTL_PAUSE_AFTER";
    /** Long enough for a test to kill the paused tool; bounded, so a forgotten variable cannot hang a call. */
    private static final long PAUSE_MILLIS = 60_000;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    private final boolean verbose;
    private final long startNanos = System.nanoTime();
    private final java.util.Optional<Checkpoint> pauseAt;

    public Console(PrintStream out, PrintStream err, boolean quiet, boolean verbose) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
        this.pauseAt = pauseAt(System.getenv(PAUSE_VARIABLE));
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
    /** {@link #step(String)} as a consumer, for helpers that report steps (a class, not a method reference). */
    public java.util.function.Consumer<String> steps() {
        return new Steps();
    }

    private final class Steps implements java.util.function.Consumer<String> {
        @Override
        public void accept(String message) {
            step(message);
        }
    }

    public void step(String message) {
        if (verbose) {
            err.printf("lighttpdctl: [%6.1f ms] %s%n", (System.nanoTime() - startNanos) / 1e6, message);
        }
    }

    /**
     * A step that is also a {@link Checkpoint}: crash testing sets {@value #PAUSE_VARIABLE} to its name, and the
     * tool stops right after it for up to {@link #PAUSE_MILLIS} ms, so a test can SIGKILL it there.
     */
    public void step(Checkpoint checkpoint, String message) {
        step(message);
        if (pauseAt.equals(java.util.Optional.of(checkpoint))) {
            err.println("lighttpdctl: paused at checkpoint " + checkpoint.name() + ": " + message);
            err.flush();
            org.lighttpdctl.os.Sleep.millis(PAUSE_MILLIS);
        }
    }

    /** The checkpoint the environment names; an unknown name is said at once (a test waiting on it would hang). */
    private java.util.Optional<Checkpoint> pauseAt(String name) {
        if (name == null || name.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Checkpoint.valueOf(name));
        } catch (IllegalArgumentException e) {
            warn(PAUSE_VARIABLE + "=" + name + " names no checkpoint (one of "
                    + java.util.Arrays.toString(Checkpoint.values()) + "): not pausing");
            return java.util.Optional.empty();
        }
    }

    public boolean isVerbose() {
        return verbose;
    }

    public PrintStream out() {
        return out;
    }
}
