package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SampleSiteTest {
    @Test
    void rendersValidConfigsWithFreshPortsAndDocroot() throws Exception {
        Path root;
        try (SampleSite site = SampleSite.create()) {
            root = site.root();
            for (Path config : List.of(site.config(), site.ipv6Config(), site.secondPortConfig(),
                    site.brokenConfig("missing-docroot"))) {
                String text = Files.readString(config);
                assertFalse(text.contains("@"), "unrendered placeholder in " + config + ":\n" + text);
                assertEquals(0, configTest(config), "lighttpd -tt " + config);
            }
            assertTrue(Files.readString(site.config()).contains("server.port          = " + site.port()));
            assertTrue(Files.readString(site.config()).contains("\"127.0.0.1\""));
            assertEquals(SampleSite.INDEX_BODY, Files.readString(site.docroot().resolve("index.html")));
            assertEquals(BigFile.SIZE, Files.size(site.docroot().resolve("big.bin")));
            assertNotEquals(site.port(), site.port2());
        }
        assertFalse(Files.exists(root), "close() deletes the root");
    }

    @Test
    void brokenConfigsFailTheFullConfigTest() throws Exception {
        try (SampleSite site = SampleSite.create()) {
            assertNotEquals(0, configTest(site.brokenConfig("syntax-error")));
            assertNotEquals(0, configTest(site.brokenConfig("unknown-module")));
        }
    }

    /** @return the exit code of {@code lighttpd -tt -f config} */
    private static int configTest(Path config) throws Exception {
        Process process = new ProcessBuilder(Lighttpd.BINARY.toString(), "-tt", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lighttpd -tt finished");
        return process.exitValue();
    }
}
