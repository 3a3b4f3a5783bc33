package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lighttpdctl.testing.ProcFs;
import org.lighttpdctl.testing.Processes;

/**
 * The {@code java} binary and JVM options a launcher script uses, so that a baseline can be started
 * the same way.
 *
 * @param java path of the java binary
 * @param options JVM options (everything before the class path, jar or main class)
 * @param source where they came from, for the report
 */
record JvmCommand(String java, List<String> options, String source) {
    /** Options whose value is the next argument. */
    private static final Set<String> WITH_VALUE = Set.of("--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--module-path", "--upgrade-module-path", "--patch-module", "--limit-modules");
    /** Arguments that end the JVM options. */
    private static final Set<String> END = Set.of("-jar", "-cp", "-classpath", "--class-path", "-m", "--module");

    /**
     * @return the command from the environment: JAVA_OPTS_FOR_BENCH (options, split on blanks) and
     *     JAVA_FOR_BENCH (binary; default this JVM's), or empty if JAVA_OPTS_FOR_BENCH is unset
     */
    static Optional<JvmCommand> fromEnvironment() {
        String options = System.getenv("JAVA_OPTS_FOR_BENCH");
        if (options == null) {
            return Optional.empty();
        }
        String java = Optional.ofNullable(System.getenv("JAVA_FOR_BENCH")).orElse(thisJava());
        List<String> list = options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
        return Optional.of(new JvmCommand(java, list, "JAVA_OPTS_FOR_BENCH"));
    }

    /**
     * Runs {@code command} once and watches it and its descendants in /proc until one of them is a
     * java process; reads that process's binary and options. Bounded by {@code timeout}; the command
     * is left to finish (and killed by PID at the timeout).
     */
    static Optional<JvmCommand> observe(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() - deadline < 0) {
                Optional<JvmCommand> found = findJava(process.pid());
                if (found.isPresent() || !process.isAlive()) {
                    return found;
                }
                Processes.sleep(Duration.ofMillis(1));
            }
            return Optional.empty();
        } finally {
            awaitOrKill(process, deadline);
        }
    }

    /** @return the java command among {@code pid} and its descendants, if any */
    private static Optional<JvmCommand> findJava(long pid) {
        List<String> argv = argv(pid);
        if (!argv.isEmpty() && Path.of(argv.get(0)).getFileName().toString().equals("java")) {
            String java = readLink(Path.of("/proc", Long.toString(pid), "exe")).orElse(argv.get(0));
            return Optional.of(new JvmCommand(java, options(argv), "observed from " + pid));
        }
        for (long child : children(pid)) {
            Optional<JvmCommand> found = findJava(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static List<String> options(List<String> argv) {
        List<String> options = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (END.contains(arg) || !(arg.startsWith("-") || arg.startsWith("@"))) {
                break;
            }
            options.add(arg);
            if (WITH_VALUE.contains(arg) && i + 1 < argv.size()) {
                options.add(argv.get(++i));
            }
        }
        return options;
    }

    private static List<String> argv(long pid) {
        try {
            byte[] raw = ProcFs.readBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return List.of();
            }
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Long> children(long pid) {
        try {
            String list = ProcFs.read(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            return list.isBlank() ? List.of() : Arrays.stream(list.trim().split("\\s+")).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> readLink(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void awaitOrKill(Process process, long deadlineNanos) {
        while (process.isAlive() && System.nanoTime() - deadlineNanos < 0) {
            Processes.sleep(Duration.ofMillis(5));
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** @return the java binary running this JVM */
    /** @return the first line of {@code java -version} of {@link #java}, e.g. openjdk version "21.0.13.1" */
    String version() {
        Shell.Result result = Shell.run(List.of(java, "-version"), Map.of());
        return result.output().lines().findFirst().orElse("java -version exited " + result.exitCode());
    }

    static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
