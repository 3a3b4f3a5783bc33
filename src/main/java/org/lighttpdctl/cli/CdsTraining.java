package org.lighttpdctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code lighttpdctl --cds-training [LIGHTTPD]}: the training run behind the class-data-sharing archive (make cds,
 * and the package's postinst, with {@code -XX:ArchiveClassesAtExit}). One JVM runs every action the way an
 * administrator would, so that the archive holds every class they load, the native bindings and the mutating
 * paths included: configtest, start, status, graceful, restart, reopen-logs, stop, against a throw-away lighttpd
 * on a free 127.0.0.1 port whose configuration, pidfile, logs and state live in a new temp directory, removed
 * at the end. Nothing of the system's lighttpd is read or touched. Not part of the CLI contract (no --help).
 */
final class CdsTraining {
    static final String ARGUMENT = "--cds-training";
    private static final int MAX_KILL_ROUNDS = 50;
    /** Set when the cleanup began (a SIGTERM): no further action is started. */
    private static volatile boolean stopping;

    private CdsTraining() {
    }

    /** Runs the actions; returns 0 when each did what it should, 1 otherwise (the archive is made either way). */
    static int run(List<String> args) {
        Path daemon = Path.of(args.isEmpty() ? "/usr/sbin/lighttpd" : args.get(0));
        Path dir;
        try {
            dir = Files.createTempDirectory("lighttpdctl-cds-");
        } catch (IOException e) {
            System.err.println("lighttpdctl: cannot create a temp directory: " + e.getMessage());
            return 1;
        }
        // timeout(1) in the postinst ends a slow training with SIGTERM: finally blocks do not run then, shutdown
        // hooks do. Without this a root lighttpd would keep serving from the temp directory until reboot.
        Thread cleanUp = new Thread(() -> killServersOf(dir, daemon), "cds-training-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            Path config = writeSite(dir);
            List<String> common = List.of("-q", "-f", config.toString(), "--daemon", daemon.toString(),
                    "--state-dir", dir.resolve("state").toString(), "--timeout", "10", "--lock-timeout", "10");
            int failures = 0;
            try {
                failures += expect(0, "configtest", common);
                failures += expect(0, "start", common);
                failures += expect(0, "status", common);
                failures += expect(0, "status", append(common, "--json"));
                failures += expect(0, "graceful", append(common, "--drain-timeout", "5"));
                failures += expect(0, "restart", append(common, "--drain-timeout", "5"));
                failures += expect(0, "reopen-logs", common);
            } finally {
                failures += expect(0, "stop", common);
                failures += expect(3, "status", common);
            }
            return failures == 0 ? 0 : 1;
        } catch (IOException e) {
            System.err.println("lighttpdctl: cannot write the training site in " + dir + ": " + e.getMessage());
            return 1;
        } finally {
            killServersOf(dir, daemon);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }

    /**
     * Ends (SIGKILL, by PID) every process running the training's lighttpd on a file in its temp directory, whose
     * random name nothing else uses, then removes the directory. On SIGTERM the main thread goes on while shutdown
     * hooks run: it starts no further action ({@link #stopping}), but one under way may still spawn a generation or
     * write a record into the directory while it is being removed, so this repeats until a round finds no server
     * and the directory gone (bounded).
     */
    private static void killServersOf(Path dir, Path daemon) {
        stopping = true;
        for (int round = 0; round < MAX_KILL_ROUNDS; round++) {
            List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> runsOn(p, dir, daemon)).toList();
            found.forEach(ProcessHandle::destroyForcibly);
            if (round > 0 && found.isEmpty() && deleteTree(dir).isEmpty()) {
                return;
            }
            org.lighttpdctl.os.Sleep.millis(100);
        }
        deleteTree(dir).ifPresent(e -> System.err.println("lighttpdctl: cannot remove " + dir + ": " + e));
    }

    private static boolean runsOn(ProcessHandle process, Path dir, Path daemon) {
        String prefix = dir.toString() + "/";
        boolean namesDir = process.info().arguments().map(args -> java.util.Arrays.stream(args)
                .anyMatch(arg -> arg.startsWith(prefix))).orElse(false);
        String command = process.info().command().orElse("");
        return namesDir && (command.equals(daemon.toString()) || command.equals(realPath(daemon)));
    }

    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toString();
        }
    }

    private static int expect(int exitCode, String action, List<String> options) {
        if (stopping) {
            return 1;
        }
        List<String> argv = new ArrayList<>();
        argv.add(action);
        argv.addAll(options);
        int got = LighttpdctlCommand.execute(argv.toArray(String[]::new));
        if (got != exitCode) {
            System.err.println("lighttpdctl: training: " + action + " exited " + got + ", expected " + exitCode);
            return 1;
        }
        return 0;
    }

    private static List<String> append(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    /** A minimal static site on a port that was free a moment ago (the kernel's pick, then released). */
    private static Path writeSite(Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dir.resolve("docroot"));
        Files.writeString(dir.resolve("docroot/index.html"), "training\n", StandardCharsets.UTF_8);
        Path config = dir.resolve("lighttpd.conf");
        Files.writeString(config, String.join("\n",
                "server.modules = ( \"mod_staticfile\" )",
                "server.bind = \"127.0.0.1\"",
                "server.port = " + port,
                "server.document-root = \"" + dir.resolve("docroot") + "\"",
                "server.errorlog = \"" + dir.resolve("error.log") + "\"",
                "server.pid-file = \"" + dir.resolve("lighttpd.pid") + "\"",
                "server.feature-flags += ( \"server.graceful-shutdown-timeout\" => 2 )",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    /**
     * Removes {@code dir} and everything in it, going past what cannot be removed; returns why it still exists, or
     * empty when it is gone.
     */
    private static Optional<String> deleteTree(Path dir) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.of(e.getMessage()); // a file removed under the walk: the next round walks again
        }
        String failure = null;
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failure = e.toString();
            }
        }
        return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(failure == null ? "still there" : failure)
                : Optional.empty();
    }
}
