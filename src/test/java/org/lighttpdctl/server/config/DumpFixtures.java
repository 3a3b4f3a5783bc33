package org.lighttpdctl.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recorded {@code lighttpd -p} outputs under src/test/resources/lighttpd-p (see its README). */
public final class DumpFixtures {
    /** Debian's default lighttpd.conf with every module enabled that can be, per Debian release. */
    public static final List<String> DEBIAN = List.of(
            "debian12-1.4.69.conf", "debian13-1.4.79.conf", "debian-forky-1.4.85.conf");
    /** tricky.source.conf (else-chains, every operator, escapes, conditional backends), per lighttpd version. */
    public static final List<String> TRICKY = List.of(
            "tricky-debian12-1.4.69.conf", "tricky-debian13-1.4.79.conf", "tricky-debian-forky-1.4.85.conf");

    private DumpFixtures() {
    }

    public static String read(String name) {
        try (InputStream in = DumpFixtures.class.getResourceAsStream("/lighttpd-p/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource lighttpd-p/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The global assignments without var.CWD and var.PID, which differ from run to run. */
    public static Map<String, ConfigValue> stableGlobals(LighttpdConfig config) {
        Map<String, ConfigValue> globals = new LinkedHashMap<>(config.globals());
        globals.remove("var.CWD");
        globals.remove("var.PID");
        return globals;
    }
}
