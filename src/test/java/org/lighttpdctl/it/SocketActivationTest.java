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
import org.lighttpdctl.testing.Lighttpd;

/**
 * start under socket activation (a .socket unit, or systemd's fd store giving sockets back on ExecStart): the
 * listening socket passed to lighttpdctl at descriptor 3 is the one the first generation serves on.
 */
class SocketActivationTest extends SiteTest {
    /** Binds the port, puts the socket at descriptor 3, sets LISTEN_FDS/LISTEN_PID and exec()s the command. */
    private static final String ACTIVATOR = """
            use IO::Socket::INET; use POSIX; use Fcntl;
            my $port = shift @ARGV;
            my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $port, Listen => 128,
                                          ReuseAddr => 1) or die "cannot listen: $!";
            POSIX::dup2(fileno($s), 3) unless fileno($s) == 3;
            open(my $fd3, "<&=", 3) or die; fcntl($fd3, F_SETFD, 0) or die;
            $ENV{LISTEN_FDS} = 1; $ENV{LISTEN_PID} = $$;
            exec @ARGV or die "cannot exec: $!";
            """;

    @Test
    void socketsPassedByActivationAreHandedToTheFirstGeneration() throws Exception {
        List<String> command = new ArrayList<>(List.of("perl", "-e", ACTIVATOR, Integer.toString(site.port())));
        command.addAll(ctl.command("start"));

        Process activated = new ProcessBuilder(command).start();
        assertTrue(activated.waitFor(120, TimeUnit.SECONDS));
        String out = new String(activated.getInputStream().readAllBytes());
        String err = new String(activated.getErrorStream().readAllBytes());
        assertEquals(0, activated.exitValue(), out + err);
        assertTrue(out.contains("on 1 inherited listening socket(s)"), out + err);

        long serving = ctl.pidfilePid();
        long listener = new ListeningSockets(Syscalls.system()).all().stream()
                .filter(s -> s.address().toString().endsWith(":" + site.port())).findFirst().orElseThrow().inode();
        assertEquals(Integer.valueOf(3), new Procfs().socketDescriptors((int) serving).get(listener),
                "the generation must serve on the inherited socket, at descriptor 3");
        assertTrue(Lighttpd.accepts(site.port()));
    }
}
