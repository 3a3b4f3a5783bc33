package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/** The effective configuration, read through the real {@code lighttpd -p}, never from the source text. */
class ConfigDumpTest {
    @TempDir
    Path dir;

    private EffectiveConfig effective(String config) throws IOException, LighttpdctlException {
        Path file = dir.resolve("lighttpd.conf");
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(file, "server.document-root = \"" + dir.resolve("www") + "\"\n" + config);
        return new LighttpdBinary(Path.of("/usr/sbin/lighttpd")).effectiveConfig(file);
    }

    @Test
    void everyKindOfListenerIsFound() throws Exception {
        EffectiveConfig config = effective("""
                server.bind = "127.0.0.1"
                server.port = 8081
                $SERVER["socket"] == "[::1]:8082" { }
                $SERVER["socket"] == ":8083" { }
                $SERVER["socket"] == "/run/x.sock" { }
                $HTTP["host"] == "example.org" {
                  $SERVER["socket"] == "127.0.0.2:8084" { }
                }
                """);
        assertEquals(List.of(
                new Endpoint.Tcp("127.0.0.1", 8081, false),
                new Endpoint.Tcp("[::1]", 8082, false),
                new Endpoint.Tcp("", 8083, false),
                new Endpoint.Unix(Path.of("/run/x.sock"), false),
                new Endpoint.Tcp("127.0.0.2", 8084, false)), config.endpoints());
    }

    @Test
    void defaultsAreLighttpds() throws Exception {
        EffectiveConfig config = effective("");
        assertEquals(List.of(new Endpoint.Tcp("", 80, false)), config.endpoints());
        assertEquals(Optional.empty(), config.pidFile());
        assertEquals(8, config.gracefulShutdownSeconds());
        assertFalse(config.socketActivation());
        assertEquals(List.of(), config.overlapHazards());
    }

    @Test
    void serverSettingsAreRead() throws Exception {
        EffectiveConfig config = effective("""
                server.port = 8080
                server.pid-file = "/run/x.pid"
                server.errorlog = "/var/log/x.log"
                server.username = "www-data"
                server.systemd-socket-activation = "enable"
                server.feature-flags += ("server.h2proto" => "enable")
                server.feature-flags += ("server.graceful-shutdown-timeout" => 3)
                """);
        assertEquals(Optional.of(Path.of("/run/x.pid")), config.pidFile());
        assertEquals(Optional.of(Path.of("/var/log/x.log")), config.errorLog());
        assertEquals(Optional.of("www-data"), config.username());
        assertTrue(config.socketActivation());
        assertEquals(3, config.gracefulShutdownSeconds());
    }

    @Test
    void anIncludedFileAndAVariableAreExpandedByLighttpd() throws Exception {
        Path included = dir.resolve("ports.conf");
        Files.writeString(included, "var.p = 9000\nserver.port = var.p + 1\n");
        EffectiveConfig config = effective("include \"" + included + "\"\n");
        assertEquals(List.of(new Endpoint.Tcp("", 9001, false)), config.endpoints());
    }

    @Test
    void backendsLighttpdSpawnsAreOverlapHazards() throws Exception {
        EffectiveConfig config = effective("""
                server.modules += ("mod_fastcgi")
                fastcgi.server = ( ".php" => (( "bin-path" => "/usr/bin/php-cgi", "socket" => "/run/php.sock" )))
                """);
        assertEquals(1, config.overlapHazards().size());
        assertTrue(config.overlapHazards().get(0).contains("bin-path /usr/bin/php-cgi"));
    }

    @Test
    void tlsIsNotedPerSocket() throws Exception {
        EffectiveConfig config = effective("""
                server.port = 8080
                $SERVER["socket"] == "127.0.0.1:8443" { ssl.engine = "enable" }
                """);
        assertEquals(new Endpoint.Tcp("127.0.0.1", 8443, true), config.endpoints().get(1));
        assertFalse(config.endpoints().get(0).tls());
    }

    /** lighttpd -tt and -p accept a server.bind they only check when binding; lighttpdctl names it, exit 6. */
    @Test
    void aListenerThatIsNoAddressIsNamedNotAnInternalError() {
        InvalidEndpointException unclosed = assertThrows(InvalidEndpointException.class,
                () -> effective("server.bind = \"[::1\"\n"));
        assertEquals(ExitCode.NOT_CONFIGURED, unclosed.exitCode());
        assertTrue(unclosed.getMessage().startsWith("cannot use listener \"[::1\""), unclosed.getMessage());
        InvalidEndpointException port = assertThrows(InvalidEndpointException.class,
                () -> effective("server.bind = \"127.0.0.1:http\"\n"));
        assertTrue(port.getMessage().contains("port \"http\""), port.getMessage());
    }
}
