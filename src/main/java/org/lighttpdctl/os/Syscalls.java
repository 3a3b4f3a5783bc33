package org.lighttpdctl.os;

/**
 * The seam between lighttpdctl and the kernel: every native call the tool makes goes through this one interface,
 * by concern ({@link ProcessCalls}, {@link FileCalls}, {@link SocketCalls}), so that unit tests can put a fake
 * behind it (src/test: org.lighttpdctl.testing.fake.FakeKernel). The real implementation is
 * {@link NativeSyscalls}; creating it loads no native code, each binding is loaded on its first use, so actions
 * that only read (status) never load any.
 *
 * <p>/proc is read by {@link Procfs} (pure Java, no native code) under a root the caller chooses: the fake prepares
 * a tree there. Time is part of the seam too, so that a fake can run a 10 s deadline in a millisecond.
 *
 * <p>Every method either succeeds or throws {@link SyscallException} naming the call and the kernel's reason.
 */
public interface Syscalls extends ProcessCalls, FileCalls, SocketCalls {

    /** The monotonic clock of every deadline (System.nanoTime). */
    default long nanoTime() {
        return System.nanoTime();
    }

    /** The wall clock, epoch milliseconds (System.currentTimeMillis): drain deadlines kept in records. */
    default long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    /** A pause in a polling loop (an interrupt ends it early and is kept, see {@link Sleep}). */
    default void sleepMillis(long millis) {
        Sleep.millis(millis);
    }

    /**
     * The real kernel, only where a process has no context to take a seam from: the command line's wiring
     * (cli.ActionCommand), which hands it to the context, {@link Command}, which runs real helper programs only,
     * and tests of the real system. Every other helper takes its seam from its caller. Loads nothing until a call
     * is made.
     */
    static Syscalls system() {
        return NativeSyscalls.SYSTEM;
    }
}
