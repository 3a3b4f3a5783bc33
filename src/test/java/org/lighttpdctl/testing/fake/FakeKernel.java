package org.lighttpdctl.testing.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.function.Consumer;

import org.lighttpdctl.Console;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Signal;
import org.lighttpdctl.os.SyscallException;
import org.lighttpdctl.os.SyscallException.Errno;
import org.lighttpdctl.os.Syscalls;

/**
 * A fake of the seam ({@link Syscalls}) for decision tests: no root, no lighttpd, no native code, milliseconds.
 * (cloudflare/tableflip tests its upgrader the same way, against a fake {@code env}.)
 *
 * <ul>
 *   <li>Processes ({@link FakeProcess}) with PIDs, start ticks and executables, shown in a /proc tree
 *       ({@link FakeProc}) that the production {@link Procfs} reads: {@link #procfs()}.
 *   <li>Signals, by kill or through a pidfd, recorded in order ({@link #signals()}) and acted on as each process
 *       is scripted to (exit now, exit after a drain, ignore; SIGKILL ends any but an unkillable one). A pidfd
 *       names the process it was opened for: once that one is gone, a signal through it fails with ESRCH even if
 *       a new process holds the PID.
 *   <li>A clock ({@link #nanoTime()}) that only {@link #sleepMillis} and {@link #advance} move: the code's polling
 *       loops run scripted exits at their moment, and a 60 s deadline passes in a millisecond.
 *   <li>Spawns ({@link #spawned()}, {@link #onSpawn}) that create fake children; waitExit reaps them.
 *   <li>Files ({@link #files()}): descriptors over a real temporary tree, flock as a table.
 *   <li>Listening sockets ({@link #listen}) as the kernel's NETLINK_SOCK_DIAG answer; sd_notify datagrams recorded.
 *   <li>Faults: {@link #failNext(Op, int)} makes the next such call fail with that errno.
 * </ul>
 *
 * Not thread-safe: the decisions it serves run on one thread.
 */
public final class FakeKernel implements Syscalls {
    /** This JVM's PID in the fake. */
    public static final int SELF_PID = 4000;
    private static final long START_MILLIS = 100_000;

    private final Path dir;
    private final FakeProc proc;
    private final FakeFiles files;
    private final Map<Integer, FakeProcess> processes = new LinkedHashMap<>();
    private final Map<Integer, FakeProcess> pidfds = new HashMap<>();
    private final Map<Integer, Long> takenSockets = new HashMap<>();
    private final List<SentSignal> signals = new ArrayList<>();
    private final List<SpawnRequest> spawned = new ArrayList<>();
    private final List<String> notifications = new ArrayList<>();
    private final List<ListeningSocket> listeners = new ArrayList<>();
    private final Map<Op, Queue<Integer>> faults = new EnumMap<>(Op.class);
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final List<Integer> priorities = new ArrayList<>();
    private Consumer<FakeProcess> onSpawn = child -> { };
    private long nowMillis = START_MILLIS;
    private long oversleepMillis;
    private long eventSequence;
    private int nextPid = 20_000;
    private int nextFd = 9000;
    /**
     * The test process's own effective uid by default: the fake's state tree is real and owned by it, and the
     * production code trusts a directory only when root or the caller owns it.
     */
    private int euid = new Procfs().effectiveUid();

    /** A fake kernel whose /proc tree lives in {@code dir}/proc (a test's @TempDir). */
    public FakeKernel(Path dir) {
        this.dir = dir;
        this.files = new FakeFiles(this);
        this.proc = new FakeProc(dir.resolve("proc"), this);
    }

    /** A spawn the code asked for, and the fake child it got. */
    public record SpawnRequest(List<String> argv, Map<String, String> environment, List<Integer> inherited,
                               Path output, FakeProcess child) {
    }

