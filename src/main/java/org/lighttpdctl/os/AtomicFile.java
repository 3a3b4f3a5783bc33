package org.lighttpdctl.os;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Replaces a file's content so that a reader sees the old content or the new, never a partial one: a temporary
 * file in the same directory (rename is atomic only within one file system), created with O_EXCL|O_NOFOLLOW
 * through the directory's descriptor and never reopened by name, flushed to disk, renamed over the target.
 * The caller checks the directory with {@link TrustedPath} first.
 */
public final class AtomicFile {
    private static final int MODE = 0644;
    /** For what only root reads: generation records and last-id (see README, Security). */
    public static final int PRIVATE = 0600;

    private AtomicFile() {
    }

    /** As {@link #write(FileCalls, Path, String, int)}, mode 0644. */
    public static void write(FileCalls sys, Path target, String content) throws IOException {
        write(sys, target, content, MODE);
    }

    /**
     * Writes through a directory descriptor reached by the checked descriptor walk of
     * {@link DirectoryFd#openTrusted} (the directory must exist): no name above the file is trusted unchecked.
     * Every call goes through {@code sys}, the caller's seam (its context's, or a test's fake).
     */
    public static void write(FileCalls sys, Path target, String content, int mode) throws IOException {
        Path absolute = target.toAbsolutePath();
        try (DirectoryFd dir = DirectoryFd.openTrusted(sys, absolute.getParent(), EffectiveUid.get(), false)) {
            dir.replace(absolute.getFileName().toString(), content, mode);
        }
    }
}
