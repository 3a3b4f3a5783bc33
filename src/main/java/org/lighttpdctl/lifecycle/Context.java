package org.lighttpdctl.lifecycle;

import java.util.function.Supplier;

import org.lighttpdctl.Console;
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
    private Syscalls syscalls;

    public Context(Console console, Procfs procfs, ListeningSockets listeningSockets,
                   Supplier<Syscalls> syscallsFactory) {
        this.console = console;
        this.procfs = procfs;
        this.listeningSockets = listeningSockets;
        this.syscallsFactory = syscallsFactory;
    }

    public Console console() {
        return console;
    }

    public Procfs procfs() {
        return procfs;
    }

    public ListeningSockets listeningSockets() {
        return listeningSockets;
    }

    public ServerScan scan() {
        return new ServerScan(procfs, listeningSockets);
    }

    public synchronized Syscalls syscalls() {
        if (syscalls == null) {
            syscalls = syscallsFactory.get();
            console.step("native calls loaded");
        }
        return syscalls;
    }
}
