package org.lighttpdctl.os;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs a short helper program (lighttpd -tt, lighttpd -p, systemctl) to completion with a watchdog, capturing its
 * stdout and stderr together: an include_shell script in a configuration, or a busy service manager, can hang.
 * Commons Exec pumps the output and runs the watchdog; the process itself is started by the seam's posix_spawn
 * ({@link HelperProcess}: why not ProcessBuilder), always the real one: a helper program is a real program.
 */
public final class Command {
    private Command() {
    }

    /**
     * What the program printed and how it ended.
     *
     * @param exitCode   its exit status (any value: failures are the caller's to interpret)
     * @param killed     true when the watchdog ended it
     */
    public record Result(int exitCode, String output, boolean killed) {
    }

    /** @throws IOException when the program cannot be started at all */
    public static Result run(List<String> argv, long watchdogMillis) throws IOException {
        CommandLine command = new CommandLine(argv.get(0));
        for (String arg : argv.subList(1, argv.size())) { // a loop: the capturing lambda was spun at run time
            command.addArgument(arg, false);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        DefaultExecutor executor = new Spawning();
        executor.setStreamHandler(new PumpStreamHandler(output));
        ExecuteWatchdog watchdog = new ExecuteWatchdog(watchdogMillis);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        int exit;
        try {
            exit = executor.execute(command);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        }
        return new Result(exit, output.toString(StandardCharsets.UTF_8), watchdog.killedProcess());
    }

    /** Commons Exec's executor with its one documented hook, {@code launch}, starting a {@link HelperProcess}. */
    private static final class Spawning extends DefaultExecutor {
        @Override
        protected Process launch(CommandLine command, Map<String, String> environment, File dir) throws IOException {
            if (dir != null && !dir.getPath().equals(".")) { // "." is the executor's default: where we are
                throw new IOException("cannot start " + command.getExecutable() + " in " + dir
                        + ": helper programs run in the caller's working directory");
            }
            return HelperProcess.start(Syscalls.system(), Arrays.asList(command.toStrings()),
                    environment == null ? System.getenv() : environment);
        }
    }
}
