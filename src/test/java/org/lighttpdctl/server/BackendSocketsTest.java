package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.server.config.Backends;
import org.lighttpdctl.server.config.ConfigParser;
import org.lighttpdctl.server.config.ConfigValue;
import org.lighttpdctl.server.config.DumpFixtures;
import org.lighttpdctl.server.config.LighttpdConfig;

/** Per-generation backend sockets, on the lighttpd -p output of Debian's own configurations. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class BackendSocketsTest {

    @Test
    void debiansFastcgiPhpGetsTheGenerationInItsSocketAndNothingElseChanges() throws Exception {
        for (String fixture : List.of("debian12-1.4.69.conf", "debian13-1.4.79.conf")) {
            LighttpdConfig config = ConfigParser.parse(DumpFixtures.read(fixture));
            List<String> lines = BackendSockets.overrides(config, 7);
            assertEquals(1, lines.size(), fixture + ": " + lines);
            assertTrue(lines.get(0).startsWith("fastcgi.server := "), lines.get(0));
            ConfigValue printed = ConfigParser.parseValue(lines.get(0).substring("fastcgi.server := ".length()));
            ConfigValue expected = Backends.rewriteHosts(config.global("fastcgi.server").get(),
                    o -> o.with("socket", new org.lighttpdctl.server.config.ConfigString("/run/lighttpd/php.socket.g7")));
            assertEquals(expected, printed, fixture);
            assertEquals(List.of(Path.of("/run/lighttpd/php.socket")), BackendSockets.configuredSockets(config));
            EffectiveConfig effective = ConfigDump.of(config, (dir, user) -> Optional.empty());
            assertTrue(effective.overlapHazards().stream().noneMatch(h -> h.contains("bin-path")),
                    fixture + ": " + effective.overlapHazards());
        }
    }

    @Test
    void binPathInsideAConditionIsAHazardAndIsNotRewritten() throws Exception {
        LighttpdConfig config = ConfigParser.parse(DumpFixtures.read("tricky-debian12-1.4.69.conf"));
        assertTrue(ConfigDump.of(config).overlapHazards().stream()
                .anyMatch(h -> h.contains("bin-path /usr/bin/php-cgi") && h.contains("inside a condition block")),
                ConfigDump.of(config).overlapHazards().toString());
        assertTrue(config.backends().stream().filter(b -> b.spawnedByLighttpd())
                .noneMatch(BackendSockets::perGeneration));
    }

    @Test
    void aTcpBinPathBackendIsAHazard() throws Exception {
        LighttpdConfig config = ConfigParser.parse("config {\n    fastcgi.server = (\n        \".php\" => (\n"
                + "            (\n                \"bin-path\" => \"/usr/bin/php-cgi\",\n"
                + "                \"host\" => \"127.0.0.1\",\n                \"port\" => 9000,\n            ),\n"
                + "        ),\n    )\n}\n");
        assertEquals(List.of(), BackendSockets.overrides(config, 3));
        assertTrue(ConfigDump.of(config).overlapHazards().get(0).contains("on a TCP port"),
                ConfigDump.of(config).overlapHazards().toString());
    }

    @Test
    void generationOfReadsOnlyThisSocketsGenerationNames() {
        Path configured = Path.of("/run/lighttpd/php.socket");
        assertEquals(Optional.of(7L), BackendSockets.generationOf(configured, "php.socket.g7-0"));
        assertEquals(Optional.of(12L), BackendSockets.generationOf(configured, "php.socket.g12"));
        assertEquals(Optional.empty(), BackendSockets.generationOf(configured, "php.socket-0"));
        assertEquals(Optional.empty(), BackendSockets.generationOf(configured, "php.socket.g7-0.bak"));
        assertEquals(Optional.empty(), BackendSockets.generationOf(configured, "other.socket.g7-0"));
    }

}
