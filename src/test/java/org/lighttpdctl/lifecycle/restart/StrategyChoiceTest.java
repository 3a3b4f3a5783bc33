package org.lighttpdctl.lifecycle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.os.Syscalls;
import org.lighttpdctl.server.EffectiveConfig;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.LighttpdBinary;
import org.lighttpdctl.server.Pidfile;

/** The automatic choice of strategy, on configurations read by the real lighttpd -p. */
class StrategyChoiceTest {
    @TempDir
    Path dir;

    private Instance instance(String config) throws Exception {
        Path file = dir.resolve("lighttpd.conf");
        Files.writeString(file, "server.document-root = \"" + dir + "\"\nserver.port = 8080\n" + config);
        LighttpdBinary binary = new LighttpdBinary(Path.of("/usr/sbin/lighttpd"));
        EffectiveConfig effective = binary.effectiveConfig(file);
        return new Instance(file, binary, effective, new Pidfile(dir.resolve("pid"), true, 32768,
                Syscalls.system()), dir, Syscalls.system());
    }

    @Test
    void aPlainConfigurationIsHandedOver() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), instance(""), false);
        assertEquals(Strategy.HANDOFF, choice.strategy());
    }

    @Test
    void aGlobalBinPathBackendOnAUnixSocketIsHandedOver() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), instance("""
                server.modules += ("mod_fastcgi")
                fastcgi.server = ( ".php" => (( "bin-path" => "/usr/bin/php-cgi", "socket" => "/run/php.sock" )))
                """), false);
        assertEquals(Strategy.HANDOFF, choice.strategy());
    }

    @Test
    void backendsLighttpdSpawnsOnTcpForceASequencedRestartAndSaySo() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), instance("""
                server.modules += ("mod_fastcgi")
                fastcgi.server = ( ".php" => (( "bin-path" => "/usr/bin/php-cgi", "host" => "127.0.0.1", "port" => 9000 )))
                """), false);
        assertEquals(Strategy.SEQUENCED, choice.strategy());
        assertTrue(choice.reason().contains("bin-path /usr/bin/php-cgi) on a TCP port"), choice.reason());
    }

    @Test
    void anRrdFileForcesASequencedRestart() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), instance("""
                server.modules += ("mod_rrdtool")
                rrdtool.binary = "/bin/true"
                rrdtool.db-name = "/var/lib/lighttpd/lighttpd.rrd"
                """), false);
        assertEquals(Strategy.SEQUENCED, choice.strategy());
        assertTrue(choice.reason().contains("RRD"), choice.reason());
    }

    @Test
    void anExplicitStrategyWins() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.of(Strategy.IN_PLACE), instance(""), false);
        assertEquals(Strategy.IN_PLACE, choice.strategy());
        assertEquals("requested with --strategy", choice.reason());
    }
}
