package org.lighttpdctl.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * Runs the real lighttpdctl CLI as a separate process, the way init scripts and systemd do: its own JVM, its own
 * PID (so the tests can SIGKILL it), real exit codes and output. Every call names the site's config and a state
 * dir inside the site's root, so tests never touch the machine's /run.
 */
final class Ctl {
    private static final long CALL_TIMEOUT_SECONDS = 120;
    private final SampleSite site;
    private final Path config;

    Ctl(SampleSite site) {
        this(site, site.config());
    }

    Ctl(SampleSite site, Path config) {
        this.site = site;
        this.config = config;
    }

    Ctl withConfig(Path otherConfig) {
        return new Ctl(site, otherConfig);
    }

    Path stateDir() {
        return site.root().resolve("state");
    }

    /** What a call printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        return run(Map.of(), args);
    }

    Result run(Map<String, String> env, String... args) {
        return finish(start(env, args), List.of(args));
    }

    /** Waits (bounded) for a call to end and reads what it printed; a call still running is killed and fails. */
    private static Result finish(Process process, List<String> what) {
        try {
            if (!process.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("lighttpdctl " + String.join(" ", what) + " did not finish within "
                        + CALL_TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a call without waiting: for concurrent calls and for killing the tool mid-transaction. */
    Process start(Map<String, String> env, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line of a call: java, the tool, the action, -f and --state-dir, the other arguments. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add(args[0]);
        command.addAll(List.of("-f", config.toString(), "--state-dir", stateDir().toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return command;
    }

    /**
     * A call from {@code workingDirectory} naming the site's config and state dir by paths relative to it, as an
     * administrator in /etc/lighttpd types {@code lighttpdctl status -f lighttpd.conf}.
     */
    Result runRelative(Path workingDirectory, String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add(args[0]);
        command.addAll(List.of("-f", workingDirectory.relativize(config).toString(), "--state-dir",
                workingDirectory.relativize(stateDir()).toString()));
        command.addAll(List.of(args).subList(1, args.length));
        try {
            return finish(new ProcessBuilder(command).directory(workingDirectory.toFile()).start(), List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The call without the -f and --state-dir this class adds: for argument errors. */
    static Result runBare(String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(args));
        try {
            return finish(new ProcessBuilder(command).start(), List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical pidfile's PID, or -1 when it is absent or empty. */
    long pidfilePid() {
        try {
            String text = Files.readString(site.pidFile()).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** lighttpd processes whose command line names this site's root: the ones this test started. */
    List<Long> lighttpdProcesses() {
        return Processes.withCommandLineContaining(site.root().toString()).stream()
                .filter(pid -> Processes.commandLine(pid).contains("lighttpd") && !Processes.commandLine(pid)
                        .contains("org.lighttpdctl.cli.Main"))
                .toList();
    }

    private static List<String> javaCommand() {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(javaBin.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath(),
                "org.lighttpdctl.cli.Main");
    }

    private static String classpath() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            return target.resolve("classes") + ":" + Files.readString(target.resolve("test-classpath.txt")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read target/test-classpath.txt (written by mvn's "
                    + "generate-test-resources phase)", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
