package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lighttpdctl.testing.LoadClient;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A Debian container (12 or 13, see {@link E2e#suite()}) from the local test image of that release (see
 * test-fixtures/e2e), booted either with systemd as PID 1
 * ({@link #systemd()}) or with a plain {@code sleep} under a reaping init ({@link #withoutSystemd()}), as root with
 * every capability, as root has on a real system (lighttpdctl needs CAP_SYS_PTRACE for pidfd_getfd and
 * /proc/PID/exe of a server that dropped its privileges).
 *
 * <p>The container has no network but its own loopback: the load runs inside it ({@link #load}).
 */
final class DebianContainer implements AutoCloseable {
    static final String DEB_IN_CONTAINER = "/tmp/lighttpdctl.deb";
    private static final String CLASSES = "/opt/e2e/classes";
    private static final Pattern REPORT = Pattern.compile("^E2E-REPORT (.*)$", Pattern.MULTILINE);
    private static final Pattern REPORT_ALSO = Pattern.compile("^E2E-REPORT-ALSO (.*)$", Pattern.MULTILINE);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    /** What a manager that finished (or gave up) booting says; starting, initializing or "" mean: ask again. */
    private static final java.util.Set<String> BOOTED = java.util.Set.of("running", "degraded", "maintenance", "stopping");

    private final GenericContainer<?> container;
    private final boolean systemd;
    private boolean loadReady;
    private boolean accountWaits;
    private Duration span = Duration.ZERO;

    @SuppressWarnings("resource")
    private DebianContainer(boolean systemd) {
        this.systemd = systemd;
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(E2e.image()))
                .withImagePullPolicy(PullPolicy.defaultPolicy())
                .withStartupTimeout(Duration.ofSeconds(60))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.getHostConfig().withCapAdd(Capability.ALL);
                    if (!systemd) {
                        cmd.getHostConfig().withInit(true);
                    }
                });
        if (systemd) {
            c.withCommand("/sbin/init");
        } else {
            c.withCommand("sleep", "infinity");
        }
        this.container = c;
    }

    /** @return a started container with systemd as PID 1, the system up (lighttpd.service running) */
    static DebianContainer systemd() {
        DebianContainer c = new DebianContainer(true);
        c.start();
        return c;
    }

    /** @return a started container without systemd: PID 1 is podman's reaping init running sleep */
    static DebianContainer withoutSystemd() {
        DebianContainer c = new DebianContainer(false);
        c.start();
        return c;
    }

    private void start() {
        container.start();
        if (systemd) {
            awaitBoot();
        }
    }

    /**
     * Waits, bounded, until systemd answers on its bus and has finished booting. Right after the container starts,
     * PID 1 may not listen yet: then {@code systemctl is-system-running} prints nothing or "offline" (it cannot
     * connect) and {@code --wait} returns at once; so ask again until the answer is a state of a booted manager.
     */
    private void awaitBoot() {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        String state = "";
        String stderr = "";
        while (System.nanoTime() < deadline) {
            ExecResult r = exec("timeout", "60", "systemctl", "is-system-running", "--wait");
            state = r.getStdout().trim();
            stderr = r.getStderr().trim();
            if (BOOTED.contains(state)) {
                break;
            }
            pause(200);
        }
        if (!state.equals("running")) {
            fail("systemd did not come up within " + BOOT_TIMEOUT.toSeconds() + " s: state \"" + state + "\" ("
                    + stderr + ")\n" + sh("systemctl --failed --no-pager; journalctl -b --no-pager | tail -40").getStdout()
                    + "\ncontainer log:\n" + logs());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** @return the version of systemd in the container, e.g. 252 or 257 */
    int systemdVersion() {
        return Integer.parseInt(check("systemctl --version | sed -n '1s/^systemd \\([0-9]*\\).*/\\1/p'").trim());
    }

    /**
     * @return the KillMode lighttpd.service must have with the package installed: systemd's default from 257 on,
     *     none before (where systemd ignores MAINPID= while a unit stops; see debian/systemd/lighttpdctl-generator)
     */
    String expectedKillMode() {
        return systemdVersion() >= 257 ? "control-group" : "none";
    }

    /** @return the Debian release inside the container: its VERSION_CODENAME, e.g. bookworm or trixie */
    String release() {
        return check(". /etc/os-release && echo $VERSION_CODENAME").trim();
    }

    boolean hasSystemd() {
        return systemd;
    }

    /** Runs a command (argv) in the container, bounded by `timeout`. */
    ExecResult exec(String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            return fail("exec " + List.of(command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Runs a shell command line in the container (bounded by {@code timeout 300}). */
    ExecResult sh(String script) {
        return exec("timeout", "300", "sh", "-c", script);
    }

    /** Runs a shell command line and fails the test unless it exits 0; returns its standard output. */
    String check(String script) {
        ExecResult r = sh(script);
        if (r.getExitCode() != 0) {
            fail("`" + script + "` exited " + r.getExitCode() + "\nstdout: " + r.getStdout() + "\nstderr: " + r.getStderr());
        }
        return r.getStdout();
    }

    /** Copies the package under test in and installs it with dpkg; returns dpkg's output. */
    String installDeb() {
        copyDeb();
        return check("dpkg -i " + DEB_IN_CONTAINER + " 2>&1");
    }

    void copyDeb() {
        container.copyFileToContainer(MountableFile.forHostPath(E2e.deb()), DEB_IN_CONTAINER);
    }

    /**
     * Puts the sample content into lighttpd's document root (/var/www/html): a small page and a big file of the
     * {@link org.lighttpdctl.testing.BigFile} pattern that the slow downloads verify byte by byte; copies the load
     * client's classes in.
     */
    void prepareLoad() {
        if (loadReady) {
            return;
        }
        Path classes = testClasses();
        for (String pkg : List.of("org/lighttpdctl/testing", "org/lighttpdctl/e2e")) {
            container.copyFileToContainer(MountableFile.forHostPath(classes.resolve(pkg)), CLASSES + "/" + pkg);
        }
        check("java -cp " + CLASSES + " " + InContainerLoad.class.getName() + " prepare /var/www/html");
        loadReady = true;
    }

    /**
     * Drives load against lighttpd on port 80 inside the container for {@code window}, runs {@code action} (a
     * shell command line) in the middle of it, and returns what the clients saw and what the action did.
     */
    LoadRun load(Duration window, String action) {
        return loadAlso(window, action, null).get(0);
    }

    /**
     * As {@link #load}, with a second client loading {@code alsoPath} at the same time (if not null): returns the
     * main run, then that client's run.
     */
    List<LoadRun> loadAlso(Duration window, String action, String alsoPath) {
        return loadAlso(window, action, alsoPath, Duration.ofSeconds(10));
    }

    /** As {@link #loadAlso(Duration, String, String)}, every client with socket timeout {@code timeout}. */
    List<LoadRun> loadAlso(Duration window, String action, String alsoPath, Duration timeout) {
        return loadAlso(window, action, alsoPath, timeout, Duration.ZERO);
    }

    /**
     * As {@link #loadAlso(Duration, String, String, Duration)}, each small-page worker pausing {@code pause} after
     * every request (zero: none; see InContainerLoad).
     */
    List<LoadRun> loadAlso(Duration window, String action, String alsoPath, Duration timeout, Duration pause) {
        prepareLoad();
        List<String> command = new ArrayList<>(List.of("timeout", Long.toString(window.toSeconds() * 3 + 120),
                "java", "-Xmx512m", "-De2e.timeoutMs=" + timeout.toMillis(),
                "-De2e.pauseMicros=" + pause.toNanos() / 1_000, "-De2e.schedstat=" + accountWaits,
                "-De2e.spanMs=" + span.toMillis()));
        if (alsoPath != null) {
            command.add("-De2e.alsoPath=" + alsoPath);
        }
        command.addAll(List.of("-cp", CLASSES, InContainerLoad.class.getName(), "run", "80",
                Long.toString(window.toMillis()), "sh", "-c", action));
        ExecResult r = exec(command.toArray(String[]::new));
        Matcher m = REPORT.matcher(r.getStdout());
        if (r.getExitCode() != 0 || !m.find()) {
            fail("load run failed (exit " + r.getExitCode() + ")\nstdout: " + r.getStdout() + "\nstderr: " + r.getStderr());
        }
        List<LoadRun> runs = new ArrayList<>(List.of(LoadRun.parse(m.group(1), r.getStdout())));
        Matcher also = REPORT_ALSO.matcher(r.getStdout());
        if (alsoPath != null) {
            if (!also.find()) {
                fail("no E2E-REPORT-ALSO in\n" + r.getStdout());
            }
            runs.add(LoadRun.parse(also.group(1), r.getStdout()));
        }
        return runs;
    }

    /**
     * The package installed and PHP enabled as Debian does it ({@code lighty-enable-mod fastcgi fastcgi-php},
     * bin-path php-cgi), with a page {@code slowPage} that sleeps 1.5 s, and lighttpdctl's step lines with their
     * timings in the journal (-v); restarted, and checked to serve it.
     */
    void installWithSlowPhp(String slowPage) {
        installDeb();
        prepareLoad();
        check("printf '<?php usleep(1500000); echo \"slow ok\\\\n\";\\n' > /var/www/html" + slowPage);
        check("lighty-enable-mod fastcgi fastcgi-php 2>&1 || true");
        check("sed -i 's/^LIGHTTPDCTL_OPTS=.*/LIGHTTPDCTL_OPTS=\"-v\"/' /etc/default/lighttpdctl"
                + " && systemctl daemon-reload");
        check("systemctl restart lighttpd");
        ServerChecks.assertServerStateTrue(this);
        org.junit.jupiter.api.Assertions.assertTrue(
                check("curl -sS --max-time 10 http://127.0.0.1" + slowPage).startsWith("slow ok"));
    }

    /**
     * From now on the load runs also account for the slowest requests: when each began, relative to the action,
     * and how lighttpd spent that time by the kernel's scheduler statistics ({@link SchedSampler}), printed as
     * E2E-SLOWEST lines in the run's output.
     */
    void accountWaits() {
        accountWaits = true;
    }

    /**
     * From now on the load runs measure at least {@code span} from the action's start, and print the worst wait of
     * a request begun in it (E2E-SPAN): the same span for every action, however long it lasts.
     */
    void measureSpan(Duration span) {
        this.span = span;
    }

    private static Path testClasses() {
        try {
            return Path.of(LoadClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            return fail(e.toString());
        }
    }

    /** The container's log, for a failure message. */
    String logs() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}
