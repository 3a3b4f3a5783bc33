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
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class ConfigDumpFixtureTest {

    /** With /run/lighttpd as Debian makes it (www-data's, 0750), whatever this host has there. */
    private static EffectiveConfig effective(String fixture) throws Exception {
        return ConfigDump.of(org.lighttpdctl.server.config.ConfigParser.parse(DumpFixtures.read(fixture)),
                (dir, user) -> Optional.empty());
    }

    /** Where /run/lighttpd could be written by others, PHP keeps its configured socket, and the reason is named. */
    @Test
    void aSocketDirectoryOthersCanWriteIsAHazardNamingIt() throws Exception {
        EffectiveConfig config = ConfigDump.of(org.lighttpdctl.server.config.ConfigParser.parse(
                DumpFixtures.read("debian12-1.4.69.conf")), (dir, user) -> Optional.of(dir + " is writable by others"));
        assertEquals(List.of(), config.backendSockets());
        assertTrue(config.overlapHazards().contains("the backend socket directory /run/lighttpd is not reserved to"
                + " root and server.username (/run/lighttpd is writable by others): per-generation sockets there"
                + " could be taken over, so the backends keep their configured sockets"), config.overlapHazards()
                .toString());
    }

    private static void assertDebianServerSettings(EffectiveConfig config, String fixture, int graceful) {
        assertEquals(Optional.of(Path.of("/run/lighttpd.pid")), config.pidFile(), fixture);
        assertEquals(Optional.of(Path.of("/var/log/lighttpd/error.log")), config.errorLog(), fixture);
        assertEquals(Optional.of("www-data"), config.username(), fixture);
        assertEquals(Optional.empty(), config.chroot(), fixture);
        assertFalse(config.socketActivation(), fixture);
        assertEquals(graceful, config.gracefulShutdownSeconds(), fixture);
        // Debian's fastcgi-php gets a php-cgi socket per generation (BackendSockets): no hazard; mod_rrdtool is one.
        assertEquals(List.of("mod_rrdtool writes one RRD file that two generations would share"),
                config.overlapHazards(), fixture);
        assertEquals(List.of(java.nio.file.Path.of("/run/lighttpd/php.socket")), config.backendSockets(), fixture);
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
