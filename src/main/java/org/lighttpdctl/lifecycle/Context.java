package org.lighttpdctl.lifecycle;

import java.util.List;
import java.util.function.Supplier;

import org.lighttpdctl.Console;
import org.lighttpdctl.os.FileCalls;
import org.lighttpdctl.os.ListeningSocket;
import org.lighttpdctl.os.ListeningSockets;
import org.lighttpdctl.os.Procfs;
import org.lighttpdctl.os.Syscalls;
import org.lighttpdctl.server.ServerScan;

/**
 * What every action works with: the console, the read-only views of /proc, and the native calls, which are loaded
 * only when an action first needs them (status never does, which keeps it fast).
 */
public final class Context {
    private final Console console;
    private final Procfs procfs;
    private final ListeningSockets listeningSockets;
    private final Supplier<Syscalls> syscallsFactory;
    private final FileCalls files = new LazyFileCalls(this);
    private Syscalls syscalls;
    private List<ListeningSocket> listeners;

    public Context(Console console, Procfs procfs, ListeningSockets listeningSockets,
                   Supplier<Syscalls> syscallsFactory) {
        this.console = console;
        this.procfs = procfs;
        this.listeningSockets = listeningSockets;
        this.syscallsFactory = syscallsFactory;
    }

    /** A context on the seam {@code kernel} (created already: creating the real one loads no native code). */
    public Context(Console console, Procfs procfs, ListeningSockets listeningSockets, Syscalls kernel) {
        this(console, procfs, listeningSockets, new Given(kernel));
    }

    public Console console() {
        return console;
    }

    public Procfs procfs() {
        return procfs;
    }

    public ServerScan scan() {
        return new ServerScan(procfs, new Listeners());
    }

    /** {@link #listeners()}, for the scan (a class: see org.lighttpdctl's package javadoc on method references). */
    private final class Listeners implements Supplier<List<ListeningSocket>> {
        @Override
        public List<ListeningSocket> get() {
            return listeners();
        }
    }

    private static final class Given implements Supplier<Syscalls> {
        private final Syscalls kernel;

        Given(Syscalls kernel) {
            this.kernel = kernel;
        }

        @Override
        public Syscalls get() {
            return kernel;
        }
    }

    /**
     * The listening sockets of this network namespace, asked of the kernel once and then reused until
     * {@link #processesChanged()}: between a spawn and a signal nothing this tool does opens or closes a listener,
     * and the instance's lock keeps other lighttpdctl calls out. (A lighttpd started outside lighttpdctl may bind
     * or close meanwhile; every decision taken from this list is checked again through the process's own
     * descriptors, /proc/PID/fd, before anything is done to it.)
     */
    public synchronized List<ListeningSocket> listeners() {
        if (listeners == null) {
            listeners = listeningSockets.all();
            console.step("listed " + listeners.size() + " listening socket(s)");
        }
        return listeners;
    }

    /** A process was spawned or signalled, or may still be binding: the next {@link #listeners()} asks again. */
    public synchronized void processesChanged() {
        listeners = null;
    }

    public synchronized Syscalls syscalls() {
        if (syscalls == null) {
            syscalls = syscallsFactory.get();
            console.step("native calls loaded");
        }
        return syscalls;
    }

    /**
     * The file calls of {@link #syscalls()}, for objects that keep them (an instance's pidfile and records): the
     * seam is created on their first call, not when they are made, so status, which builds an instance and never
     * writes, still creates none.
     */
    public FileCalls files() {
        return files;
    }
}
