package org.lighttpdctl.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.lighttpdctl.StatusCode;
import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Text;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.GenerationStore;
import org.lighttpdctl.server.Instance;

/**
 * status for a caller that is not root (monitoring): it cannot read a root process's /proc/PID/exe nor the
 * generation records (root-only), so it answers as Debian's status_of_proc does, from what any user can read,
 * and a little stricter: the canonical pidfile's PID must be alive, run a program named like the instance's
 * binary with {@code -f} naming the instance's configuration or one of its generation wrappers, and have started
 * before the pidfile was written (a PID reused after the server died started later). Running: 0; the PID is gone
 * or another program: 1; no pidfile: 3; 4 only when /proc hides the process's command line (hidepid).
 */
final class UnprivilegedStatus {
    /** /proc/stat's btime has whole seconds: a start time computed from it may be up to a second early or late. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);
    private final Context context;

    UnprivilegedStatus(Context context) {
        this.context = context;
    }

    StatusCode run(Instance instance, OptionalInt pidfilePid, boolean json) {
        if (pidfilePid.isEmpty()) {
            return report(StatusCode.NOT_RUNNING, instance, Optional.empty(), pidfilePid, json);
        }
        int pid = pidfilePid.getAsInt();
        Optional<ProcessStat> stat = context.procfs().stat(pid).filter(ProcessStat::isAlive);
        if (stat.isEmpty()) {
            return report(StatusCode.DEAD_PIDFILE_EXISTS, instance, Optional.empty(), pidfilePid, json);
        }
        List<String> argv = context.procfs().commandLine(pid);
        if (argv.isEmpty()) {
            context.console().error("cannot tell whether PID " + pid + " (pidfile " + instance.pidfile().path()
                    + ") is this instance's lighttpd: cannot read " + context.procfs().root().resolve(pid + "/cmdline")
                    + " (run as root)");
            return StatusCode.UNKNOWN;
        }
        if (!namesInstance(argv, instance) || !startedBefore(stat.get(), instance.pidfile().path())) {
            return report(StatusCode.DEAD_PIDFILE_EXISTS, instance, Optional.empty(), pidfilePid, json);
        }
        context.console().warn("not root: PID " + pid + " recognised from the pidfile, its start time and its command"
                + " line only (run as root to verify its executable and every generation)");
        return report(StatusCode.RUNNING, instance, stat, pidfilePid, json);
    }

    /** "BINARY ... -f CONFIG" as Debian starts it, or "BINARY -f STATE/generations/N.d/WRAPPER" as we do. */
    private static boolean namesInstance(List<String> argv, Instance instance) {
        String program = Path.of(argv.get(0)).getFileName().toString();
        if (!program.equals(instance.binary().path().getFileName().toString())) {
            return false;
        }
        int f = argv.indexOf("-f");
        if (f < 0 || f + 1 >= argv.size()) {
            return false;
        }
        Path named = Path.of(argv.get(f + 1)).normalize();
        Path generations = instance.generations().dir().toAbsolutePath().normalize();
        return named.equals(instance.config().toAbsolutePath().normalize())
                || named.getParent() != null && generations.equals(named.getParent().getParent())
                && Text.isNumbered(named.getParent().getFileName().toString(), ".d")
                && named.getFileName().toString().equals(GenerationStore.WRAPPER_NAME);
    }

    /** The pidfile is written once the server runs: a process that started after it holds a reused PID. */
    private boolean startedBefore(ProcessStat stat, Path pidfile) {
        try {
            Instant written = Files.getLastModifiedTime(pidfile, LinkOption.NOFOLLOW_LINKS).toInstant();
            return !context.procfs().startInstant(stat.startTicks()).isAfter(written.plus(CLOCK_SLACK));
        } catch (IOException e) {
            return false;
        }
    }

    private StatusCode report(StatusCode code, Instance instance, Optional<ProcessStat> serving,
                              OptionalInt pidfilePid, boolean json) {
        List<StatusAction.GenerationView> views = serving.map(s -> List.of(new StatusAction.GenerationView(
                new Generation(0, s.pid(), s.startTicks(), instance.binary().path(), Generation.Role.SERVING, 0,
                        false), context.procfs().startInstant(s.startTicks())))).orElse(List.of());
        StatusReport report = new StatusReport(code, instance, views, pidfilePid);
        context.console().info(json ? report.toJson() : report.toText());
        return code;
    }
}
