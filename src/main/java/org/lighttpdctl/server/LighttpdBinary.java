package org.lighttpdctl.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * The lighttpd executable, asked about a configuration with its own options: {@code -tt} (parse and load modules:
 * plain -t passes a config whose module is missing) and {@code -p} (print the effective configuration). Each run
 * has a watchdog, because an include_shell script in a config can hang.
 */
public final class LighttpdBinary {
    private static final long WATCHDOG_MILLIS = 30_000;
    private final Path path;

    public LighttpdBinary(Path path) {
        this.path = path;
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
        requireReadable(config);
        Result result = run("-tt", config);
        if (result.exitCode != 0) {
            throw new LighttpdctlException(ExitCode.NOT_CONFIGURED,
                    "configuration " + config + " fails lighttpd -tt:\n" + result.output.strip());
        }
    }

    /** The effective configuration, read through lighttpd's own parser ({@code lighttpd -p}). */
    public EffectiveConfig effectiveConfig(Path config) throws LighttpdctlException {
        requireReadable(config);
        Result result = run("-p", config);
        if (result.exitCode != 0) {
            throw new LighttpdctlException(ExitCode.NOT_CONFIGURED,
                    "configuration " + config + " fails lighttpd -p:\n" + result.output.strip());
        }
        return ConfigDump.parse(result.output);
    }

    /** The version lighttpd reports with -v, as {major, minor, micro}; {0, 0, 0} if it says something else. */
    public int[] version() throws LighttpdctlException {
        Result result = run("-v", null);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("lighttpd/(\\d+)\\.(\\d+)\\.(\\d+)")
                .matcher(result.output);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))} : new int[] {0, 0, 0};
    }

    private static void requireReadable(Path config) throws LighttpdctlException {
        if (!Files.isRegularFile(config)) {
            throw new LighttpdctlException(ExitCode.NOT_CONFIGURED, "cannot read configuration " + config + ": "
                    + (Files.exists(config) ? "not a regular file" : "No such file or directory"));
        }
        if (!Files.isReadable(config)) {
            throw new LighttpdctlException(ExitCode.INSUFFICIENT_PRIVILEGE,
                    "cannot read configuration " + config + ": Permission denied");
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String option, Path config) throws LighttpdctlException {
        requireInstalled();
        CommandLine command = new CommandLine(path.toString()).addArgument(option);
        if (config != null) {
            command.addArgument("-f").addArgument(config.toString(), false);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        DefaultExecutor executor = new DefaultExecutor();
        executor.setStreamHandler(new PumpStreamHandler(output));
        ExecuteWatchdog watchdog = new ExecuteWatchdog(WATCHDOG_MILLIS);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        try {
            int exit = executor.execute(command);
            String text = output.toString(StandardCharsets.UTF_8);
            if (watchdog.killedProcess()) {
                throw new LighttpdctlException(ExitCode.NOT_CONFIGURED, "cannot check configuration " + config
                        + ": " + path + " " + option + " did not finish within " + WATCHDOG_MILLIS / 1000 + " s");
            }
            return new Result(exit, text);
        } catch (ExecuteException e) {
            return new Result(e.getExitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.NOT_INSTALLED, "cannot run " + path + ": " + e.getMessage(), e);
        }
    }
}
