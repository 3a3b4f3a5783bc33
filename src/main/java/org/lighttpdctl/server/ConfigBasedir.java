package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.lighttpdctl.os.DirectoryFd;
import org.lighttpdctl.os.EffectiveUid;
import org.lighttpdctl.os.FileCalls;

/**
 * Gives a generation's wrapper config the base directory of the administrator's config. lighttpd resolves a
 * relative {@code include} against the directory of the top-level {@code -f} file and runs {@code include_shell}
 * after chdir() to it (configfile.c, context-&gt;basedir, the same in 1.4.69 and 1.4.79); the wrapper lives in the
 * state dir, so that directory mirrors the administrator's: one symlink per entry of the config's directory. The
 * file name may not be relative (-f without a '/', or "-" for stdin): lighttpd daemonizes with chdir("/") and
 * reads the same -f again on SIGUSR1.
 *
 * <p>What differs from {@code lighttpd -f} itself: an include_shell command that leaves the directory with ".."
 * lands in the state dir, and an entry of the administrator's directory named like the wrapper is not mirrored.
 */
public final class ConfigBasedir {
    private ConfigBasedir() {
    }

    /**
     * Fills {@code mirror} (created if needed) with a symlink to each entry of {@code adminConfig}'s directory,
     * except {@code reserved}; the directories are made through {@code sys}.
     */
    public static void mirror(FileCalls sys, Path adminConfig, Path mirror, String reserved) throws IOException {
        Path source = adminConfig.toAbsolutePath().getParent();
        DirectoryFd.createTrusted(sys, mirror, EffectiveUid.get());
        try (Stream<Path> entries = Files.list(source)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.equals(reserved)) {
                    Files.createSymbolicLink(mirror.resolve(name), entry);
                }
            }
        }
    }

    /**
     * Deletes the mirror: its symlinks (never what they point to) and any regular file, then the directory, each by
     * unlinkat on descriptors reached by the checked walk of {@link DirectoryFd#openTrusted}.
     */
    public static void remove(FileCalls sys, Path mirror) throws IOException {
        if (!Files.isDirectory(mirror, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path absolute = mirror.toAbsolutePath();
        try (DirectoryFd parent = DirectoryFd.openTrusted(sys, absolute.getParent(), EffectiveUid.get(),
                false);
             DirectoryFd dir = parent.openChild(absolute.getFileName().toString())) {
            for (String name : dir.names()) {
                dir.remove(name); // a symlink is removed itself, not followed
            }
            parent.removeDirectory(absolute.getFileName().toString());
        }
    }
}
