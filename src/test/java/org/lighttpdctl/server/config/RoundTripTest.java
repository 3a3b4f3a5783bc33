package org.lighttpdctl.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lighttpdctl.server.LighttpdBinary;

/**
 * parse -> print -> lighttpd reads it back and prints the same: the printer writes configuration lighttpd
 * accepts with the same meaning.
 */
class RoundTripTest {
    private static final LighttpdBinary LIGHTTPD = new LighttpdBinary(Path.of("/usr/sbin/lighttpd"));

    @TempDir
    Path dir;

    /** The -p output without the two variables lighttpd sets itself at every start. */
    private static String stable(String dump) {
        return dump.lines().filter(l -> !l.matches("\\s*var\\.(CWD|PID)\\s*=.*")).reduce("", (a, b) -> a + b + "\n");
    }

    /** With this host's real lighttpd (Debian 12, 1.4.69): -p of the printed configuration is the same text. */
    @Test
    void theHostsLighttpdReadsThePrintedConfigurationBackIdentically() throws Exception {
        for (String fixture : List.of("debian12-1.4.69.conf", "tricky-debian12-1.4.69.conf")) {
            String original = DumpFixtures.read(fixture);
            Path printed = dir.resolve(fixture);
            Files.writeString(printed, ConfigPrinter.print(ConfigParser.parse(original)));
            LighttpdConfig reread = LIGHTTPD.parsedConfig(printed); // fails with exit code 6 if -p rejects it
            assertEquals(DumpFixtures.stableGlobals(ConfigParser.parse(original)), DumpFixtures.stableGlobals(reread),
                    fixture);
            assertEquals(ConfigParser.parse(original).root().children(), reread.root().children(), fixture);
        }
        Path tricky = dir.resolve("tricky-debian12-1.4.69.conf");
        LIGHTTPD.check(tricky); // -tt: the modules accept it too
    }

    /**
     * lighttpd 1.4.79 and 1.4.85 (Debian 13 and forky chroots, see the fixtures' README) read the printer's output
     * of their own -p output; what they printed then is recorded as roundtrip-*.conf.
     */
    @Test
    void debian13AndForkyLighttpdReadThePrintedConfigurationBackIdentically() throws Exception {
        for (String fixture : List.of("debian13-1.4.79.conf", "tricky-debian13-1.4.79.conf",
                "debian-forky-1.4.85.conf", "tricky-debian-forky-1.4.85.conf")) {
            String recorded = DumpFixtures.read("roundtrip-" + fixture);
            assertEquals(stable(DumpFixtures.read(fixture)), stable(recorded), fixture);
            assertEquals(ConfigParser.parse(DumpFixtures.read(fixture)).root().children(),
                    ConfigParser.parse(recorded).root().children(), fixture);
        }
    }
}
