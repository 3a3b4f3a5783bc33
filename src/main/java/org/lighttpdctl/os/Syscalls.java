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

    /** A pause in a polling loop (an interrupt ends it early and is kept, see {@link Sleep}). */
    default void sleepMillis(long millis) {
        Sleep.millis(millis);
    }

    /**
     * The real kernel, for the static helpers that are not handed a seam ({@link DirectoryFd#openTrusted(
     * java.nio.file.Path, int, boolean)} and the like). Loads nothing until a call is made.
     */
    static Syscalls system() {
        return NativeSyscalls.SYSTEM;
    }
}
