package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.lighttpdctl.Checkpoint;
import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.os.AtomicFile;
import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.OwnedFile;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.server.BackendOverrideCheck;
import org.lighttpdctl.server.BackendSocketCheck;
import org.lighttpdctl.server.BackendSockets;
import org.lighttpdctl.server.ConfigBasedir;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.GenerationStore;
import org.lighttpdctl.server.Instance;
import org.lighttpdctl.server.Pidfile;
import org.lighttpdctl.server.ServerScan;
import org.lighttpdctl.server.ServerUser;
import org.lighttpdctl.server.WrapperConfig;

/**
 * Starts one generation: lighttpd in daemon mode on a wrapper config, optionally with listening sockets it
 * inherits at descriptors 3... lighttpd's daemon-mode parent exits 0 only after the child has bound its sockets,
 * dropped privileges, written its pidfile and finished setup, so that exit status is the proof of a good start
 * (lighttpd never speaks sd_notify, and -D gives no ready signal at all).
 */
public final class GenerationLauncher {
    /**
     * How long lighttpd's daemon parent may take to exit: it loads every module and runs every include_shell of the
     * configuration first, and a slow script must not read as a failed start. A call killed during a spawn leaves
     * the next call waiting as long for it (lifecycle.state.UnfinishedSpawns).
     */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int ERROR_LINES_SHOWN = 20;
    private final Context context;

    public GenerationLauncher(Context context) {
        this.context = context;
    }

