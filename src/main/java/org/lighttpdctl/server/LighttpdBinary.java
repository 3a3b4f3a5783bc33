package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.Command;
import org.lighttpdctl.server.config.ConfigParser;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * The lighttpd executable, asked about a configuration with its own options: {@code -tt} (parse and load modules:
 * plain -t passes a config whose module is missing) and {@code -p} (print the effective configuration). Each run
 * has a watchdog, because an include_shell script in a config can hang. Each run is reported (the -v step log),
 * so that a call that runs lighttpd more often than it must is seen: every run of -p re-runs the configuration's
 * include_shell scripts and costs milliseconds of CPU.
 */
public final class LighttpdBinary {
    private static final long WATCHDOG_MILLIS = 30_000;
    private final Path path;
    private final Consumer<String> runReport;
    private int[] version;

    public LighttpdBinary(Path path) {
        this(path, line -> { });
    }

    /** @param runReport told "ran lighttpd OPTION ... (N ms)" after every run */
    public LighttpdBinary(Path path, Consumer<String> runReport) {
        this.path = path;
        this.runReport = runReport;
    }

    public Path path() {
        return path;
    }

    /** Fails with exit code 5 (program not installed) when the binary is missing or not executable. */
    public void requireInstalled() throws LighttpdctlException {
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new LighttpdctlException(ExitCode.NOT_INSTALLED,
                    "cannot run " + path + ": " + (Files.exists(path) ? "not an executable file" : "not installed"));
        }
    }

    /** Runs {@code lighttpd -tt}; fails with exit code 6 (not configured) and lighttpd's own lines. */
    public void check(Path config) throws LighttpdctlException {
        runOnConfig("-tt", config);
    }

    /**
     * Starts {@code lighttpd -tt} on a thread of its own, so that the caller can read the effective configuration
     * ({@code -p}) meanwhile: each run is milliseconds of lighttpd's own start-up, spent side by side on two cores.
     * {@link PendingCheck#await()} gives the outcome {@link #check} would have.
     */
    public PendingCheck checkInBackground(Path config) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            check(config);
            return null;
        });
        new Thread(task, "lighttpd -tt").start();
        return new PendingCheck(task);
    }

    /** A {@code lighttpd -tt} under way ({@link #checkInBackground}). */
    public static final class PendingCheck {
        private final FutureTask<Void> task;

        private PendingCheck(FutureTask<Void> task) {
            this.task = task;
        }

        /**
         * Waits for the check (bounded by its watchdog) and fails as {@link #check} would have: whatever it threw
         * (an Error too) is thrown here, so no failure of the check can pass for a pass.
         */
        public void await() throws LighttpdctlException {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "interrupted while lighttpd -tt ran", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof LighttpdctlException rejected) {
                    throw rejected;
                }
                if (cause instanceof RuntimeException bug) {
                    throw bug;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("lighttpd -tt failed unexpectedly", cause);
            }
        }
    }

    /** The effective configuration, read through lighttpd's own parser ({@code lighttpd -p}). */
    public EffectiveConfig effectiveConfig(Path config) throws LighttpdctlException {
        return ConfigDump.of(parsedConfig(config));
    }

    /**
     * The whole configuration as lighttpd resolved it ({@code lighttpd -p}), parsed: globals, condition blocks,
     * backends. Exit code 6 if lighttpd rejects it or prints something {@link ConfigParser} does not know.
     */
    public LighttpdConfig parsedConfig(Path config) throws LighttpdctlException {
        return ConfigParser.parse(runOnConfig("-p", config));
    }

    /** {@code lighttpd OPTION -f CONFIG}: its output, or exit code 6 with lighttpd's own lines. */
    private String runOnConfig(String option, Path config) throws LighttpdctlException {
        requireReadable(config);
        Command.Result result = run(List.of(path.toString(), option, "-f", config.toString()));
        if (result.killed()) {
            throw new ConfigRejectedException("cannot check configuration " + config
                    + ": " + path + " " + option + " did not finish within " + WATCHDOG_MILLIS / 1000 + " s");
        }
        if (result.exitCode() != 0) {
            throw new ConfigRejectedException(
                    "configuration " + config + " fails lighttpd " + option + ":\n" + result.output().strip());
        }
        return result.output();
    }

    /**
     * The version lighttpd reports with -v, as {major, minor, micro}; {0, 0, 0} if it says something else. Asked
     * once per object (one call of the tool): the strategy choice and its fallback both need it.
     */
    public int[] version() throws LighttpdctlException {
        if (version == null) {
            Command.Result result = run(List.of(path.toString(), "-v"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("lighttpd/(\\d+)\\.(\\d+)\\.(\\d+)")
                    .matcher(result.output());
            version = m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))} : new int[] {0, 0, 0};
        }
        return version.clone();
    }

    private static void requireReadable(Path config) throws LighttpdctlException {
        if (!Files.isRegularFile(config)) {
            throw new ConfigRejectedException("cannot read configuration " + config + ": "
                    + (Files.exists(config) ? "not a regular file" : "No such file or directory"));
        }
        if (!Files.isReadable(config)) {
            throw new LighttpdctlException(ExitCode.INSUFFICIENT_PRIVILEGE,
                    "cannot read configuration " + config + ": Permission denied");
        }
    }

    private Command.Result run(List<String> argv) throws LighttpdctlException {
        requireInstalled();
        try {
            long started = System.nanoTime();
            Command.Result result = Command.run(argv, WATCHDOG_MILLIS);
            runReport.accept("ran lighttpd " + String.join(" ", argv.subList(1, argv.size())) + " ("
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
            return result;
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.NOT_INSTALLED, "cannot run " + path + ": " + e.getMessage(), e);
        }
    }
}
