package org.lighttpdctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A rendered copy of the sample site ({@code test-fixtures/sample}) in a fresh temp root, on free
 * loopback ports. Nothing is started: see {@link Lighttpd}.
 *
 * <p>Layout: {@code ROOT/lighttpd.conf} (plus the variants {@code lighttpd-ipv6.conf} and
 * {@code lighttpd-second-port.conf}), {@code ROOT/broken/*.conf}, {@code ROOT/docroot/index.html},
 * {@code ROOT/docroot/big.bin} ({@link BigFile#SIZE} bytes of {@link BigFile} pattern),
 * {@code ROOT/logs/error.log} and the pidfile {@code ROOT/lighttpd.pid}.
 *
 * <p>{@link #close()} deletes the root; stop the processes using it first.
 */
public final class SampleSite implements AutoCloseable {
    /** Path of the small page. */
    public static final String INDEX_PATH = "/index.html";
    /** Path of the big file. */
    public static final String BIG_PATH = "/big.bin";
    /** Default server.graceful-shutdown-timeout, longer than the load client's slow downloads. */
    public static final int DEFAULT_GRACEFUL_TIMEOUT_SECONDS = 10;
    /** Body of {@link #INDEX_PATH}. */
    public static final String INDEX_BODY =
            "<!DOCTYPE html>\n<html><head><title>lighttpd-sample</title></head>"
                    + "<body><p>lighttpd-sample index</p></body></html>\n";

    private final Path root;
    private final int port;
    private final int port2;
    private final int port6;

    private SampleSite(Path root, int port, int port2, int port6) {
        this.root = root;
        this.port = port;
        this.port2 = port2;
        this.port6 = port6;
    }

    /** Renders the sample site with the default graceful-shutdown-timeout. */
    public static SampleSite create() throws IOException {
        return create(DEFAULT_GRACEFUL_TIMEOUT_SECONDS);
    }

    /**
     * Renders the sample site into a new temp root, with free ports and a fresh big file.
     *
     * @param gracefulTimeoutSeconds value of the server.graceful-shutdown-timeout feature flag
     */
    public static SampleSite create(int gracefulTimeoutSeconds) throws IOException {
        Path root = Files.createTempDirectory("lighttpdctl-sample-");
        int[] ports = FreePorts.pick(2);
        SampleSite site = new SampleSite(root, ports[0], ports[1], FreePorts.pickDualStack());
        try {
            site.render(Map.of(
                    "@ROOT@", root.toString(),
                    "@PORT@", Integer.toString(site.port),
                    "@PORT2@", Integer.toString(site.port2),
                    "@PORT6@", Integer.toString(site.port6),
                    "@GRACEFUL_TIMEOUT@", Integer.toString(gracefulTimeoutSeconds)));
            return site;
        } catch (IOException | RuntimeException e) {
            site.close();
            throw e;
        }
    }

    private void render(Map<String, String> values) throws IOException {
        Files.createDirectories(docroot());
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("broken"));
        renderAll(Fixtures.dir("sample"), root, values);
        renderAll(Fixtures.dir("broken"), root.resolve("broken"), values);
        Files.writeString(docroot().resolve("index.html"), INDEX_BODY, StandardCharsets.UTF_8);
        BigFile.write(docroot().resolve("big.bin"), BigFile.SIZE);
    }

    private static void renderAll(Path from, Path to, Map<String, String> values) throws IOException {
        try (Stream<Path> templates = Files.list(from)) {
            for (Path template : (Iterable<Path>) templates.filter(p -> p.toString().endsWith(".in"))::iterator) {
                String name = template.getFileName().toString().replaceFirst("\\.in$", "");
                String text = Files.readString(template, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> e : values.entrySet()) {
                    text = text.replace(e.getKey(), e.getValue());
                }
                Files.writeString(to.resolve(name), text, StandardCharsets.UTF_8);
            }
        }
    }

    /** @return the temp root; unique to this site, so it also identifies its processes' command lines */
    public Path root() {
        return root;
    }

    /** @return the main config: 127.0.0.1:{@link #port()} */
    public Path config() {
        return root.resolve("lighttpd.conf");
    }

    /** @return a config listening on 127.0.0.1:{@link #port()} and [::1]:{@link #port6()} */
    public Path ipv6Config() {
        return root.resolve("lighttpd-ipv6.conf");
    }

    /** @return a config listening on 127.0.0.1:{@link #port()} and 127.0.0.1:{@link #port2()} */
    public Path secondPortConfig() {
        return root.resolve("lighttpd-second-port.conf");
    }

    /**
     * @param name one of {@code syntax-error}, {@code unknown-module} (both fail {@code lighttpd -tt})
     *     or {@code missing-docroot} (accepted by lighttpd)
     * @return the rendered config of that name from {@code test-fixtures/broken}
     */
    public Path brokenConfig(String name) {
        Path config = root.resolve("broken").resolve(name + ".conf");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no broken config named " + name);
        }
        return config;
    }

    /** @return the pidfile every config names */
    public Path pidFile() {
        return root.resolve("lighttpd.pid");
    }

    /** @return the document root */
    public Path docroot() {
        return root.resolve("docroot");
    }

    /** @return lighttpd's error log */
    public Path errorLog() {
        return root.resolve("logs").resolve("error.log");
    }

    /** @return the main port, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the second port of {@link #secondPortConfig()}, on 127.0.0.1 */
    public int port2() {
        return port2;
    }

    /** @return the IPv6 port of {@link #ipv6Config()}, on [::1] */
    public int port6() {
        return port6;
    }

    /** Deletes the temp root and everything in it. */
    @Override
    public void close() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(SampleSite::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
