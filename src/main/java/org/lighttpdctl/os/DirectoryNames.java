package org.lighttpdctl.os;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The names in a directory, in no particular order, by {@link File#list()}: no stream and no directory stream.
 * Every call of status lists its state directories, and on Java 21 closing a (secure) directory stream links a
 * lambda (UnixSecureDirectoryStream.close), the one that set up the method-handle machinery for the whole run
 * (see org.lighttpdctl's package javadoc).
 */
public final class DirectoryNames {
    private DirectoryNames() {
    }

    /** @throws NoSuchFileException, NotDirectoryException, or an IOException naming {@code dir} */
    public static List<String> of(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names != null) {
            return Arrays.asList(names);
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        throw new IOException("cannot list directory " + dir);
    }
}
