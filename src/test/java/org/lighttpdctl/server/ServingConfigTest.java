package org.lighttpdctl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.server.config.LighttpdConfig;

/**
 * The serving configuration status answers from: what is written reads back exactly, whatever a path or host
 * holds (a newline or '=' in a value never becomes a key of its own), and anything not written whole is refused
 * (status then reads the configuration itself).
 */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class ServingConfigTest {
    private static EffectiveConfig config(Optional<Path> pidfile, List<Endpoint> endpoints) {
        return config(pidfile, endpoints, EffectiveConfig.LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS);
    }

    private static EffectiveConfig config(Optional<Path> pidfile, List<Endpoint> endpoints, int graceful) {
        return new EffectiveConfig(pidfile, Optional.empty(), endpoints, Optional.empty(), Optional.empty(), false,
                graceful, List.of(), List.of(), LighttpdConfig.empty());
    }

    @Test
    void readsBackEveryKindOfListenerAndHostilePaths() {
        List<Endpoint> endpoints = List.of(new Endpoint.Tcp("", 80, false), new Endpoint.Tcp("[::1]", 443, true),
                new Endpoint.Tcp("127.0.0.1", 65535, false),
                new Endpoint.Unix(Path.of("/run/a b\nlisteners=0\\=#\u00e9\u2603"), true));
        EffectiveConfig written = config(Optional.of(Path.of("/run/x\npidfile=/etc/passwd")), endpoints);

        ServingConfig.Recorded read = ServingConfig.parse(ServingConfig.text(7, written)).orElseThrow();

        assertEquals(7, read.generationId());
        assertEquals(EffectiveConfig.LIGHTTPD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS, read.config().gracefulShutdownSeconds());
        assertEquals(written.pidFile(), read.config().pidFile());
        assertEquals(endpoints, read.config().endpoints());
    }

    @Test
    void aValueNeverStartsALineOfItsOwn() {
        String text = ServingConfig.text(1, config(Optional.of(Path.of("/run/p\nlistener.1=tcp 0 1 x")),
                List.of(new Endpoint.Unix(Path.of("/s\r\nlisteners=9"), false))));
        // the header, generation, pidfile, graceful-shutdown-timeout, listeners and listener.0: six lines, whatever
        // the values hold
        assertEquals(6, text.split("\n").length, text);
        assertEquals(1, ServingConfig.parse(text).orElseThrow().config().endpoints().size());
    }

    @Test
    void noPidfileAndNoListenerAreKeptAsSuch() {
        ServingConfig.Recorded read = ServingConfig.parse(ServingConfig.text(3, config(Optional.empty(), List.of())))
                .orElseThrow();
        assertEquals(Optional.empty(), read.config().pidFile());
        assertEquals(List.of(), read.config().endpoints());
        // 0: lighttpd drains without a limit; the stop half of a restart bounds it as a read configuration would
        assertEquals(0, ServingConfig.parse(ServingConfig.text(3, config(Optional.empty(), List.of(), 0)))
                .orElseThrow().config().gracefulShutdownSeconds());
    }

    @Test
    void anythingNotWrittenWholeIsRefused() {
        String good = ServingConfig.text(2, config(Optional.of(Path.of("/run/l.pid")),
                List.of(new Endpoint.Tcp("", 8080, false))));
        assertTrue(ServingConfig.parse(good).isPresent());
        for (String bad : List.of("", good.substring(good.indexOf('\n') + 1), // no header
                good.replace("listeners=1", "listeners=2"), // a listener missing
                good.replace("listeners=1", "listeners=x"),
                good.replace("generation=2", "generation=-1"),
                good.replace("graceful-shutdown-timeout=8\n", ""), // a record of 0.7.0
                good.replace("graceful-shutdown-timeout=8", "graceful-shutdown-timeout=-5"),
                good.replace("\\u00208080", "\\u002080800"), // port out of range
                good.replace("tcp\\u00200", "udp\\u00200"),
                good.replace("tcp\\u00200", "tcp\\u00202"),
                good.replace("listener.0=", "listener.1="))) {
            assertEquals(Optional.empty(), ServingConfig.parse(bad), bad);
        }
    }
}
