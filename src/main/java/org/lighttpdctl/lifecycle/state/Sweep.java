package org.lighttpdctl.lifecycle.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.Text;
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
        sweep(instance.stateDir().resolve("probe"), name -> true);
        sweep(instance.stateDir(), Sweep::isTemporary);
        sweep(store.dir(), name -> isTemporary(name) || isOrphan(store, name));
        removeOrphanBasedirs(store);
    }

    /**
     * Removes the entries of {@code dir} (not its subdirectories) that {@code leftover} selects, by unlinkat on a
     * descriptor reached by the checked walk of {@link DirectoryFd#openTrusted}: never through a swapped directory.
     */
    private void sweep(Path dir, java.util.function.Predicate<String> leftover) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryFd open = DirectoryFd.openTrusted(context.syscalls(), dir,
                context.procfs().effectiveUid(), false)) {
            for (String name : open.names()) {
                if (leftover.test(name) && !Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    open.remove(name);
                    context.console().step("removed leftover " + dir.resolve(name));
                }
            }
        } catch (IOException e) {
            context.console().warn("cannot remove leftovers in " + dir + ": " + e.getMessage());
        }
    }

    /** N.d, the directory that holds generation N's wrapper (ConfigBasedir), under the same rule as N.conf. */
    private void removeOrphanBasedirs(GenerationStore store) {
        if (!Files.isDirectory(store.dir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(store.dir())) {
            for (Path dir : entries.filter(d -> Text.isNumbered(d.getFileName().toString(), ".d")).toList()) {
                String name = dir.getFileName().toString();
                if (isOrphan(store, name.substring(0, name.indexOf('.')) + ".conf")) {
                    ConfigBasedir.remove(store.files(), dir);
                    context.console().step("removed leftover " + dir);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            context.console().warn("cannot remove leftover generation directories in " + store.dir() + ": " + e);
        }
    }

    private static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** N.conf (the name stands for N.d too), N.out or N.pid without N.generation (nor a set-aside one), and no process naming N.conf. */
    private boolean isOrphan(GenerationStore store, String name) {
        if (!(Text.isNumbered(name, ".conf") || Text.isNumbered(name, ".out") || Text.isNumbered(name, ".pid"))) {
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
}
