package org.lighttpdctl.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.ExitCode;

/** The parser against recorded output of lighttpd 1.4.69, 1.4.79 and 1.4.85, and against what it must refuse. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class ConfigParserTest {

    private static LighttpdConfig parse(String fixture) throws ConfigSyntaxException {
        return ConfigParser.parse(DumpFixtures.read(fixture));
    }

    @Test
    void everyRecordedOutputParses() throws Exception {
        for (String fixture : List.of(DumpFixtures.DEBIAN, DumpFixtures.TRICKY).stream().flatMap(List::stream)
                .toList()) {
            LighttpdConfig config = parse(fixture);
            assertTrue(config.global("server.modules").isPresent(), fixture);
            assertFalse(config.conditionalBlocks().isEmpty(), fixture);
        }
    }

    @Test
    void theThreeVersionsPrintTheSameConfigurationDifferentlyAndParseToTheSameModel() throws Exception {
        LighttpdConfig v69 = parse(DumpFixtures.TRICKY.get(0));
        for (String fixture : DumpFixtures.TRICKY.subList(1, 3)) {
            LighttpdConfig other = parse(fixture);
            assertEquals(DumpFixtures.stableGlobals(v69), DumpFixtures.stableGlobals(other), fixture);
            assertEquals(v69.root().children(), other.root().children(), fixture);
        }
        assertTrue(DumpFixtures.read(DumpFixtures.TRICKY.get(1)).contains("else if $HTTP[\"host\"]"),
                "1.4.79 prints 'if' and 'else if'");
    }

    @Test
    void valuesAreTyped() throws Exception {
        LighttpdConfig config = parse("tricky-debian13-1.4.79.conf");
        assertEquals(Optional.of(new ConfigInteger(8080)), config.global("server.port"));
        assertEquals(Optional.of(new ConfigInteger(10)), config.global("server.max-keep-alive-requests"));
        assertEquals(Optional.of(new ConfigArray(List.of())), config.global("index-file.names"));
        ConfigArray headers = config.global("setenv.add-response-header").flatMap(ConfigValue::asArray).orElseThrow();
        assertEquals(Optional.of("say \"hi\""), headers.getString("X-Quote"));
        assertEquals(Optional.of("a\\\\b\\\\n"), headers.getString("X-Backslash"), "only \\\" is an escape");
        assertEquals(Optional.of(""), headers.getString("X-Empty"));
        assertEquals(ConfigArray.list(new ConfigString("mod_fastcgi"), new ConfigString("mod_scgi"),
                new ConfigString("mod_proxy"), new ConfigString("mod_setenv")),
                config.global("server.modules").orElseThrow());
        assertTrue(new ConfigString("enable").isEnabled());
        assertFalse(new ConfigString("disable").isEnabled());
    }

    @Test
    void conditionsElseChainsAndNestingFormATree() throws Exception {
        ConfigBlock root = parse("tricky-debian13-1.4.79.conf").root();
        assertEquals(List.of(ConfigBlock.Kind.IF, ConfigBlock.Kind.IF, ConfigBlock.Kind.ELSE_IF,
                ConfigBlock.Kind.ELSE_IF, ConfigBlock.Kind.ELSE, ConfigBlock.Kind.IF, ConfigBlock.Kind.IF,
                ConfigBlock.Kind.IF, ConfigBlock.Kind.IF), root.children().stream().map(ConfigBlock::kind).toList());
        Condition socket = root.children().get(0).condition().orElseThrow();
        assertEquals(new Condition("SERVER", "socket", Condition.Operator.EQUAL, "[::1]:8443"), socket);
        assertTrue(socket.isServerSocket());
        // lighttpd prints a condition's operand unescaped: the quote inside the regex must survive
        ConfigBlock nested = root.children().get(1).children().get(0);
        assertEquals(new Condition("HTTP", "url", Condition.Operator.MATCH, "^/x\"y(\\.php)?$"),
                nested.condition().orElseThrow());
        assertEquals("$HTTP[\"url\"] =~ \"^/x\\\"y(\\.php)?$\"", nested.condition().orElseThrow().toString());
        assertEquals(Condition.Operator.NOT_EQUAL, root.children().get(2).condition().orElseThrow().operator());
        ConfigBlock elseBlock = root.children().get(4);
        assertEquals(Optional.of(new ConfigString("/srv/other")), elseBlock.get("server.document-root"));
        assertEquals(Condition.Operator.SUFFIX, elseBlock.children().get(0).condition().orElseThrow().operator());
        assertEquals(List.of(Condition.Operator.NOT_MATCH, Condition.Operator.PREFIX, Condition.Operator.EQUAL,
                        Condition.Operator.EQUAL),
                root.children().subList(5, 9).stream().map(b -> b.condition().orElseThrow().operator()).toList());
        assertEquals("REQUEST_HEADER", root.children().get(7).condition().orElseThrow().variable());
    }

    @Test
    void backendsAreFoundWithTheirSocketsAndConditions() throws Exception {
        List<Backend> backends = parse("tricky-debian12-1.4.69.conf").backends();
        assertEquals(4, backends.size(), backends.toString());
        Backend app = backends.get(0);
        assertEquals("fastcgi.server", app.module());
        assertEquals("/app/", app.extension());
        assertEquals(Optional.of("app-1"), app.name());
        assertEquals(Optional.of("127.0.0.1"), app.host());
        assertEquals(9000, app.port().getAsLong());
        assertFalse(app.spawnedByLighttpd());
        assertFalse(app.isConditional());

        Backend scgi = backends.get(1);
        assertEquals("scgi.server", scgi.module());
        assertEquals(Optional.empty(), scgi.name());
        assertEquals(Optional.of("/usr/bin/a-scgi"), scgi.binPath());
        assertEquals(Optional.of("/run/a.scgi"), scgi.socket());
        assertTrue(scgi.isConditional());
        assertEquals("a.example", scgi.conditions().get(0).operand());

        Backend proxy = backends.get(2);
        assertEquals("proxy.server", proxy.module());
        assertEquals(Optional.of("::1"), proxy.host());
        assertEquals(ConfigBlock.Kind.ELSE_IF, proxy.block().kind());

        Backend php = backends.get(3);
        assertEquals(Optional.of("/run/php-local.sock"), php.socket());
        assertEquals(Optional.of("/usr/bin/php-cgi"), php.binPath());
        assertEquals(List.of(new Condition("HTTP", "remote-ip", Condition.Operator.EQUAL, "10.0.0.0/8")),
                php.conditions());
    }

    @Test
    void debianDefaultsHaveThePhpBackendOnEveryRelease() throws Exception {
        for (String fixture : DumpFixtures.DEBIAN) {
            List<Backend> backends = parse(fixture).backends();
            assertEquals(1, backends.size(), fixture);
            assertEquals(Optional.of("/usr/bin/php-cgi"), backends.get(0).binPath(), fixture);
            assertEquals(Optional.of("/run/lighttpd/php.socket"), backends.get(0).socket(), fixture);
            assertEquals(".php", backends.get(0).extension(), fixture);
        }
    }

    @Test
    void socketsOfBinPathBackendsCanBeRewritten() throws Exception {
        LighttpdConfig config = parse("debian13-1.4.79.conf");
        ConfigValue rewritten = Backends.rewriteHosts(config.global("fastcgi.server").orElseThrow(),
                options -> options.getString("bin-path").isPresent()
                        ? options.with("socket", new ConfigString("/run/lighttpd/gen-7/php.socket")) : options);
        String line = ConfigPrinter.assignment("fastcgi.server", ":=", rewritten);
        assertTrue(line.startsWith("fastcgi.server := ( \".php\" => ( ( \"bin-path\" => \"/usr/bin/php-cgi\", "
                + "\"socket\" => \"/run/lighttpd/gen-7/php.socket\", \"max-procs\" => 1,"), line);
        ConfigValue reparsed = ConfigParser.parseValue(ConfigPrinter.print(rewritten));
        assertEquals(rewritten, reparsed);
    }

    @Test
    void printedValuesParseBackToTheSameValue() throws Exception {
        for (String fixture : List.of("debian12-1.4.69.conf", "tricky-debian-forky-1.4.85.conf")) {
            for (ConfigValue value : parse(fixture).globals().values()) {
                assertEquals(value, ConfigParser.parseValue(ConfigPrinter.print(value)), fixture);
            }
        }
    }

    @Test
    void stderrNoiseAroundTheDumpIsIgnoredAndLinesCountFromTheTop() throws Exception {
        String dump = "WARNING: include-conf-enabled.pl is deprecated\n\n" + DumpFixtures.read("debian12-1.4.69.conf")
                + "2026-01-01 00:00:00: (server.c.1) some warning\n";
        assertEquals(parse("debian12-1.4.69.conf").root(), ConfigParser.parse(dump).root());
        ConfigSyntaxException e = assertThrows(ConfigSyntaxException.class,
                () -> ConfigParser.parse("noise\nconfig {\n    server.port = 80\n    server.tag += \"x\"\n}\n"));
        assertEquals(4, e.line());
        assertEquals("    server.tag += \"x\"", e.lineText());
    }

    @Test
    void unknownFormsAreRefusedNamingTheLine() {
        String[][] cases = {
            {"config {\n    server.port = 80\n    server.bind ?= \"x\"\n}\n", "3", "server.bind ?= \"x\""},
            {"config {\n    $HTTP[\"host\"] ~= \"a\" {\n    }\n}\n", "2", "$HTTP[\"host\"] ~= \"a\" {"},
            {"config {\n    server.port = 80\n", "3", ""},
            {"config {\n    server.name = \"unterminated\n}\n", "2", "server.name = \"unterminated"},
            {"config {\n    else {\n    }\n}\n", "2", "else {"},
            {"config {\n    x = (\"a\" \"b\")\n}\n", "2", "x = (\"a\" \"b\")"},
            {"server.port = 80\n", "1", "server.port = 80"},
        };
        for (String[] c : cases) {
            ConfigSyntaxException e = assertThrows(ConfigSyntaxException.class, () -> ConfigParser.parse(c[0]),
                    c[0]);
            assertEquals(Integer.parseInt(c[1]), e.line(), e.getMessage());
            assertEquals(ExitCode.NOT_CONFIGURED, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot read the output of lighttpd -p: line " + c[1] + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(c[2].strip()), e.getMessage());
        }
    }
}