    private record Event(long atMillis, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            return atMillis != other.atMillis ? Long.compare(atMillis, other.atMillis)
                    : Long.compare(sequence, other.sequence);
        }
    }

    // ----- set-up and inspection -----------------------------------------------------------------------------

    /** A running process, not a child of this JVM (lighttpd daemonised, or started by systemd). */
    public FakeProcess process(int pid, Path executable) {
        if (processes.containsKey(pid) && !processes.get(pid).gone()) {
            throw new IllegalStateException("PID " + pid + " is taken by " + processes.get(pid));
        }
        FakeProcess p = new FakeProcess(this, pid, 1, nowMillis / 10, executable);
        processes.put(pid, p);
        proc.write(p);
        return p;
    }

    /** The process that holds {@code pid} now. */
    public FakeProcess processAt(int pid) {
        FakeProcess p = processes.get(pid);
        if (p == null) {
            throw new IllegalArgumentException("no fake process has PID " + pid);
        }
        return p;
    }

    /** What every child spawned from now on is set up with (exit reactions, sockets) before the code sees it. */
    public FakeKernel onSpawn(Consumer<FakeProcess> setUp) {
        this.onSpawn = setUp;
        return this;
    }

    /** Runs {@code action} when the fake clock reaches {@code after} from now (a file a process writes, say). */
    public FakeKernel after(Duration after, Runnable action) {
        schedule(after, action);
        return this;
    }

    /** Listening sockets the kernel reports (NETLINK_SOCK_DIAG). */
    public FakeKernel listen(ListeningSocket socket) {
        listeners.add(socket);
        return this;
    }

    /** Removes the listener with this inode (its last holder closed it). */
    public FakeKernel unlisten(long inode) {
        listeners.removeIf(s -> s.inode() == inode);
        return this;
    }

    /** The next {@code op} call fails with {@code errno}; several calls queue up, one fault each. */
    public FakeKernel failNext(Op op, int errno) {
        faults.computeIfAbsent(op, k -> new ArrayDeque<>()).add(errno);
        return this;
    }

    /** The effective uid of this JVM: geteuid and /proc/self/status (by default the test process's own). */
    public FakeKernel euid(int uid) {
        this.euid = uid;
        proc.writeSelf(uid);
        return this;
    }

    /**
     * Each sleep lasts at least {@code atLeast}, as on a loaded machine whose scheduler wakes a sleeper late
     * (code must take it: its deadlines are checked against the clock, never counted in sleeps). A decision test
     * with deadlines of seconds sets a few hundred ms: fewer polls of the fake /proc, the same decisions. Default: exact.
     */
    public FakeKernel oversleep(Duration atLeast) {
        this.oversleepMillis = atLeast.toMillis();
        return this;
    }

    /** Every signal sent, in order. */
    public List<SentSignal> signals() {
        return List.copyOf(signals);
    }

    /** The signals sent, as "INT>4711" in order. */
    public List<String> signalLog() {
        return signals.stream().map(SentSignal::brief).toList();
    }

    public List<SpawnRequest> spawned() {
        return List.copyOf(spawned);
    }

    /** The sd_notify messages sent, each with " fds=N" appended when it carried descriptors. */
    public List<String> notifications() {
        return List.copyOf(notifications);
    }

    /** The nice values set with setpriority, in order. */
    public List<Integer> priorities() {
        return List.copyOf(priorities);
    }

    public FakeProc proc() {
        return proc;
    }

    public FakeFiles files() {
        return files;
    }

    /** The production /proc reader, on the fake tree. */
    public Procfs procfs() {
        return proc.procfs();
    }

    /** Milliseconds on the fake clock since it started. */
    public long elapsedMillis() {
        return nowMillis - START_MILLIS;
    }

    long nowMillis() {
        return nowMillis;
    }

    /** Moves the fake clock, running what was scheduled up to then. */
    public void advance(Duration duration) {
        long until = nowMillis + duration.toMillis();
        while (!events.isEmpty() && events.peek().atMillis() <= until) {
            Event next = events.poll();
            nowMillis = Math.max(nowMillis, next.atMillis());
            next.action().run();
        }
        nowMillis = until;
        proc.tick();
    }

    /**
     * A {@link Context} on this kernel: its /proc, its listeners, itself as the native calls, and a console whose
     * output {@code console} collects (verbose, so steps are kept).
     */
    public Context context(ByteArrayOutputStream console) {
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        return new Context(new Console(out, out, false, true), procfs(), new ListeningSockets(this), () -> this);
    }

    /** A fresh directory under the kernel's own, for a test's state tree. */
    public Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----- the seam: time ------------------------------------------------------------------------------------

    @Override
    public long nanoTime() {
        return nowMillis * 1_000_000;
    }

    /** The wall clock: the boot time of the fake /proc/stat plus the fake clock. */
    @Override
    public long currentTimeMillis() {
        return FakeProc.BOOT_SECONDS * 1000 + nowMillis;
    }

    @Override
    public void sleepMillis(long millis) {
        advance(Duration.ofMillis(Math.max(Math.max(1, millis), oversleepMillis)));
    }

    // ----- the seam: processes -------------------------------------------------------------------------------

    @Override
    public void kill(int pid, Signal signal) throws SyscallException {
        String what = "send " + signal.signame() + " to PID " + pid;
        maybeFail(Op.KILL, what);
        FakeProcess target = processes.get(pid);
        boolean alive = target != null && !target.gone();
        signals.add(new SentSignal(pid, signal, false, elapsedMillis(), alive));
        if (!alive) {
            throw error(what, Errno.ESRCH);
        }
        deliver(target, signal);
    }

    @Override
    public int pidfdOpen(int pid) throws SyscallException {
        String what = "open a pidfd for PID " + pid;
        maybeFail(Op.PIDFD_OPEN, what);
        FakeProcess target = processes.get(pid);
        if (target == null || target.gone()) {
            throw error(what, Errno.ESRCH);
        }
        int fd = nextFd++;
        pidfds.put(fd, target);
        return fd;
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) throws SyscallException {
        String what = "take descriptor " + targetFd + " through pidfd " + pidfd;
        maybeFail(Op.PIDFD_GETFD, what);
        FakeProcess target = pidfds.get(pidfd);
        if (target == null) {
            throw error(what, Errno.EBADF);
        }
        if (target.exited()) {
            throw error(what, Errno.ESRCH);
        }
        Long inode = target.socketFds().get(targetFd);
        if (inode == null) {
            throw error(what, Errno.EBADF);
        }
        int fd = nextFd++;
        takenSockets.put(fd, inode);
        return fd;
    }

    /** The socket inodes this JVM took with pidfd_getfd and has not closed. */
    public Map<Integer, Long> takenSockets() {
        return Map.copyOf(takenSockets);
    }

    @Override
    public void pidfdSendSignal(int pidfd, Signal signal) throws SyscallException {
        String what = "send " + signal.signame() + " through pidfd " + pidfd;
        maybeFail(Op.PIDFD_SIGNAL, what);
        FakeProcess target = pidfds.get(pidfd);
        if (target == null) {
            throw error(what, Errno.EBADF);
        }
        // As for kill(2), a zombie still takes a signal (to no effect); only a reaped process is gone (ESRCH).
        boolean alive = !target.gone();
        signals.add(new SentSignal(target.pid(), signal, true, elapsedMillis(), alive));
        if (!alive) {
            throw error(what, Errno.ESRCH);
        }
        deliver(target, signal);
    }

    @Override
    public int spawn(List<String> argv, Map<String, String> environment, List<Integer> inherited, Path output)
            throws SyscallException {
        maybeFail(Op.SPAWN, "spawn " + argv.get(0));
        int pid = freePid();
        FakeProcess child = new FakeProcess(this, pid, SELF_PID, nowMillis / 10, Path.of(argv.get(0)));
        child.commandLine(argv);
        processes.put(pid, child);
        for (int i = 0; i < inherited.size(); i++) {
            Long inode = takenSockets.get(inherited.get(i));
            if (inode != null) {
                child.holdsSocket(3 + i, inode);
            }
        }
        onSpawn.accept(child);
        proc.write(child);
        spawned.add(new SpawnRequest(List.copyOf(argv), Map.copyOf(environment), List.copyOf(inherited), output,
                child));
        return pid;
    }

    /** Helper programs (lighttpd -p, systemctl) run for real only (os.Command): no decision test starts one. */
    @Override
    public int spawnHelper(List<String> argv, Map<String, String> environment, int output) {
        throw new UnsupportedOperationException("FakeKernel runs no helper program: " + argv);
    }

    @Override
    public int[] pipe(String what) {
        throw new UnsupportedOperationException("FakeKernel has no pipes: " + what);
    }

    @Override
    public int read(int fd, byte[] into, String what) {
        throw new UnsupportedOperationException("FakeKernel has no pipes: " + what);
    }

    @Override
    public int waitExit(int pid, long timeoutMillis) throws SyscallException {
        String what = "wait for PID " + pid;
        maybeFail(Op.WAIT, what);
        FakeProcess child = processes.get(pid);
        if (child == null || child.ppid() != SELF_PID || child.gone()) {
            throw error(what, 10); // ECHILD
        }
        long deadline = nowMillis + timeoutMillis;
        while (child.state() != 'Z' && nowMillis < deadline) {
            advance(Duration.ofMillis(Math.min(20, deadline - nowMillis)));
        }
        if (child.state() != 'Z') {
            return -1;
        }
        child.markReaped();
        proc.write(child);
        return child.exitCode();
    }

    @Override
    public void setPriority(int nice) throws SyscallException {
        maybeFail(Op.SET_PRIORITY, "set the CPU priority to " + nice);
        priorities.add(nice);
    }

    @Override
    public int pid() {
        return SELF_PID;
    }

    @Override
    public int euid() {
        return euid;
    }

    // ----- the seam: files -----------------------------------------------------------------------------------

    @Override
    public int openAt(int dirFd, String name, int flags, int mode, String what) throws SyscallException {
        return files.openAt(dirFd, name, flags, mode, what);
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode, String what) throws SyscallException {
        files.mkdirAt(dirFd, name, mode, what);
    }

    @Override
    public void renameAt(int fromDirFd, String from, int toDirFd, String to, String what) throws SyscallException {
        files.renameAt(fromDirFd, from, toDirFd, to, what);
    }

    @Override
    public void unlinkAt(int dirFd, String name, int flags, String what) throws SyscallException {
        files.unlinkAt(dirFd, name, flags, what);
    }

    @Override
    public void writeWhole(int fd, byte[] bytes, String what) throws SyscallException {
        files.writeWhole(fd, bytes, what);
    }

    @Override
    public void fsync(int fd, String what) throws SyscallException {
        files.fsync(fd, what);
    }

    @Override
    public void close(int fd) throws SyscallException {
        if (pidfds.remove(fd) != null || takenSockets.remove(fd) != null) {
            return;
        }
        files.close(fd);
    }

    @Override
    public boolean tryLockExclusive(int fd, Path pathForMessages) throws SyscallException {
        return files.tryLockExclusive(fd, pathForMessages);
    }

    @Override
    public Path descriptorPath(int fd) {
        return files.descriptorPath(fd);
    }

    // ----- the seam: sockets ---------------------------------------------------------------------------------

    @Override
    public List<ListeningSocket> listeners() throws SyscallException {
        maybeFail(Op.LISTENERS, "ask the kernel for the tcp listeners");
        List<ListeningSocket> all = new ArrayList<>(tcp(false));
        all.addAll(tcp(true));
        all.addAll(listeners.stream().filter(s -> s.address() instanceof java.net.UnixDomainSocketAddress).toList());
        return all;
    }

    private List<ListeningSocket> tcp(boolean ipv6) {
        return listeners.stream().filter(s -> s.address() instanceof InetSocketAddress inet
                && (inet.getAddress() instanceof java.net.Inet6Address) == ipv6).toList();
    }

    @Override
    public void notifyWithDescriptors(String socketPath, String message, List<Integer> fds) throws SyscallException {
        maybeFail(Op.NOTIFY, "send to " + socketPath);
        notifications.add(message + (fds.isEmpty() ? "" : " fds=" + fds.size()));
    }

    // ----- inside the fake -----------------------------------------------------------------------------------

    /** A signal reaches a live process: it reacts as scripted. */
    private void deliver(FakeProcess target, Signal signal) {
        if (target.exited()) {
            return; // a zombie: nothing runs to take it
        }
        target.receive(signal);
        if (signal == Signal.KILL && target.isUnkillable()) {
            return;
        }
        if (signal == Signal.INT && target.closesSocketsOnInt()) {
            target.socketFds().values().forEach(this::unlisten);
            target.closeSockets();
        }
        Exit exit = target.reactionTo(signal);
        if (exit == null) {
            return;
        }
        int code = exit.code() >= 0 ? exit.code() : 128 + signal.number();
        if (exit.after().isZero()) {
            exit(target, code);
        } else {
            schedule(exit.after(), () -> exit(target, code));
        }
    }

    /** The process exits by itself now (status 0). */
    public void exit(FakeProcess p) {
        exit(p, 0);
    }

    /** The process ends: a zombie while this JVM, its parent, has not reaped it; gone otherwise. */
    void exit(FakeProcess p, int code) {
        if (p.exited()) {
            return;
        }
        p.markExited(code, p.ppid() == SELF_PID);
        p.socketFds().values().forEach(this::unlisten);
        proc.write(p);
    }

    void schedule(Duration after, Runnable action) {
        events.add(new Event(nowMillis + after.toMillis(), eventSequence++, action));
    }

    void maybeFail(Op op, String what) throws SyscallException {
        Queue<Integer> queued = faults.get(op);
        if (queued != null && !queued.isEmpty()) {
            throw error(what, queued.poll());
        }
    }

    SyscallException error(String what, int errno) {
        return new SyscallException(what, errno, reason(errno));
    }

    private static String reason(int errno) {
        return switch (errno) {
            case Errno.EPERM -> "Operation not permitted";
            case Errno.ENOENT -> "No such file or directory";
            case Errno.ESRCH -> "No such process";
            case Errno.EINTR -> "Interrupted system call";
            case Errno.EBADF -> "Bad file descriptor";
            case Errno.EWOULDBLOCK -> "Resource temporarily unavailable";
            case Errno.EACCES -> "Permission denied";
            case Errno.EEXIST -> "File exists";
            case Errno.ENOTDIR -> "Not a directory";
            case Errno.EISDIR -> "Is a directory";
            case 28 -> "No space left on device";
            case Errno.ENOSYS -> "Function not implemented";
            case Errno.ELOOP -> "Too many levels of symbolic links";
            default -> "errno " + errno;
        };
    }

    private int freePid() {
        while (processes.containsKey(nextPid) && !processes.get(nextPid).gone()) {
            nextPid++;
        }
        return nextPid++;
    }
}
