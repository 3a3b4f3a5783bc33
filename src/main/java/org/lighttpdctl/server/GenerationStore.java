package org.lighttpdctl.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.DirectoryNames;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.EffectiveUid;
import org.lighttpdctl.os.FileCalls;
import org.lighttpdctl.os.Text;

/**
 * The generation records of one instance, one small properties file per generation, written atomically, beside
 * the files that belong to that generation: its wrapper config, the pidfile lighttpd itself writes, and what the
 * spawned process printed. Records are written through the seam the store is given (the context's, or a test's
 * fake kernel).
 */
public final class GenerationStore {
    private static final String RECORD = ".generation";
    /** The wrapper's file name inside the generation's basedir. */
    public static final String WRAPPER_NAME = "lighttpdctl-generation.conf";
    private static final String LAST_ID = "last-id";
    private final Path dir;
    private final FileCalls files;

    public GenerationStore(Path dir, FileCalls files) {
        this.dir = dir;
        this.files = files;
    }

    public Path dir() {
        return dir;
    }

    /** The seam this store writes through: files of its generations are written through it too. */
    public FileCalls files() {
        return files;
    }

    /** Every readable record; an unreadable one is skipped here and listed by {@link #unreadable()}. */
    public List<Generation> all() throws IOException {
        List<Generation> generations = new ArrayList<>();
        for (Path file : recordFiles()) {
            try {
                java.util.Optional<Generation> g = read(file);
                if (g.isPresent()) {
                    generations.add(g.get());
                }
            } catch (UnreadableRecordException e) {
                // reported by unreadable()
            }
        }
        generations.sort(BY_ID);
        return generations;
    }

    private static final java.util.Comparator<Generation> BY_ID = new ById();

    private static final class ById implements java.util.Comparator<Generation> {
        @Override
        public int compare(Generation a, Generation b) {
            return Long.compare(a.id(), b.id());
        }
    }

    /** Records that cannot be parsed (empty, truncated, edited), each with the reason. */
    public List<UnreadableRecordException> unreadable() throws IOException {
        List<UnreadableRecordException> bad = new ArrayList<>();
        for (Path file : recordFiles()) {
            try {
                read(file);
            } catch (UnreadableRecordException e) {
                bad.add(e);
            }
        }
        return bad;
    }

    /**
     * Moves an unreadable record aside (N.generation.unreadable, kept for the administrator; its number stays
     * taken) and puts a STARTING record without PID in its place, so that a lighttpd still running on the
     * generation's wrapper config is found by its command line like one whose record was never written.
     */
    public void setAside(UnreadableRecordException bad, Path executable) throws IOException {
        Files.move(bad.file(), bad.file().resolveSibling(bad.file().getFileName() + ".unreadable"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        save(new Generation(bad.id(), 0, 0, executable, Generation.Role.STARTING, 0, false));
    }

    /** A record file that does not hold a generation. */
    public static final class UnreadableRecordException extends IOException {
        private final Path file;
        private final long id;

        UnreadableRecordException(Path file, long id, String reason) {
            super("cannot read generation record " + file + ": " + reason);
            this.file = file;
            this.id = id;
        }

        public Path file() {
            return file;
        }

        public long id() {
            return id;
        }
    }

    private List<Path> recordFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> records = new ArrayList<>();
        for (String name : DirectoryNames.of(dir)) {
            if (Text.isNumbered(name, RECORD)) {
                records.add(dir.resolve(name));
            }
        }
        return records;
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
            for (String name : DirectoryNames.of(dir)) {
                String id = name.substring(0, Math.max(0, name.indexOf('.')));
                if (Text.isDigits(id, 1, 18, false)) {
                    max = Math.max(max, Long.parseLong(id));
                }
            }
        }
        long next = Math.max(max, lastReserved()) + 1;
        DirectoryFd.createTrusted(files, dir, EffectiveUid.get());
        AtomicFile.write(files, dir.resolve(LAST_ID), next + "\n", AtomicFile.PRIVATE);
        return next;
    }

    private long lastReserved() throws IOException {
        try {
            String text = Files.readString(dir.resolve(LAST_ID)).trim();
            return Text.isDigits(text, 1, 18, false) ? Long.parseLong(text) : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    /** Root-only (mode 0600): a record names what root signals; status as another user reads no record. */
    public void save(Generation generation) throws IOException {
        DirectoryFd.createTrusted(files, dir, EffectiveUid.get());
        AtomicFile.write(files, recordFile(generation.id()), generation.toRecordText(), AtomicFile.PRIVATE);
    }

    /** Deletes the record and every file of the generation. */
    public void forget(long id) throws IOException {
        for (Path file : List.of(recordFile(id), serverPidfile(id), spawnOutput(id))) {
            Files.deleteIfExists(file);
        }
        ConfigBasedir.remove(files, basedir(id));
    }

    /** The generation's wrapper config, in its {@link #basedir}: lighttpd resolves relative includes from there. */
    public Path wrapperConfig(long id) {
        return basedir(id).resolve(WRAPPER_NAME);
    }

    /** A mirror of the administrator's config directory (see {@link ConfigBasedir}) that holds the wrapper. */
    public Path basedir(long id) {
        return dir.resolve(id + ".d");
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
        String name = file.getFileName().toString();
        long id = Long.parseLong(name.substring(0, name.indexOf('.')));
        Generation g;
        try {
            p.load(new StringReader(Files.readString(file)));
            g = Generation.fromProperties(p);
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty(); // Forgotten by a concurrent reader's cleanup.
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            throw new UnreadableRecordException(file, id, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (g.id() != id) {
            throw new UnreadableRecordException(file, id, "it names generation " + g.id());
        }
        return java.util.Optional.of(g);
    }
}
