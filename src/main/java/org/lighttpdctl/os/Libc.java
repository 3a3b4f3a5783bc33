package org.lighttpdctl.os;

/**
 * The small per-concern bindings of glibc ({@link LibcFiles}, {@link LibcAt}, {@link LibcProcesses},
 * {@link LibcPidfd}, {@link LibcSpawn}, {@link LibcSockets}, {@link LibcNetlink}, {@link LibcErrors}), each bound on
 * its first use and once per JVM, through jffi ({@link NativeFunction}): an action pays only for the functions it
 * calls, about a dozen for a graceful restart. Plus the one check of a result and the errno of a failure.
 */
final class Libc {
    private Libc() {
    }

    /** errno as the last native call on this thread left it. */
    static int errno() {
        return NativeFunction.errno();
    }

    /** strerror(3), for the message of a failure. */
    static String strerror(int errno) {
        return Holders.ERRORS.strerror(errno);
    }

    /**
     * The one check of a native result: returns it when it is not negative, else throws naming the call's object
     * and the kernel's reason (errno as the call left it).
     */
    static long check(long result, String verbAndObject) throws SyscallException {
        if (result < 0) {
            throw failure(verbAndObject, errno());
        }
        return result;
    }

    /** The failure of a call that reported {@code errno} (0: failed otherwise, reason unknown). */
    static SyscallException failure(String verbAndObject, int errno) {
        return new SyscallException(verbAndObject, errno, errno == 0 ? "unknown error" : strerror(errno));
    }

    /**
     * close(2) at the end of a block that opened {@code fd}: checked like every call, its failure is thrown when the
     * block succeeded ({@code pending} null), and otherwise added to the block's own failure, which stays the one
     * reported.
     */
    static void closeAfter(int fd, String what, Throwable pending) throws SyscallException {
        checkClose(files().close(fd), what, pending);
    }

    /** As {@link #closeAfter}, for the result of a close through another binding (one bound anyway). */
    static void checkClose(int result, String what, Throwable pending) throws SyscallException {
        if (result == 0) {
            return;
        }
        SyscallException failed = failure("close " + what, errno());
        if (pending == null) {
            throw failed;
        }
        pending.addSuppressed(failed);
    }

    static LibcFiles files() {
        return Holders.Files.LIB;
    }

    static LibcAt at() {
        return Holders.At.LIB;
    }

    static LibcNetlink netlink() {
        return Holders.Netlink.LIB;
    }

    static LibcProcesses processes() {
        return Holders.Processes.LIB;
    }

    static LibcPidfd pidfd() {
        return Holders.Pidfd.LIB;
    }

    static LibcSpawn spawn() {
        return Holders.Spawn.LIB;
    }

    static LibcSockets sockets() {
        return Holders.Sockets.LIB;
    }

    /** One holder class per binding: the JVM initialises (binds) each on its first use, thread-safely. */
    private static final class Holders {
        static final LibcErrors ERRORS = new LibcErrors();

        private static final class Files {
            static final LibcFiles LIB = new LibcFiles();
        }

        private static final class At {
            static final LibcAt LIB = new LibcAt();
        }

        private static final class Netlink {
            static final LibcNetlink LIB = new LibcNetlink();
        }

        private static final class Processes {
            static final LibcProcesses LIB = new LibcProcesses();
        }

        private static final class Pidfd {
            static final LibcPidfd LIB = new LibcPidfd();
        }

        private static final class Spawn {
            static final LibcSpawn LIB = new LibcSpawn();
        }

        private static final class Sockets {
            static final LibcSockets LIB = new LibcSockets();
        }
    }
}
