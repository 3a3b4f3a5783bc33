package org.lighttpdctl.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Where the end-to-end tests find what they need, and the check that a container engine answers.
 *
 * <ul>
 *   <li>the package: system property {@code lighttpdctl.deb} (path of the .deb built by
 *       {@code dpkg-buildpackage -us -uc -b}); default: the newest {@code ../lighttpdctl_*_all.deb} next to the
 *       project directory, where dpkg-buildpackage puts it;
 *   <li>the Debian release: system property {@code lighttpdctl.e2e.suite} or LIGHTTPDCTL_E2E_SUITE, bookworm
 *       (Debian 12) by default, or trixie (Debian 13);
 *   <li>the image: system property {@code lighttpdctl.e2e.image} or LIGHTTPDCTL_E2E_IMAGE; default: the name
 *       {@code test-fixtures/e2e/build-image.sh --name SUITE} prints (the images are built by
 *       {@code test-fixtures/e2e/setup.sh});
 *   <li>the engine: podman's Docker-compatible API, found by Testcontainers through DOCKER_HOST (with
 *       TESTCONTAINERS_RYUK_DISABLED=true); {@code test-fixtures/e2e/setup.sh} starts it and writes both into
 *       /run/lighttpdctl-e2e/env.
 * </ul>
 */
final class E2e {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Path FIXTURES = PROJECT.resolve("test-fixtures/e2e");

    private E2e() {
    }

    /**
     * Fails (never skips) when no container engine answers but one could be set up here; skips, saying why, only
     * where none can be installed at all (not root, or not a Debian system with apt).
     */
    static void requireContainerEngine() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isRegularFile(Path.of("/etc/debian_version"));
        Assumptions.assumeTrue(root && apt, "no container engine answers, and none can be installed here ("
                + (root ? "" : "not root; ") + (apt ? "" : "not a Debian system with apt-get; ")
                + "the e2e tests need podman from Debian's packages)");
        fail("no container engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "). Set it up with "
                + "`test-fixtures/e2e/setup.sh` and run the tests with the variables it prints "
                + "(/run/lighttpdctl-e2e/env)");
    }

    /** @return the .deb under test */
    static Path deb() {
        String property = System.getProperty("lighttpdctl.deb");
        if (property != null && !property.isBlank()) {
            Path deb = Path.of(property).toAbsolutePath();
            if (!Files.isRegularFile(deb)) {
                fail("lighttpdctl.deb=" + deb + " is not a file");
            }
            return deb;
        }
        try (Stream<Path> files = Files.list(PROJECT.getParent())) {
            Optional<Path> newest = files
                    .filter(p -> p.getFileName().toString().matches("lighttpdctl_.*_all\\.deb"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
            if (newest.isPresent()) {
                return newest.get();
            }
        } catch (IOException e) {
            // reported below
        }
        return fail("no package to test: build it with `dpkg-buildpackage -us -uc -b` (it lands in "
                + PROJECT.getParent() + ") or pass -Dlighttpdctl.deb=PATH");
    }

    /** @return the Debian suite under test: bookworm (the default) or trixie */
    static String suite() {
        String suite = System.getProperty("lighttpdctl.e2e.suite", System.getenv("LIGHTTPDCTL_E2E_SUITE"));
        return suite == null || suite.isBlank() ? "bookworm" : suite.trim();
    }

    /** @return the name of the local test image of {@link #suite()}, which must exist (nothing is pulled) */
    static String image() {
        String name = imageName();
        try {
            DockerClientFactory.instance().client().inspectImageCmd(name).exec();
        } catch (RuntimeException e) {
            fail("the test image " + name + " is missing (" + e.getMessage() + "): build it with "
                    + "`test-fixtures/e2e/setup.sh`");
        }
        return name;
    }

    private static String imageName() {
        String property = System.getProperty("lighttpdctl.e2e.image", System.getenv("LIGHTTPDCTL_E2E_IMAGE"));
        if (property != null && !property.isBlank()) {
            return property;
        }
        String name = run(List.of("bash", FIXTURES.resolve("build-image.sh").toString(), "--name", suite())).trim();
        if (name.isEmpty()) {
            fail("build-image.sh --name printed nothing");
        }
        return name;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                fail(command + " exited " + process.exitValue());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail(command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
