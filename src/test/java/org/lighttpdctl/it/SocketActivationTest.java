package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Syscalls;
import org.lighttpdctl.testing.FreePorts;
import org.lighttpdctl.testing.Lighttpd;

/**
 * start under socket activation (a .socket unit, or systemd's fd store giving sockets back on ExecStart): the
 * listening socket passed to lighttpdctl at descriptor 3 is the one the first generation serves on.
 */
class SocketActivationTest extends SiteTest {
    /**
     * Binds each port on 127.0.0.1, puts the sockets at descriptors 3, 4, ... in order, sets LISTEN_FDS/LISTEN_PID
     * and exec()s the command: perl -e ACTIVATOR N PORT1 .. PORTN COMMAND...
     */
    private static final String ACTIVATOR = """
            use IO::Socket::INET; use POSIX;
            my $n = shift @ARGV; my @ports = splice(@ARGV, 0, $n);
            my @sockets = map { IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $_, Listen => 128,
                                ReuseAddr => 1) or die "cannot listen on $_: $!" } @ports;
            my @copies = map { POSIX::dup(fileno($_)) } @sockets;
            for my $i (0 .. $#copies) { POSIX::dup2($copies[$i], 3 + $i) or die "cannot dup2: $!" }
            for my $fd (@copies) { POSIX::close($fd) if $fd >= 3 + $n }
            $ENV{LISTEN_FDS} = $n; $ENV{LISTEN_PID} = $$;
            exec @ARGV or die "cannot exec: $!";
            """;

    /** Runs {@code start} with listening sockets on {@code ports} passed by activation; returns its output. */
    private String startActivated(int... ports) throws Exception {
        List<String> command = new ArrayList<>(List.of("perl", "-e", ACTIVATOR, Integer.toString(ports.length)));
        for (int port : ports) {
            command.add(Integer.toString(port));
        }
        command.addAll(ctl.command("start"));
        Process activated = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(activated.getInputStream().readAllBytes());
        assertTrue(activated.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, activated.exitValue(), out);
        return out;
    }

    @Test
    void socketsPassedByActivationAreHandedToTheFirstGeneration() throws Exception {
        String out = startActivated(site.port());
        assertTrue(out.contains("on 1 inherited listening socket(s)"), out);

        long serving = ctl.pidfilePid();
        long listener = new ListeningSockets(Syscalls.system()).all().stream()
                .filter(s -> s.address().toString().endsWith(":" + site.port())).findFirst().orElseThrow().inode();
        assertEquals(Integer.valueOf(3), new Procfs().socketDescriptors((int) serving).get(listener),
                "the generation must serve on the inherited socket, at descriptor 3");
        assertTrue(Lighttpd.accepts(site.port()));
    }

    /**
     * A listening socket passed in that the configuration does not name is not handed on: lighttpd would serve on
     * any inherited socket it cannot match to its configuration, and systemd's file descriptor store, which gives
     * sockets back at ExecStart=, also takes descriptors from lighttpd's own main process (NotifyAccess=exec), which
     * runs as www-data.
     */
    @Test
    void aPassedSocketTheConfigurationDoesNotNameIsNotServed() throws Exception {
        int stranger = FreePorts.pick(1)[0];
        String out = startActivated(site.port(), stranger);
        assertTrue(out.contains("on 1 inherited listening socket(s)"), out);
        assertTrue(out.contains("ignoring the listening socket inherited at descriptor 4 (127.0.0.1:" + stranger
                + "): the configuration does not listen there"), out);
        assertTrue(Lighttpd.accepts(site.port()));
        long serving = ctl.pidfilePid();
        assertTrue(new ListeningSockets(Syscalls.system()).all().stream()
                .noneMatch(s -> s.address().toString().endsWith(":" + stranger)),
                "a socket the configuration does not name is still listening (PID " + serving + " serves it)");
    }
}
