package org.lighttpdctl.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** lighttpd -p prints array keys raw (issue 14, finding 5): as lighttpd 1.4.69 printed them. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class RawKeyTest {

    @Test
    void aKeyHoldingAQuoteIsReadWholeAndMarksTheOutputAmbiguous() throws Exception {
        LighttpdConfig config = ConfigParser.parse("config {\n"
                + "    setenv.add-response-header = (\n"
                + "        \"X-\"a\"\" => \"b\",\n"
                + "        \"c\"     => \"d\\\"e\",\n"
                + "    )\n"
                + "}\n");
        ConfigArray headers = config.global("setenv.add-response-header").flatMap(ConfigValue::asArray).orElseThrow();
        assertEquals("b", headers.getString("X-\"a\"").orElseThrow());
        assertEquals("d\"e", headers.getString("c").orElseThrow());
        assertEquals(OptionalInt.of(3), config.ambiguousLine());
    }

    @Test
    void entriesSharingALineAreAmbiguous() throws Exception {
        LighttpdConfig config = ConfigParser.parse("config {\n"
                + "    fastcgi.server = (\n"
                + "        \".php\" => (\n"
                + "            (\n"
                + "                \"socket\" => \"/run/x.sock\",\n"
                + "                \"x\" => \"1\", \"bin-path\" => \"/tmp/evil\", \"y\" => \"z\",\n"
                + "            ),\n"
                + "        ),\n"
                + "    )\n"
                + "}\n");
        assertEquals(OptionalInt.of(6), config.ambiguousLine());
        assertTrue(org.lighttpdctl.server.ConfigDump.of(config, (dir, user) -> java.util.Optional.empty())
                .backendSockets().isEmpty(), "nothing is rewritten from ambiguous output");
    }

    @Test
    void debiansOwnOutputIsUnambiguous() throws Exception {
        for (String fixture : java.util.List.of("debian12-1.4.69.conf", "debian13-1.4.79.conf")) {
            assertEquals(OptionalInt.empty(), ConfigParser.parse(DumpFixtures.read(fixture)).ambiguousLine(), fixture);
        }
    }

    @Test
    void aListElementHoldingAnArrowIsNoKey() throws Exception {
        LighttpdConfig config = ConfigParser.parse("config {\n"
                + "    server.modules = (\n"
                + "        \"a\\\" => b\",\n"
                + "    )\n"
                + "}\n");
        assertEquals(ConfigArray.list(new ConfigString("a\" => b")), config.global("server.modules").orElseThrow());
        assertEquals(OptionalInt.empty(), config.ambiguousLine());
    }
}
