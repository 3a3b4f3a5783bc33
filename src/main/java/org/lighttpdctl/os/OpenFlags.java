package org.lighttpdctl.os;

/** The open(2) and *at(2) flag values of Linux (x86_64 and aarch64 share them): the one copy in the code. */
public final class OpenFlags {
    public static final int AT_FDCWD = -100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100, O_EXCL = 0200;
    public static final int O_TRUNC = 01000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    private OpenFlags() {
    }

    /** Whether {@code flags} hold {@code flag}. */
    public static boolean has(int flags, int flag) {
        return (flags & flag) == flag;
    }
}