    /**
     * Spawns a generation and returns its STARTING record (saved). On failure nothing of it is left running or
     * recorded.
     *
     * @param inherited  this process's descriptors of the listening sockets the generation takes over, in order
     * @param probeToken the token the generation answers readiness probes with
     */
    public Generation launch(Instance instance, List<Integer> inherited, String probeToken)
            throws LighttpdctlException {
        GenerationStore store = instance.generations();
        try {
            long id = store.nextId();
            BackendSocketCheck.requireFree(instance.effective(), id);
            Path binary = ServerScan.realBinary(instance.binary().path());
            DirectoryFd.createTrusted(store.files(), store.dir(), context.procfs().effectiveUid());
            // left by a tool killed before it recorded generation id
            ConfigBasedir.remove(store.files(), store.basedir(id));
            ConfigBasedir.mirror(store.files(), instance.config(), store.basedir(id), GenerationStore.WRAPPER_NAME);
            AtomicFile.write(store.files(), store.wrapperConfig(id), WrapperConfig.render(instance.config(),
                    store.serverPidfile(id), !inherited.isEmpty(), probeToken, backendOverrides(instance, id)));
            BackendOverrideCheck.requireFor(instance, store.wrapperConfig(id), id);
            // Recorded before the spawn, so that a tool killed during it leaves a trace the next call settles; the
            // time of the intent tells that spawn from any process started earlier (ServerScan.resolveSpawned).
            store.save(new Generation(id, 0, context.procfs().uptimeTicks(), binary, Generation.Role.STARTING, 0,
                    false));
            try {
                Generation started = spawnAndAwait(instance, store, id, binary, inherited);
                store.save(started);
                return started;
            } catch (LighttpdctlException | IOException | RuntimeException e) {
                store.forget(id);
                throw e;
            }
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot prepare a new generation in "
                    + store.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Own bin-path backend sockets for this generation, from the configuration this call read (lighttpd -p). */
    private static List<String> backendOverrides(Instance instance, long id) {
        if (instance.effective().backendSockets().isEmpty()) {
            return List.of();
        }
        return BackendSockets.overrides(instance.effective().tree(), id);
    }

    private Generation spawnAndAwait(Instance instance, GenerationStore store, long id, Path binary,
                                     List<Integer> inherited) throws LighttpdctlException, IOException {
        long errorLogMark = errorLogSize(instance);
        List<String> argv = List.of(binary.toString(), "-f", store.wrapperConfig(id).toString());
        int parent;
        int exit;
        // At the caller's priority, not the launcher's nice +10: the child inherits it (see Priority).
        org.lighttpdctl.os.Priority.restoreForSpawn(context.syscalls(), System.getenv("LIGHTTPDCTL_NICE"))
                .ifPresent(context.console()::warn);
        try {
            parent = context.syscalls().spawn(argv, environment(inherited), inherited, store.spawnOutput(id));
            context.processesChanged(); // a generation without inherited sockets binds its own
            context.console().step(Checkpoint.SPAWNED, "spawned generation " + id + " (daemon parent PID " + parent + ", "
                    + inherited.size() + " inherited socket(s))");
            exit = context.syscalls().waitExit(parent, START_TIMEOUT.toMillis());
            if (exit == -1) {
                context.syscalls().kill(parent, Signal.KILL);
                context.syscalls().waitExit(parent, Terminator.AFTER_KILL.toMillis());
                throw new LaunchFailedException("new lighttpd did not finish starting within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (SyscallException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, e.getMessage(), e);
        }
        if (exit != 0) {
            String errors = lighttpdErrors(instance, store.spawnOutput(id), errorLogMark);
            throw new LaunchFailedException("new lighttpd exited with status " + exit + " during start-up"
                    + (errors.isEmpty() ? "" : ":\n" + errors));
        }
        return recordOf(store, id, binary);
    }

    private Generation recordOf(GenerationStore store, long id, Path binary) throws LighttpdctlException {
        OptionalInt pid = new Pidfile(store.serverPidfile(id), false, context.procfs().pidMax(), store.files())
                .read();
        Optional<ProcessStat> stat = pid.isPresent() ? context.procfs().stat(pid.getAsInt()) : Optional.empty();
        if (stat.isEmpty() || !stat.get().isAlive()) {
            throw new LaunchFailedException("new lighttpd reported a good start but is not running (pidfile "
                    + store.serverPidfile(id) + ")");
        }
        Path executable = context.procfs().executable(stat.get().pid()).orElse(binary);
        return new Generation(id, stat.get().pid(), stat.get().startTicks(), executable,
                Generation.Role.STARTING, 0, false);
    }

    /**
     * What start-stop-daemon under systemd gives a daemon, never the caller's environment (which would reach PHP
     * through getenv()): systemd's default PATH, the caller's locale (LANG, as systemd sets it from
     * /etc/locale.conf), and the socket-activation variables when sockets are passed. LISTEN_PID "parent:PID"
     * (lighttpd 1.4.64+) accepts the sockets in a process whose parent is PID: we cannot know the child's own PID
     * before posix_spawn returns.
     */
    private Map<String, String> environment(List<Integer> inherited) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        String lang = System.getenv("LANG");
        if (lang != null && !lang.isEmpty()) {
            env.put("LANG", lang);
        }
        if (!inherited.isEmpty()) {
            env.put("LISTEN_FDS", Integer.toString(inherited.size()));
            env.put("LISTEN_PID", "parent:" + context.syscalls().pid());
        }
        return env;
    }

    /** How long lighttpd's error log is before this start (0 when it cannot be read safely). */
    private long errorLogSize(Instance instance) {
        try (var log = openErrorLog(instance).orElse(null)) {
            return log == null ? 0 : log.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * lighttpd's error log lies in a directory the server user owns (Debian: www-data's /var/log/lighttpd), so it
     * is opened without following links and must be a regular file of root or server.username (OwnedFile): a
     * link planted there would print a root-only file to root's terminal and journal.
     */
    private Optional<OwnedFile> openErrorLog(Instance instance) throws IOException {
        Optional<Path> path = instance.effective().errorLogOnHost();
        if (path.isEmpty() || !Files.exists(path.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(OwnedFile.open(context.files(), path.get(), ServerUser.allowedUids(instance.effective())));
    }

    /** What lighttpd printed before it opened its error log, and what it wrote there during this start. */
    private String lighttpdErrors(Instance instance, Path output, long errorLogMark) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(output)) {
            lines.addAll(Files.readAllLines(output, StandardCharsets.UTF_8));
        }
        try (var log = openErrorLog(instance).orElse(null)) {
            if (log != null) {
                byte[] appended = log.read(errorLogMark, 64 * 1024);
                new String(appended, StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        } catch (IOException e) {
            context.console().warn("not reading lighttpd's error log: " + e.getMessage());
        }
        List<String> shown = lines.stream().filter(l -> !l.isBlank()).toList();
        return String.join("\n", shown.subList(Math.max(0, shown.size() - ERROR_LINES_SHOWN), shown.size()));
    }
}
