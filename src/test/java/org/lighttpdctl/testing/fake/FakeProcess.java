package org.lighttpdctl.testing.fake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.lighttpdctl.os.Signal;

/**
 * A process of the {@link FakeKernel}: what /proc shows of it (PID, parent, start ticks, executable, command line,
 * uid, the sockets its descriptors hold, its cgroup) and how it reacts to signals. By default it reacts only to
 * SIGKILL (the kernel's rule: it cannot be caught); {@link #on} scripts the rest, {@link #exitsIn} an exit of its
 * own. Configure it before the code under test runs; the kernel changes its state.
 */
public final class FakeProcess {
    private final FakeKernel kernel;
    private final int pid;
    private int ppid;
    private final long startTicks;
    private Path executable;
    private List<String> commandLine;
    private int uid;
    private String cgroup = "0::/";
    private final Map<Integer, Long> socketFds = new TreeMap<>();
    private final Map<Signal, Exit> reactions = new EnumMap<>(Signal.class);
    private boolean unkillable;
    private boolean closesSocketsOnInt;
    private char state = 'S';
    private int exitCode = -1;
    private boolean reaped;
    private final List<Signal> received = new ArrayList<>();

    FakeProcess(FakeKernel kernel, int pid, int ppid, long startTicks, Path executable) {
        this.kernel = kernel;
        this.pid = pid;
        this.ppid = ppid;
        this.startTicks = startTicks;
        this.executable = executable;
        this.commandLine = List.of(executable.toString());
        reactions.put(Signal.KILL, Exit.now());
    }

    public int pid() {
        return pid;
    }

    public int ppid() {
        return ppid;
    }

    public long startTicks() {
        return startTicks;
    }

    public Path executable() {
        return executable;
    }

    public List<String> commandLine() {
        return commandLine;
    }

    public int uid() {
        return uid;
    }

    public String cgroup() {
        return cgroup;
    }

    /** Descriptor number to socket inode. */
    public Map<Integer, Long> socketFds() {
        return socketFds;
    }

    /** 'S' while it runs, 'Z' once it exited and its parent (this JVM) has not reaped it. */
    public char state() {
        return state;
    }

    /** Whether it has exited (zombie or reaped). */
    public boolean exited() {
        return state == 'Z' || reaped;
    }

    /** Whether the PID is gone from /proc (reaped by this JVM, or exited as another parent's child). */
    public boolean gone() {
        return reaped;
    }

    /** The exit code as waitpid reports it (128+signal for a signal), -1 while it runs. */
    public int exitCode() {
        return exitCode;
    }

    /** The signals it received, in order. */
    public List<Signal> received() {
        return List.copyOf(received);
    }

    public FakeProcess parent(int parentPid) {
        this.ppid = parentPid;
        kernel.proc().write(this);
        return this;
    }

    public FakeProcess executable(Path exe) {
        this.executable = exe;
        kernel.proc().write(this);
        return this;
    }

    public FakeProcess commandLine(List<String> argv) {
        this.commandLine = List.copyOf(argv);
        kernel.proc().write(this);
        return this;
    }

    public FakeProcess uid(int owner) {
        this.uid = owner;
        kernel.proc().write(this);
        return this;
    }

    /** The cgroup path of its /proc/PID/cgroup line ("0::PATH"). */
    public FakeProcess cgroup(String path) {
        this.cgroup = "0::" + path;
        kernel.proc().write(this);
        return this;
    }

    /** It holds the socket with this inode at descriptor {@code fd} (/proc/PID/fd/FD -> socket:[INODE]). */
    public FakeProcess holdsSocket(int fd, long inode) {
        socketFds.put(fd, inode);
        kernel.proc().write(this);
        return this;
    }

    /** It closes every socket (lighttpd closes its listeners the instant it takes SIGINT). */
    public FakeProcess closeSockets() {
        socketFds.clear();
        kernel.proc().write(this);
        return this;
    }

    /** On {@code signal}: {@code exit}. Scripting SIGKILL replaces its default (exit at once). */
    public FakeProcess on(Signal signal, Exit exit) {
        reactions.put(signal, exit);
        return this;
    }

    /** On SIGINT: closes its sockets at once (lighttpd's graceful shutdown) and exits {@code drain} later. */
    public FakeProcess drainsFor(Duration drain) {
        reactions.put(Signal.INT, Exit.after(drain));
        closesSocketsOnInt = true;
        return this;
    }

    /** Not even SIGKILL ends it (a task stuck in the kernel, state D). */
    public FakeProcess unkillable() {
        unkillable = true;
        reactions.remove(Signal.KILL);
        return this;
    }

    /** Exits by itself {@code after} from now on the fake clock, with {@code code}. */
    public FakeProcess exitsIn(Duration after, int code) {
        kernel.schedule(after, () -> kernel.exit(this, code));
        return this;
    }

    boolean closesSocketsOnInt() {
        return closesSocketsOnInt;
    }

    boolean isUnkillable() {
        return unkillable;
    }

    Exit reactionTo(Signal signal) {
        return reactions.get(signal);
    }

    void receive(Signal signal) {
        received.add(signal);
    }

    void markExited(int code, boolean zombie) {
        state = 'Z';
        exitCode = code;
        reaped = !zombie;
    }

    void markReaped() {
        reaped = true;
    }

    @Override
    public String toString() {
        return "fake PID " + pid + " (" + executable + ", start " + startTicks + ", " + state + ")";
    }
}
