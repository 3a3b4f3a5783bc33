package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.ConfigBasedir;
import org.lighttpdctl.server.GenerationStore;
import org.lighttpdctl.server.Instance;

/**
 * Removes what calls killed mid-transaction left behind. Run under the instance lock, when no other call is in
 * a transaction, so that everything of these kinds is a leftover: probe sockets (a SIGKILL before the commit
 * never unlinked one), temporary files of interrupted atomic writes, and the wrapper config, output and pidfile
 * of a generation that has no record and that no process runs on.
 */
public final class Sweep {
    private final Context context;

    public Sweep(Context context) {
        this.context = context;
    }

    public void run(Instance instance) {
        GenerationStore store = instance.generations();
        for (Path file : list(instance.stateDir().resolve("probe"))) {
            remove(file);
        }
        for (Path file : list(instance.stateDir())) {
            if (isTemporary(file)) {
                remove(file);
            }
        }
        for (Path file : list(store.dir())) {
            if (isTemporary(file) || isOrphan(store, file)) {
                remove(file);
            }
        }
        removeOrphanBasedirs(store);
    }

    /** N.d, the directory that holds generation N's wrapper (ConfigBasedir), under the same rule as N.conf. */
    private void removeOrphanBasedirs(GenerationStore store) {
        if (!Files.isDirectory(store.dir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(store.dir())) {
            for (Path dir : entries.filter(d -> d.getFileName().toString().matches("[0-9]{1,18}\\.d")).toList()) {
                String name = dir.getFileName().toString();
                if (isOrphan(store, dir.resolveSibling(name.substring(0, name.indexOf('.')) + ".conf"))) {
                    ConfigBasedir.remove(dir);
                    context.console().step("removed leftover " + dir);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            context.console().warn("cannot remove leftover generation directories in " + store.dir() + ": " + e);
        }
    }

    private static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** N.conf (the name stands for N.d too), N.out or N.pid without N.generation (nor a set-aside one), and no process naming N.conf. */
    private boolean isOrphan(GenerationStore store, Path file) {
        String name = file.getFileName().toString();
        if (!name.matches("[0-9]{1,18}\\.(conf|out|pid)")) {
            return false;
        }
        String id = name.substring(0, name.indexOf('.'));
        if (Files.exists(store.dir().resolve(id + ".generation"))
                || Files.exists(store.dir().resolve(id + ".generation.unreadable"))) {
            return false;
        }
        String wrapper = store.wrapperConfig(Long.parseLong(id)).toString();
        return context.procfs().pids().stream().noneMatch(pid -> context.procfs().commandLine(pid).contains(wrapper));
    }

    private void remove(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                context.console().step("removed leftover " + file);
            }
        } catch (IOException e) {
            context.console().warn("cannot remove leftover " + file + ": " + e.getMessage());
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
