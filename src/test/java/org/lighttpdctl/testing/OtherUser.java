package org.lighttpdctl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A process of another, unprivileged user ({@code nobody}), the attacker of the security tests: it runs a perl
 * script through {@code setpriv} (no shell, no inherited groups) and collects what it prints. {@link #close()} ends
 * it by PID.
 */
public final class OtherUser implements AutoCloseable {
    public static final String USER = "nobody";
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private OtherUser(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "other-user-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code perl -e script args...} as nobody:nogroup. */
    public static OtherUser perl(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=nogroup",
                "--clear-groups", "perl", "-e", script));
        command.addAll(List.of(args));
        return new OtherUser(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * Binds and listens on each unix socket path as nobody, and prints "listening", then "connected PATH" for each
     * connection it accepts (and closes): who connects to it is who would have sent it a request. A socket removed
     * by someone else is bound again within about a millisecond, as an attacker racing a sweep would.
     */
    public static OtherUser squatUnixSockets(List<String> paths) throws IOException {
        OtherUser squatter = perl("use IO::Socket::UNIX; use IO::Select; $| = 1; my %by;"
                + " sub bind_all { for my $p (@ARGV) { next if -S $p && $by{$p};"
                + " $by{$p}->close if $by{$p}; unlink $p if -S $p;"
                + " $by{$p} = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $p, Listen => 16); } }"
                + " bind_all(); die \"cannot bind @ARGV\\n\" if grep { !$_ } values %by;"
                + " print \"listening\\n\";"
                + " while (1) { my $sel = IO::Select->new(grep { $_ } values %by);"
                + " for my $r ($sel->can_read(0.001)) { my $c = $r->accept or next;"
                + " print \"connected \", $r->hostpath, \"\\n\"; close $c; } bind_all(); }",
                paths.toArray(String[]::new));
        squatter.awaitLine("listening", Duration.ofSeconds(10));
        return squatter;
    }

    /** Waits (bounded) for a line; fails with everything printed so far if the process ends or time runs out. */
    public void awaitLine(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.contains(line)) {
                return;
            }
            if (!process.isAlive() && !lines.contains(line)) {
                sleepBriefly(); // let the reader drain the last lines
                if (lines.contains(line)) {
                    return;
                }
                throw new AssertionError("other user's process ended without \"" + line + "\": " + output());
            }
            sleepBriefly();
        }
        throw new AssertionError("no \"" + line + "\" from the other user's process within " + timeout + ": "
                + output());
    }

    /** Everything it printed so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // setpriv execs perl: the PID is the attacker's own process
        Processes.terminate(process.pid(), Duration.ofSeconds(5));
    }
}
