package org.lighttpdctl.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's {@code test-fixtures} directory: the system property
 * {@code lighttpdctl.fixtures} if set, else the nearest {@code test-fixtures} in the working
 * directory or one of its parents (Maven runs tests in the project directory; the benchmarks run
 * from the repository root).
 */
public final class Fixtures {
    private Fixtures() {}

    /**
     * @param name a fixture set, e.g. {@code sample} or {@code broken}
     * @return its directory
     * @throws IllegalStateException if it cannot be found
     */
    public static Path dir(String name) {
        return base().resolve(name);
    }

    /** @return the {@code test-fixtures} directory */
    public static Path base() {
        String configured = System.getProperty("lighttpdctl.fixtures");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("test-fixtures");
            if (Files.isDirectory(candidate.resolve("sample"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("test-fixtures/sample not found from " + Path.of("").toAbsolutePath());
    }
}
