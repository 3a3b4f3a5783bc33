package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, bounded in time, capturing its output. */
final class Shell {
    /** How long one restart or control command may take (Debian's script alone may wait 60 s + 5 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param exitCode the exit code, or -1 if it was killed at the timeout
     * @param took wall time
     * @param output stdout and stderr, trimmed
     */
    record Result(int exitCode, Duration took, String output) {
        /** @return the output on one line, shortened to {@code max} characters */
        String outputLine(int max) {
            String line = output.replaceAll("\\s*\\n\\s*", " / ");
            return line.length() <= max ? line : line.substring(0, max) + "...";
        }
    }

    private Shell() {}

    /** Runs a POSIX shell script with {@code /bin/sh -c} (dash on Debian, as init scripts run). */
    static Result script(String script, Map<String, String> env) {
        return run(List.of("/bin/sh", "-c", script), env);
    }

    /**
     * Runs {@code command}. Output goes to a file, not a pipe: a daemon started by the command keeps
     * its inherited stdout open and would make a pipe reader wait for it.
     */
    static Result run(List<String> command, Map<String, String> env) {
        Path output = null;
        try {
            output = Files.createTempFile("bench-cmd-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            boolean done = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(done ? process.exitValue() : -1, took, Files.readString(output).trim());
        } catch (IOException e) {
            return new Result(-1, Duration.ZERO, "cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, Duration.ZERO, "interrupted");
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
