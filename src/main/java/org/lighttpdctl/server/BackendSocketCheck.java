package org.lighttpdctl.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;

import org.lighttpdctl.ExitCode;
import org.lighttpdctl.LighttpdctlException;

/**
 * Right before a generation is spawned: nothing may exist yet at any name its backends will bind
 * ({@code php.socket.g7}, {@code php.socket.g7-0}, ...). A socket there would be taken for an external backend and
 * receive the generation's requests; anything else makes lighttpd's bind fail. The sweep
 * ({@code lifecycle.state.BackendSocketSweep}) has already removed what dead generations left; what is still there
 * is named, and the generation is not started.
 */
public final class BackendSocketCheck {
    private BackendSocketCheck() {
    }

    /** @throws LighttpdctlException (exit 1) naming the first entry in the way of generation {@code id} */
    public static void requireFree(EffectiveConfig config, long id) throws LighttpdctlException {
        for (Path configured : config.backendSockets()) {
            Optional<String> inTheWay = firstEntryOf(configured, id);
            if (inTheWay.isPresent()) {
                throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot start generation " + id + ": "
                        + inTheWay.get() + " is in the way of its backend socket (remove it)");
            }
        }
    }

    private static Optional<String> firstEntryOf(Path configured, long id) throws LighttpdctlException {
        Path dir = configured.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Optional<Long> owner = BackendSockets.generationOf(configured, entry.getFileName().toString());
                if (owner.isPresent() && owner.get() == id) {
                    return Optional.of(entry + " (" + kind(entry) + ")");
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty(); // lighttpd reports the missing directory itself
        } catch (IOException e) {
            throw new LighttpdctlException(ExitCode.GENERIC_ERROR, "cannot read the backend socket directory "
                    + dir + ": " + e.getMessage(), e);
        }
    }

    /** What an entry is, for a message: "a directory", "a symbolic link", ... (read without following). */
    public static String kind(Path entry) {
        try {
            PosixFileAttributes a = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
                    : a.isRegularFile() ? "a regular file" : "a socket or other special file";
        } catch (IOException e) {
            return "gone meanwhile";
        }
    }
}
