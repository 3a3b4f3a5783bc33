package org.lighttpdctl.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.lighttpdctl.testing.LoadClient;
import org.lighttpdctl.testing.LoadReport;
import org.lighttpdctl.testing.Processes;
import org.lighttpdctl.testing.SampleSite;

/**
 * The main job on the embedded default (make demo): the sample lighttpd from test-fixtures on a free loopback
 * port, driven by bin/lighttpdctl exactly as an init script would, with a graceful restart under a short load,
 * and what the clients saw.
 */
public final class Demo {
    private static final Path LIGHTTPDCTL = Path.of("bin/lighttpdctl");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        try (SampleSite site = SampleSite.create()) {
            List<String> common = List.of("-f", site.config().toString(), "--state-dir",
                    site.root().resolve("state").toString());
            System.out.println("sample lighttpd: " + site.config() + " on 127.0.0.1:" + site.port());
            try {
                run("start", common);
                run("status", common);
                LoadClient load = LoadClient.forPort(site.port()).deadline(Duration.ofSeconds(30)).build();
                System.out.println("\n# graceful restart in the middle of 6 s of load: a new connection per request,"
                        + " 2 slow 32 MiB downloads in flight");
                LoadReport report = load.runWindow(Duration.ofSeconds(6), () -> run("graceful", withVerbose(common)));
                System.out.printf("%nclients saw: %d requests, %d ok, %d refused, %d reset, %d truncated, "
                                + "%d timeouts; downloads %d complete, %d failed; max latency %.1f ms%n",
                        report.requests(), report.ok(), report.refused(), report.reset(), report.truncated(),
                        report.timeouts(), report.downloadsCompleted(), report.downloadsFailed(),
                        report.maxLatency().toNanos() / 1e6);
                run("status", common);
            } finally {
                run("stop", common);
                Processes.terminateAllMentioning(site.root(), Duration.ofSeconds(5));
            }
        }
    }

    private static List<String> withVerbose(List<String> common) {
        List<String> verbose = new ArrayList<>(common);
        verbose.add("-v");
        return verbose;
    }

    private static void run(String action, List<String> options) {
        List<String> command = new ArrayList<>(List.of(LIGHTTPDCTL.toString(), action));
        command.addAll(options);
        System.out.println("\n$ lighttpdctl " + action + " " + String.join(" ", options));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print(output);
            System.out.println("(exit " + process.waitFor() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
