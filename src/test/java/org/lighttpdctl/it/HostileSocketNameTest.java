package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Syscalls;
import org.lighttpdctl.testing.OtherUser;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 14, finding 4: any user can add lines to /proc/net/unix by binding a socket whose name holds a newline.
 * One such name made start, stop, graceful and restart of every instance exit 2 (NumberFormatException); a
 * well-formed forged line could name any inode as a listener. Here nobody binds both kinds while the tool works.
 */
class HostileSocketNameTest extends SiteTest {

    @Test
    void socketNamesHoldingNewlinesBreakNothing() throws Exception {
        assertEquals(0, ctl.run("start").exitCode());
        long first = ctl.pidfilePid();
        long tcpInode = new ListeningSockets(Syscalls.system()).all().stream()
                .filter(s -> s.address() instanceof java.net.InetSocketAddress a && a.getPort() == site.port())
                .findFirst().orElseThrow().inode();
        String tag = Long.toString(ProcessHandle.current().pid());
        Path garbage = Path.of("/tmp/lc" + tag + "\nnot a socket line at all, nor one anybody wrote");
        Path forged = Path.of("/tmp/lf" + tag + "\n0000000000000000: 00000002 00000000 00010000 0001 01 " + tcpInode
                + " ", "f.sock");
        try (OtherUser attacker = OtherUser.perl("use IO::Socket::UNIX; use File::Basename; $| = 1; my @s;"
                + " for my $p (@ARGV) { my $d = dirname($p); mkdir $d unless -d $d;"
                + " push @s, IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $p, Listen => 1)"
                + " or die \"cannot bind: $!\\n\"; } print \"bound\\n\"; sleep 600;",
                garbage.toString(), forged.toString())) {
            attacker.awaitLine("bound", Duration.ofSeconds(10));
            try {
                for (String[] call : new String[][] {{"status"}, {"graceful"}, {"restart"}, {"status"}, {"stop"},
                        {"start"}, {"graceful"}}) {
                    Ctl.Result result = ctl.run(call);
                    assertEquals(0, result.exitCode(), String.join(" ", call) + ": " + result);
                    assertTrue(!result.err().contains("not a socket line"), result.toString());
                }
                assertTrue(Processes.awaitDeath(first, Duration.ofSeconds(30)));
                assertEquals(0, ctl.run("stop").exitCode());
                assertEquals(3, ctl.run("status").exitCode());
                assertEquals(List.of(), ctl.lighttpdProcesses());
            } finally {
                for (Path p : List.of(garbage, forged, forged.getParent())) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }
}
