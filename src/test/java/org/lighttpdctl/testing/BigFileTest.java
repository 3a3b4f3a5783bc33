package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigFileTest {
    @Test
    void patternEncodesTheWordIndex() {
        byte[] word = ByteBuffer.allocate(8).putLong(0x0102030405060708L).array();
        for (int i = 0; i < 8; i++) {
            assertEquals(word[i], BigFile.byteAt(0x0102030405060708L * 8 + i));
        }
    }

    @Test
    void writtenFileMatchesPatternAndACorruptByteIsFound(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        BigFile.write(file, 3 << 20);
        byte[] data = Files.readAllBytes(file);
        assertEquals(3 << 20, data.length);
        assertEquals(-1, BigFile.firstMismatch(data, data.length, 0));

        data[1_234_567] ^= 1;
        assertEquals(1_234_567, BigFile.firstMismatch(data, data.length, 0));
        // a chunk delivered at the wrong offset (a lost or repeated chunk) does not match either
        byte[] shifted = new byte[4096];
        System.arraycopy(data, 8192, shifted, 0, shifted.length);
        // (the first 6 bytes of each big-endian word agree; the low bytes differ)
        long mismatch = BigFile.firstMismatch(shifted, shifted.length, 4096);
        assertTrue(mismatch >= 4096 && mismatch < 4096 + 8, "mismatch at " + mismatch);
    }
}
