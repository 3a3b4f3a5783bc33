package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.server.config.DumpFixtures;

/** What lighttpdctl reads from Debian's default configuration as each Debian release's lighttpd prints it. */
class ConfigDumpFixtureTest {

    private static EffectiveConfig effective(String fixture) throws Exception {
        return ConfigDump.parse(DumpFixtures.read(fixture));
    }

    private static void assertDebianServerSettings(EffectiveConfig config, String fixture, int graceful) {
        assertEquals(Optional.of(Path.of("/run/lighttpd.pid")), config.pidFile(), fixture);
        assertEquals(Optional.of(Path.of("/var/log/lighttpd/error.log")), config.errorLog(), fixture);
        assertEquals(Optional.of("www-data"), config.username(), fixture);
        assertEquals(Optional.empty(), config.chroot(), fixture);
        assertFalse(config.socketActivation(), fixture);
        assertEquals(graceful, config.gracefulShutdownSeconds(), fixture);
        assertEquals(List.of(
                "a backend started by lighttpd itself (bin-path /usr/bin/php-cgi) listens at a fixed socket path"
                        + " that two generations would share",
                "mod_rrdtool writes one RRD file that two generations would share"), config.overlapHazards(), fixture);
    }

    @Test
    void debian12() throws Exception {
        EffectiveConfig config = effective("debian12-1.4.69.conf");
        assertEquals(List.of(new Endpoint.Tcp("", 80, false), new Endpoint.Tcp("[::]", 80, false)),
                config.endpoints());
        assertDebianServerSettings(config, "debian12", 5); // bookworm sets the feature flag
    }

    /** 1.4.79 prints "if $SERVER[...]": the IPv6 block must still be found (it once ended in an internal error). */
    @Test
    void debian13AndForkyWithTheSslModule() throws Exception {
        for (String fixture : List.of("debian13-1.4.79.conf", "debian-forky-1.4.85.conf")) {
            EffectiveConfig config = effective(fixture);
            assertEquals(List.of(
                    new Endpoint.Tcp("", 80, false),
                    new Endpoint.Tcp("0.0.0.0", 443, true),
                    new Endpoint.Tcp("[::]", 443, true),
                    new Endpoint.Tcp("[::]", 80, false)), config.endpoints(), fixture);
            assertDebianServerSettings(config, fixture, 8); // trixie's lighttpd.conf leaves lighttpd's default
        }
    }

    @Test
    void trickyConfigurationOnEveryVersion() throws Exception {
        for (String fixture : DumpFixtures.TRICKY) {
            EffectiveConfig config = effective(fixture);
            assertEquals(List.of(new Endpoint.Tcp("127.0.0.1", 8080, false), new Endpoint.Tcp("[::1]", 8443, false)),
                    config.endpoints(), fixture);
            assertEquals(0, config.gracefulShutdownSeconds(), fixture);
            assertEquals(2, config.overlapHazards().size(), fixture);
            assertTrue(config.overlapHazards().get(0).contains("bin-path /usr/bin/a-scgi"), fixture);
            assertTrue(config.overlapHazards().get(1).contains("bin-path /usr/bin/php-cgi"), fixture);
        }
    }
}
