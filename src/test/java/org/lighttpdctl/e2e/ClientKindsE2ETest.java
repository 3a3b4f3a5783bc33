package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Clients as they are in the wild across `systemctl restart` (the stop half and the start half of a restart job,
 * on systemd 252 and 257), next to `systemctl reload` in the same container: with Debian's own configuration, TLS
 * from lighttpd-mod-openssl enabled the Debian way (`lighty-enable-mod ssl`, which also listens on [::]:443 through
 * use-ipv6.pl), curl over HTTP/2 with TLS on 127.0.0.1:443, and curl reusing an HTTP/1.1 keep-alive connection over
 * IPv6 on [::1]:80. Each curl makes {@link #REQUESTS} requests at 20 a second on one connection while the path runs.
 *
 * <p>What a restart must keep, as a graceful does (ClientKindsTest shows graceful on the host): every keep-alive
 * request answered (lighttpd closes the idle connection at SIGINT, curl sees the close and opens a new one); over
 * HTTP/2 at most the one request in flight at the old generation's GOAWAY fails (curl 7.88's framing error), and the
 * next is served on a new connection. Each path prints the worst time of a request of each client.
 */
@Tag("e2e")
class ClientKindsE2ETest extends ContainerTest {
    private static final int REQUESTS = 200;
    private static final String H2 = "curl over HTTP/2 with TLS";
    private static final String KEEP_ALIVE_IPV6 = "curl keep-alive over IPv6";

    /**
     * Runs both curls in the background, waits (bounded) until each has 20 answers, runs the path, notes how many
     * answers each had when it returned, and waits for both (curl --max-time bounds them). -w writes a line per
     * request to stderr, unbuffered: status, whether it opened a connection, HTTP version, curl's exit, time. -g:
     * "[::1]" is an address, not one of curl's URL globs (and set -f: nor one of the shell's). The files are emptied
     * before the curls start and the curls append: were they emptied by the background redirections, the wait could
     * count the previous path's 200 lines before a curl had opened its file, or find no file (a failed test, so
     * false), and run the path at once (CI, once).
     */
    private static final String ACROSS = """
            set -f
            urls() { i=0; while [ $i -lt %1$d ]; do printf -- '-o /dev/null %%s ' "$1"; i=$((i+1)); done; }
            w='%%{stderr}%%{http_code} %%{num_connects} %%{http_version} %%{exitcode} %%{time_total}\\n'
            : >/tmp/h2.txt; : >/tmp/ka6.txt
            curl -sS -g --rate 20/s --max-time 40 -w "$w" --http2 -k $(urls https://127.0.0.1/index.html) \
                2>>/tmp/h2.txt >/dev/null & h2=$!
            curl -sS -g --rate 20/s --max-time 40 -w "$w" --http1.1 $(urls 'http://[::1]/index.html') \
                2>>/tmp/ka6.txt >/dev/null & ka6=$!
            n=0
            while [ $(grep -c '^[0-9]' /tmp/h2.txt) -lt 20 ] || [ $(grep -c '^[0-9]' /tmp/ka6.txt) -lt 20 ]; do
                n=$((n+1)); [ $n -le 400 ] || { echo 'curl did not start'; kill $h2 $ka6; exit 1; }; sleep 0.05
            done
            %2$s >/tmp/action.txt 2>&1 || { echo "the path failed: $(cat /tmp/action.txt)"; kill $h2 $ka6; exit 1; }
            echo "at-return h2=$(grep -c '^[0-9]' /tmp/h2.txt) ka6=$(grep -c '^[0-9]' /tmp/ka6.txt)"
            wait $h2; wait $ka6
            sed 's/^/h2 /' /tmp/h2.txt; sed 's/^/ka6 /' /tmp/ka6.txt
            """;

