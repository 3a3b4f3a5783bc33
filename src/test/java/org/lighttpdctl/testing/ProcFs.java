package org.lighttpdctl.testing;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads /proc files correctly.
 *
 * <p>Why not {@code Files.readString}: /proc files report size 0, so the JDK's
 * {@code Files.readAllBytes} first reads a single byte and then reads on from offset 1, and the
 * /proc/sys handlers of this kernel answer a read at a non-zero offset with end of file:
 * {@code Files.readString(Path.of("/proc/sys/kernel/pid_max"))} returns "3" where the file holds
 * "32768". A {@code FileInputStream} reads with a large buffer from offset 0 and gets it all.
 */
public final class ProcFs {
    private ProcFs() {}

    /** @return the whole content of a /proc (or any) file, as bytes */
    public static byte[] readBytes(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    /** @return the whole content of a /proc (or any) file, as UTF-8 text */
    public static String read(Path file) throws IOException {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }
}
