package org.lighttpdctl.os;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;

/**
 * Loads the small per-concern bindings of glibc ({@link LibcFiles}, {@link LibcAt}, {@link LibcProcesses},
 * {@link LibcPidfd}, {@link LibcSpawn}, {@link LibcSockets}, {@link LibcNetlink}, {@link LibcErrors}), each on its
 * first use and once per JVM: an action
 * pays only for the functions it calls. Binding costs per function, and jnr-posix's POSIX binds hundreds; a
 * graceful restart needs about a dozen.
 *
 * <p>jnr-ffi generates bytecode (ASM) for each binding by default. For a short-lived tool that calls each function
 * a few times, generating and loading those classes costs more than the reflective invoker it replaces saves, and
 * generated classes cannot go into the class-data-sharing archive. So the reflective invoker is the default here;
 * {@code -Djnr.ffi.asm.enabled=true} on the command line still wins (the benchmark compares both).
 */
final class Libc {
    private static final String ASM_PROPERTY = "jnr.ffi.asm.enabled";

    static {
        // Must be set before jnr-ffi's NativeLibraryLoader is initialised (it reads the property once).
        if (System.getProperty(ASM_PROPERTY) == null) {
            System.setProperty(ASM_PROPERTY, "false");
        }
    }

    private Libc() {
    }

    /** Binds the functions of {@code binding} in the C library; fails with a LinkageError if one is missing. */
    static <T> T load(Class<T> binding) {
        return LibraryLoader.create(binding).failImmediately().load("c");
    }

    /** errno as the last call through a binding (annotated {@code @SaveError}) left it. */
    static int errno() {
        return LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime());
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
        static final LibcErrors ERRORS = load(LibcErrors.class);

        private static final class Files {
            static final LibcFiles LIB = load(LibcFiles.class);
        }

        private static final class At {
            static final LibcAt LIB = load(LibcAt.class);
        }

        private static final class Netlink {
            static final LibcNetlink LIB = load(LibcNetlink.class);
        }

        private static final class Processes {
            static final LibcProcesses LIB = load(LibcProcesses.class);
        }

        private static final class Pidfd {
            static final LibcPidfd LIB = load(LibcPidfd.class);
        }

        private static final class Spawn {
            static final LibcSpawn LIB = load(LibcSpawn.class);
        }

        private static final class Sockets {
            static final LibcSockets LIB = load(LibcSockets.class);
        }
    }
}
