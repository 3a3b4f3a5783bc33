package org.lighttpdctl.os;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;

/**
 * Loads the small per-concern bindings of glibc ({@link LibcFiles}, {@link LibcProcesses}, {@link LibcPidfd},
 * {@link LibcSpawn}, {@link LibcSockets}, {@link LibcErrors}), each on its first use and once per JVM: an action
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

    static LibcFiles files() {
        return Holders.Files.LIB;
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
