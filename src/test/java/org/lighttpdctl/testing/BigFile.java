package org.lighttpdctl.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The large file served for slow downloads. Its content is a function of the offset: the 8-byte
 * big-endian word at offset {@code 8k} holds {@code k}. A reader can therefore check every byte it
 * receives, and a lost, repeated or reordered chunk shows up as a mismatch.
 */
public final class BigFile {
    /** Size of the sample site's big file: 32 MiB. */
    public static final long SIZE = 32L << 20;

    private static final int CHUNK = 1 << 20;

    private BigFile() {}

    /** @return the byte the file holds at {@code offset} */
    public static byte byteAt(long offset) {
        long word = offset >>> 3;
        int shift = 56 - 8 * (int) (offset & 7);
        return (byte) (word >>> shift);
    }

    /**
     * Writes the pattern to {@code file}, replacing it.
     *
     * @param size a multiple of 8
     */
    public static void write(Path file, long size) throws IOException {
        if (size % 8 != 0) {
            throw new IllegalArgumentException("size must be a multiple of 8: " + size);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            for (long offset = 0; offset < size; ) {
                buffer.clear();
                long end = Math.min(size, offset + CHUNK);
                for (long word = offset >>> 3; word < end >>> 3; word++) {
                    buffer.putLong(word);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                offset = end;
            }
        }
    }

    /**
     * @param data bytes received
     * @param length how many bytes of {@code data} are valid
     * @param offset file offset of {@code data[0]}
     * @return the file offset of the first byte that differs from the pattern, or -1 if all match
     */
    public static long firstMismatch(byte[] data, int length, long offset) {
        for (int i = 0; i < length; i++) {
            if (data[i] != byteAt(offset + i)) {
                return offset + i;
            }
        }
        return -1;
    }
}
