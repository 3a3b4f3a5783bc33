package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/**
 * Issue 14, smaller findings: the package's postinst runs the class-data-sharing training under {@code timeout
 * 120}, which ends it with SIGTERM. The training's finally never ran then, and a root lighttpd kept serving from
 * its temp directory until reboot. Here the training runs with its temp directory inside this test's root and is
 * sent SIGTERM once its lighttpd serves.
 */
class CdsTrainingCleanupTest extends SiteTest {
    @Test
    void sigtermDuringTheTrainingLeavesNoLighttpdAndNoTempDirectory() throws Exception {
        Path tmp = Files.createDirectory(site.root().resolve("tmp"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = Path.of("target/classes").toAbsolutePath() + ":"
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        Process training = new ProcessBuilder(javaBin.toString(), "-Djava.io.tmpdir=" + tmp, "-cp", classpath,
                "org.lighttpdctl.cli.Main", "--cds-training", "/usr/sbin/lighttpd")
                .redirectErrorStream(true).redirectOutput(site.root().resolve("training.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Long> serving = trainingLighttpds();
            while (serving.isEmpty() && training.isAlive() && System.nanoTime() < deadline) {
                Processes.sleep(Duration.ofMillis(10));
                serving = trainingLighttpds();
            }
            assertTrue(!serving.isEmpty() && training.isAlive(), "the training must be serving when the SIGTERM"
                    + " comes: " + Files.readString(site.root().resolve("training.out")));
            training.destroy(); // SIGTERM, as timeout(1) sends
            assertTrue(training.waitFor(30, TimeUnit.SECONDS), "the training ends on SIGTERM");
            for (long pid : serving) {
                assertTrue(Processes.awaitDeath(pid, Duration.ofSeconds(10)), "lighttpd " + pid + " ("
                        + Processes.commandLine(pid) + ") still runs after the training was terminated");
            }
            assertEquals(List.of(), ctl.lighttpdProcesses());
            try (var left = Files.walk(tmp)) {
                List<Path> leftOver = left.filter(p -> !p.equals(tmp)).toList();
                assertEquals(List.of(), leftOver, "the training's temp directory is removed; the training said: "
                        + Files.readString(site.root().resolve("training.out")));
            }
        } finally {
            training.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * lighttpd processes (by their kernel name, comm) whose command line names this test's directory: the
     * directory's path also appears in the command lines of processes that are no lighttpd at all (a JVM being
     * started with -Djava.io.tmpdir there), which must not count as the training's server.
     */
    private List<Long> trainingLighttpds() {
        return ctl.lighttpdProcesses().stream().filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("lighttpd");
            } catch (java.io.IOException e) {
                return false; // gone meanwhile
            }
        }).toList();
    }
}