    @BeforeEach
    void boot() {
        c = DebianContainer.systemd();
        c.installDeb();
        c.prepareLoad();
        // a certificate made now, where Debian's 10-ssl.conf looks for it (key and certificate in one file)
        c.check("openssl req -x509 -newkey rsa:2048 -nodes -keyout /etc/lighttpd/server.pem -out /tmp/cert.pem"
                + " -days 2 -subj /CN=localhost 2>/dev/null && cat /tmp/cert.pem >> /etc/lighttpd/server.pem"
                + " && chmod 600 /etc/lighttpd/server.pem");
        c.check("lighty-enable-mod ssl 2>&1 || true");
        c.check("systemctl restart lighttpd");
        ServerChecks.assertServerStateTrue(c);
        assertTrue(c.check("ss -Htln").contains("[::]:443"), "Debian's ssl module listens on [::]:443 too: "
                + c.check("ss -Htln"));
    }

    @Test
    void http2OverTlsAndKeepAliveOverIpv6AcrossRestartAsAcrossReload() {
        List<String> table = new ArrayList<>();
        for (String path : List.of("systemctl reload lighttpd", "systemctl restart lighttpd")) {
            long before = Long.parseLong(c.check("cat /run/lighttpd.pid").trim());
            Run run = across(path);
            table.add(path + ": " + H2 + " " + run.summary("h2") + "; " + KEEP_ALIVE_IPV6 + " " + run.summary("ka6"));
            assertEquals(REQUESTS, run.lines("ka6").size(), run.output);
            assertEquals(REQUESTS, run.count("ka6", "200 "), "keep-alive requests not answered 200: " + run.output);
            assertTrue(run.count("ka6", "200 1 ") >= 2, "curl must have opened a new connection: " + run.output);
            // at most the request in flight at the one GOAWAY, then a new connection serves the rest
            assertTrue(run.count("h2", "200 ") >= REQUESTS - 1, "HTTP/2 requests lost: " + run.output);
            assertTrue(run.count("h2", "200 1 ") >= 2, "curl must have opened a new HTTP/2 connection: " + run.output);
            List<String> h2 = run.lines("h2");
            assertTrue(h2.get(h2.size() - 1).startsWith("200 "), run.output);
            long after = ServerChecks.assertServerStateTrue(c);
            assertNotEquals(before, after, path + " left the same process serving");
        }
        System.out.println("[e2e] client kinds on " + c.release() + " (HTTP status, opened a connection, HTTP"
                + " version, curl's exit: count; the path returned after N of " + REQUESTS + " requests; worst"
                + " time of a request):\n" + String.join("\n", table));
    }

    private Run across(String path) {
        ExecResult r = c.sh(String.format(ACROSS, REQUESTS, path));
        String output = r.getStdout() + r.getStderr();
        assertEquals(0, r.getExitCode(), path + ": " + output);
        Run run = new Run(output);
        for (String client : List.of("h2", "ka6")) {
            int atReturn = run.atReturn(client);
            assertTrue(atReturn >= 20 && atReturn < REQUESTS - 20, "the path must fall within curl's run: " + output);
        }
        return run;
    }

    /** What both curls wrote, each line prefixed "h2 " or "ka6 ", and the "at-return" line. */
    private record Run(String output) {
        List<String> lines(String client) {
            return output.lines().filter(l -> l.matches(client + " \\d{3} .*"))
                    .map(l -> l.substring(client.length() + 1)).toList();
        }

        long count(String client, String prefix) {
            return lines(client).stream().filter(l -> l.startsWith(prefix)).count();
        }

        int atReturn(String client) {
            return output.lines().filter(l -> l.startsWith("at-return ")).findFirst()
                    .map(l -> l.replaceAll(".*\\b" + client + "=(\\d+).*", "$1")).map(Integer::parseInt)
                    .orElseThrow(() -> new AssertionError("no at-return line: " + output));
        }

        /** Counts by "status opened version exit", when the path returned, the worst time of a request. */
        String summary(String client) {
            Map<String, Long> counts = new TreeMap<>();
            double worst = 0;
            for (String line : lines(client)) {
                String[] f = line.split(" ");
                counts.merge(String.join(" ", f[0], f[1], f[2], f[3]), 1L, Long::sum);
                worst = Math.max(worst, Double.parseDouble(f[4]));
            }
            return counts + ", returned after " + atReturn(client) + ", worst " + Math.round(worst * 1000) + " ms";
        }
    }
}
