package org.lighttpdctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PHP the Debian way on a {@link SampleSite}: what {@code lighty-enable-mod fastcgi fastcgi-php} enables, as Debian
 * ships it. {@code /etc/lighttpd/conf-available/10-fastcgi.conf} is included unchanged; Debian's
 * {@code 15-fastcgi-php.conf} is copied with ONE adaptation, the socket directory ({@code /run/lighttpd/} becomes
 * {@code ROOT/run/}), so that tests running side by side never share a php-cgi socket. Everything else (bin-path
 * /usr/bin/php-cgi, max-procs 1, PHP_FCGI_CHILDREN 4, broken-scriptfilename) is Debian's own text.
 *
 * The sample config loads mod_staticfile before mod_fastcgi, so the PHP config also carries Debian's
 * lighttpd.conf line {@code static-file.exclude-extensions = ( ".php", ".pl", ".fcgi" )}: without it the static
 * handler would send the PHP source.
 *
 * <p>Files: {@code ROOT/lighttpd-php.conf} (the sample config plus both), {@code ROOT/docroot/index.php}.
 */
public final class PhpSite {
    /** Debian's configuration snippets, as the lighttpd package installs them. */
    public static final Path DEBIAN_FASTCGI = Path.of("/etc/lighttpd/conf-available/10-fastcgi.conf");
    public static final Path DEBIAN_FASTCGI_PHP = Path.of("/etc/lighttpd/conf-available/15-fastcgi-php.conf");
    /** The PHP page: prints "php " and the PID of the php-cgi that ran it. */
    public static final String PHP_PATH = "/index.php";
    /** Debian's socket directory, replaced per test. */
    private static final String DEBIAN_SOCKET_DIR = "/run/lighttpd/";

    private PhpSite() {
    }

    /**
     * Writes the PHP config and page into {@code site}.
     *
     * @param extra lines appended to the config (after Debian's snippets)
     * @return the config that enables PHP
     */
    public static Path render(SampleSite site, String extra) throws IOException {
        String debian = Files.readString(DEBIAN_FASTCGI_PHP, StandardCharsets.UTF_8);
        if (!debian.contains(DEBIAN_SOCKET_DIR + "php.socket")) {
            throw new IllegalStateException(DEBIAN_FASTCGI_PHP + " no longer names " + DEBIAN_SOCKET_DIR
                    + "php.socket: adapt PhpSite");
        }
        Files.createDirectories(socketDir(site));
        Path php = site.root().resolve("15-fastcgi-php.conf");
        Files.writeString(php, debian.replace(DEBIAN_SOCKET_DIR, socketDir(site) + "/"), StandardCharsets.UTF_8);
        Path config = site.root().resolve("lighttpd-php.conf");
        Files.writeString(config, "include " + quote(site.config()) + "\n"
                + "include " + quote(DEBIAN_FASTCGI) + "\n"
                + "include " + quote(php) + "\n"
                + "static-file.exclude-extensions = ( \".php\", \".pl\", \".fcgi\" )\n" + extra + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(site.docroot().resolve("index.php"), "<?php echo \"php \", getmypid(), \"\\n\";\n",
                StandardCharsets.UTF_8);
        return config;
    }

    /**
     * GETs the PHP page and checks that PHP ran it (the body is "php PID", not the source).
     *
     * @return the PID of the php-cgi that answered
     * @throws AssertionError on anything else
     */
    public static long answeringPhpCgi(int port, String path) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                            .timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            if (response.statusCode() != 200 || !body.matches("php \\d+\n")) {
                throw new AssertionError("PHP did not run " + path + ": status " + response.statusCode() + ", " + body);
            }
            return Long.parseLong(body.trim().substring(4));
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Makes the site's main config ({@link SampleSite#config()}) the PHP one, for tools that know only that path
     * (the benchmark's restart methods): the sample config moves to {@code lighttpd-static.conf}.
     */
    public static void enableInMainConfig(SampleSite site) throws IOException {
        Path staticConfig = site.root().resolve("lighttpd-static.conf");
        Files.move(site.config(), staticConfig);
        Path php = render(site, "");
        Files.writeString(site.config(), Files.readString(php, StandardCharsets.UTF_8)
                .replace(quote(site.config()), quote(staticConfig)), StandardCharsets.UTF_8);
    }

    /** @return where this site's php-cgi sockets live (Debian: /run/lighttpd) */
    public static Path socketDir(SampleSite site) {
        return site.root().resolve("run");
    }

    /**
     * The php-cgi processes serving this site: php-cgi listens on descriptor 0 (FastCGI's convention), here a unix
     * socket under {@link #socketDir}. A process whose socket path has already been unlinked still counts.
     *
     * @return socket path (as /proc/net/unix names it) for each php-cgi PID
     */
    public static Map<Long, String> phpCgiProcesses(SampleSite site) {
        Map<Long, String> unixPaths = unixSocketPaths();
        Map<Long, String> found = new java.util.TreeMap<>();
        String prefix = socketDir(site).toString() + "/";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || !isPhpCgi(proc)) {
                    continue;
                }
                String path = unixPaths.get(socketInode(proc.resolve("fd/0")));
                if (path != null && path.startsWith(prefix)) {
                    found.put(Long.parseLong(name), path);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    private static boolean isPhpCgi(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim().startsWith("php-cgi");
        } catch (IOException e) {
            return false; // gone
        }
    }

    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") ? Long.parseLong(target.substring(8, target.length() - 1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Map<Long, String> unixSocketPaths() {
        Map<Long, String> paths = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[6].chars().allMatch(Character::isDigit)) {
                    paths.put(Long.parseLong(f[6]), f[7]);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return paths;
    }

    /** @return the files in the socket directory (sockets left behind show up here) */
    public static List<String> socketFiles(SampleSite site) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(socketDir(site))) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    private static String quote(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
