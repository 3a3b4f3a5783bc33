package org.lighttpdctl.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.lighttpdctl.os.AtomicFile;

/**
 * The generation records of one instance, one small properties file per generation, written atomically, beside
 * the files that belong to that generation: its wrapper config, the pidfile lighttpd itself writes, and what the
 * spawned process printed.
 */
public final class GenerationStore {
    private static final String RECORD = ".generation";
    private static final String LAST_ID = "last-id";
    private final Path dir;

    public GenerationStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public List<Generation> all() throws IOException {
        List<Generation> generations = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return generations;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(RECORD))::iterator) {
                read(file).ifPresent(generations::add);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        generations.sort(Comparator.comparingLong(Generation::id));
        return generations;
    }

    /**
     * Reserves the number the next generation gets: one more than any record, leftover file or number ever
     * reserved. The highest is kept in {@value #LAST_ID}, so a number is never given twice, even after its
     * records were forgotten (a lighttpd that outlived its record still names its wrapper config). Call under the
     * instance lock.
     */
    public long nextId() throws IOException {
        long max = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                max = files.map(f -> f.getFileName().toString())
                        .map(name -> name.substring(0, Math.max(0, name.indexOf('.'))))
                        .filter(id -> !id.isEmpty() && id.length() < 19 && id.chars().allMatch(Character::isDigit))
                        .mapToLong(Long::parseLong).max().orElse(0);
            }
        }
        long next = Math.max(max, lastReserved()) + 1;
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(LAST_ID), next + "\n");
        return next;
    }

    private long lastReserved() throws IOException {
        try {
            String text = Files.readString(dir.resolve(LAST_ID)).trim();
            return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 19
                    ? Long.parseLong(text) : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    public void save(Generation generation) throws IOException {
        Files.createDirectories(dir);
        StringWriter text = new StringWriter();
        generation.toProperties().store(text, "lighttpdctl generation record");
        AtomicFile.write(recordFile(generation.id()), text.toString());
    }

    /** Deletes the record and every file of the generation. */
    public void forget(long id) throws IOException {
        for (Path file : List.of(recordFile(id), wrapperConfig(id), serverPidfile(id), spawnOutput(id))) {
            Files.deleteIfExists(file);
        }
    }

    public Path wrapperConfig(long id) {
        return dir.resolve(id + ".conf");
    }

    /** Where the generation's lighttpd writes (and on exit unlinks) its own pidfile: never the canonical one. */
    public Path serverPidfile(long id) {
        return dir.resolve(id + ".pid");
    }

    public Path spawnOutput(long id) {
        return dir.resolve(id + ".out");
    }

    private Path recordFile(long id) {
        return dir.resolve(id + RECORD);
    }

    private static java.util.Optional<Generation> read(Path file) throws IOException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
            return java.util.Optional.of(Generation.fromProperties(p));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty(); // Forgotten by a concurrent reader's cleanup.
        } catch (RuntimeException e) {
            throw new IOException("cannot read generation record " + file + ": " + e.getMessage(), e);
        }
    }
}
