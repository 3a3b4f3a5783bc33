package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/** The state directory's name, made by loops, is the one the regex and the Formatter made before. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class InstanceStateDirTest {
    private static final List<String> NAMES = List.of("lighttpd.conf", "my site (2).conf", "a b\tc", "x/y", "",
            "UPPER-lower_09.conf", "caf\u00e9.conf", "\ud83d\ude00.conf", "half\ud83d.conf", "\udc00x", "\u0000",
            "a\u00a0b", "z~!@#$%^&*()+=");

    @Test
    void readableNameIsTheRegexReplacement() {
        for (String name : NAMES) {
            assertEquals(name.replaceAll("[^A-Za-z0-9._-]", "_"), Instance.readable(name), name);
        }
    }

    @Test
    void hashIsPaddedHexAsFormatMadeIt() {
        Path root = Path.of("/var/lib/lighttpdctl");
        for (int i = 0; i < 2000; i++) {
            Path config = Path.of("/etc/lighttpd/site" + i + "/lighttpd.conf");
            CRC32 crc = new CRC32();
            crc.update(config.toString().getBytes(StandardCharsets.UTF_8));
            String expected = "lighttpd.conf-" + String.format("%08x", crc.getValue());
            assertEquals(root.resolve(expected), Instance.stateDirFor(root, config));
        }
    }
}
