package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A generation record is written by hand (not Properties.store, which loads the time-zone database) and read by
 * Properties.load: every value comes back exactly, and none can add a key or end its line early.
 */
@Tag("unit")
class GenerationRecordTest {

    @Test
    void everyValueComesBackExactlyWhateverItsCharacters() throws Exception {
        List<String> paths = List.of("/usr/sbin/lighttpd", "/opt/a b/lighttpd", "/tmp/x\nrole=SERVING",
                "/tmp/x\r\npid=1", "/tmp/#not-a-comment", "/tmp/!bang", "/tmp/a=b:c", "/tmp/back\\slash",
                "/tmp/trailing\\", " /leading space", "/tmp/\u00e9t\u00e9", "/tmp/\ud83d\ude00",
                "/tmp/\\u0041");
        for (String path : paths) {
            Generation written = new Generation(7, 4242, 123456789L, Path.of(path), Generation.Role.DRAINING,
                    1_700_000_000_000L, true);
            Properties read = new Properties();
            read.load(new StringReader(written.toRecordText()));
            assertEquals(written, Generation.fromProperties(read), "round trip of " + path);
            assertEquals(7, read.size(), "no key added by " + path + ": " + read.stringPropertyNames());
            assertEquals(8, written.toRecordText().lines().count(), "one line per key and the comment: " + path);
        }
    }

    @Test
    void theTextReadsAsTheOldStoredRecordsDid() throws Exception {
        Generation g = new Generation(3, 99, 42L, Path.of("/usr/sbin/lighttpd"), Generation.Role.SERVING, 0, false);
        String text = g.toRecordText();
        assertTrue(text.startsWith("# lighttpdctl generation record\n"), text);
        assertTrue(text.contains("\nexecutable=/usr/sbin/lighttpd\n") && text.contains("\nrole=SERVING\n"), text);
    }
}
