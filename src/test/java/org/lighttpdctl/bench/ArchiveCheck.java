package org.lighttpdctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one run of the tool loaded its classes from, by the JVM's own class+load log: the application
 * class-data-sharing archive (the dynamic "top" layer that {@code make cds} or the postinst makes), the JDK's base
 * archive, the JDK's modules, jars, or generated at run time (lambda forms, proxies).
 *
 * <p>Why: a JVM silently ignores an archive that no longer matches its class path (the jar was rebuilt after the
 * archive was made: a jar's size and mtime are recorded in the archive) or that another JVM made, and the launcher
 * turns the warning off ({@code -Xlog:cds=off}). The run then costs a third of a second more and the benchmark
 * would measure the wrong thing. The tool's main class coming from the top layer is the proof the archive was
 * used; {@link CostBench} refuses to measure without it.
 *
 * @param counts classes per source, in a fixed order of {@link Source}
 * @param mainFromArchive whether org.lighttpdctl.cli.Main came from the archive's top layer
 */
record ArchiveCheck(Map<Source, Integer> counts, boolean mainFromArchive) {
    private static final String MAIN = "org.lighttpdctl.cli.Main";

    /** Where a class came from; {@link #label} is what the report prints. */
    enum Source {
        APP_ARCHIVE("application archive"),
        BASE_ARCHIVE("JDK base archive"),
        JDK_MODULES("JDK modules (jrt)"),
        JARS("jars"),
        GENERATED("generated at run time");

        final String label;

        Source(String label) {
            this.label = label;
        }

        /** @param source the text after "source: " in a class+load line */
        static Source of(String source) {
            if (source.startsWith("shared objects file (top)")) {
                return APP_ARCHIVE;
            }
            if (source.startsWith("shared objects file")) {
                return BASE_ARCHIVE;
            }
            if (source.startsWith("jrt:")) {
                return JDK_MODULES;
            }
            if (source.startsWith("file:")) {
                return JARS;
            }
            return GENERATED;
        }
    }

    /**
     * Runs {@code argv} (the launcher and its arguments) once with class loading logged to a temp file.
     *
     * @return the classes it loaded, by source
     * @throws IllegalStateException if the command cannot run or fails
     */
    static ArchiveCheck run(List<String> argv) {
        Path log = null;
        try {
            log = Files.createTempFile("bench-classes-", ".log");
            // filecount=0: the JVM's log rotation would otherwise keep the existing (empty) file as LOG.0
            Map<String, String> env = Map.of("LIGHTTPDCTL_JAVA_OPTS",
                    "-Xlog:class+load=info:file=" + log + "::filecount=0");
            Shell.Result result = Shell.run(argv, env);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(argv + " exited " + result.exitCode() + ": " + result.outputLine(300));
            }
            return parse(Files.readAllLines(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot log the classes " + argv + " loads: " + e.getMessage(), e);
        } finally {
            try {
                if (log != null) {
                    Files.deleteIfExists(log);
                }
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** @param lines {@code [0.044s][info][class,load] NAME source: SOURCE} lines */
    static ArchiveCheck parse(List<String> lines) {
        Map<Source, Integer> counts = new TreeMap<>();
        for (Source source : Source.values()) {
            counts.put(source, 0);
        }
        boolean mainFromArchive = false;
        for (String line : lines) {
            int tag = line.indexOf("[class,load] ");
            int at = line.indexOf(" source: ");
            if (tag < 0 || at < 0) {
                continue;
            }
            Source source = Source.of(line.substring(at + " source: ".length()));
            counts.merge(source, 1, Integer::sum);
            String name = line.substring(tag + "[class,load] ".length(), at);
            if (name.equals(MAIN) && source == Source.APP_ARCHIVE) {
                mainFromArchive = true;
            }
        }
        return new ArchiveCheck(counts, mainFromArchive);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** e.g. "1165 classes: 806 application archive, 301 JDK base archive, ..." */
    String render() {
        List<String> parts = new ArrayList<>();
        counts.forEach((source, n) -> parts.add(n + " " + source.label));
        return total() + " classes: " + String.join(", ", parts);
    }
}
