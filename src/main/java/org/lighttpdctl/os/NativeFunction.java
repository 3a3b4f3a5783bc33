package org.lighttpdctl.os;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * One function of the C library, called through jffi, the thin libffi layer that jnr-ffi and jnr-posix stand on.
 * jnr-ffi's interface binding (annotations, type mappers, a dynamic proxy per interface, an invoker per method)
 * cost about 60% of a graceful restart's native set-up, and its proxy classes cannot go into the class-data-sharing
 * archive (README, "Cost"); the dozen functions this tool calls need none of it.
 *
 * <p>Contract: every argument is passed as a {@code long} (an int, a size, or an address from {@link NativeMemory})
 * and converted by libffi to the declared C type; the result comes back widened to a long (narrow it with a cast).
 * errno is saved by every call and read with {@link #errno()} on the same thread, before the next call.
 */
final class NativeFunction {
    static {
        setJffiBootPath(); // before Type, below, initialises jffi
    }

    /** C's int, and the 64-bit types of LP64 Linux (long, ssize_t, size_t, off_t) and pointers. */
    static final Type INT = Type.SINT, LONG = Type.SLONG, POINTER = Type.POINTER;

    private static final String LIBC = "libc.so.6";

    private final String name;
    private final CallContext context;
    private final long address;

    private NativeFunction(String name, CallContext context, long address) {
        this.name = name;
        this.context = context;
        this.address = address;
    }

    /**
     * Binds {@code name} in the C library; fails at once with an UnsatisfiedLinkError naming the function when the
     * library or the function is missing (e.g. posix_spawn_file_actions_addclosefrom_np before glibc 2.34).
     */
    static NativeFunction bind(String name, Type returns, Type... parameters) {
        Library libc = Library.getCachedInstance(LIBC, Library.LAZY | Library.LOCAL);
        if (libc == null) {
            throw new UnsatisfiedLinkError("cannot load " + LIBC + ": " + Library.getLastError());
        }
        long address = libc.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("cannot find " + name + " in " + LIBC + ": " + Library.getLastError());
        }
        return new NativeFunction(name, CallContext.getCallContext(returns, parameters, CallingConvention.DEFAULT,
                true), address);
    }

    /** Calls the function; the argument count must match its declaration. */
    long call(long... arguments) {
        if (arguments.length != context.getParameterCount()) {
            throw new IllegalArgumentException(name + " takes " + context.getParameterCount() + " arguments, not "
                    + arguments.length);
        }
        Invoker invoker = Invoker.getInstance();
        long[] a = arguments;
        return switch (a.length) { // jffi's fast paths take the arguments one by one
            case 0 -> invoker.invokeN0(context, address);
            case 1 -> invoker.invokeN1(context, address, a[0]);
            case 2 -> invoker.invokeN2(context, address, a[0], a[1]);
            case 3 -> invoker.invokeN3(context, address, a[0], a[1], a[2]);
            case 4 -> invoker.invokeN4(context, address, a[0], a[1], a[2], a[3]);
            case 5 -> invoker.invokeN5(context, address, a[0], a[1], a[2], a[3], a[4]);
            case 6 -> invoker.invokeN6(context, address, a[0], a[1], a[2], a[3], a[4], a[5]);
            default -> throw new IllegalArgumentException(name + ": more than 6 arguments");
        };
    }

    /**
     * Points jffi's stub loader at the directories it would search anyway, unless the user chose a path.
     * jffi 1.3.9's StubLoader.load() tries, in order: the jffi.boot.library.path property, else the
     * jffi.boot.library.path of a boot.properties resource; then every directory of java.library.path; then the
     * stub inside jffi's jar. Looking up that resource (which no jar of ours holds) opens the central directory of
     * every jar on the class path: about 19 ms of a graceful's class+load log, the "locked" step 20-29 -> 14 ms.
     * With the property set to java.library.path (Debian's JDK: /usr/lib/TRIPLET/jni among others, where
     * libjffi-jni puts the stub), the first step searches what the second would have: the same stub loads, and on
     * Maven's jars without a system stub both steps find nothing and the jar's stub loads as before.
     */
    static void setJffiBootPath() {
        if (System.getProperty("jffi.boot.library.path") == null) {
            String libraryPath = System.getProperty("java.library.path");
            if (libraryPath != null) {
                System.setProperty("jffi.boot.library.path", libraryPath);
            }
        }
    }

    /** errno as the last call on this thread left it. */
    static int errno() {
        return LastError.getInstance().get();
    }
}
