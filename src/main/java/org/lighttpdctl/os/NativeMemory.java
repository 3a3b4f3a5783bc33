package org.lighttpdctl.os;

import java.nio.Buffer;
import java.nio.charset.StandardCharsets;

import com.kenai.jffi.MemoryIO;

/**
 * A block of native memory for the length of one call: a C string, a copy of a byte array, or room for what the
 * call writes back. Freed on close, so every use is a try-with-resources around the call.
 */
final class NativeMemory implements AutoCloseable {
    static {
        NativeFunction.setJffiBootPath(); // before MemoryIO initialises jffi
    }

    private final long address;
    private final int size;

    private NativeMemory(int size) {
        this.size = size;
        this.address = MemoryIO.getInstance().allocateMemory(Math.max(1, size), true);
        if (address == 0) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
    }

    /** {@code size} zeroed bytes. */
    static NativeMemory zeroed(int size) {
        return new NativeMemory(size);
    }

    /** {@code text} in UTF-8 with its terminating NUL. */
    static NativeMemory cString(String text) {
        return copyOf(text.getBytes(StandardCharsets.UTF_8), 1);
    }

    /** The bytes of {@code data} (and {@code padding} zero bytes after them). */
    static NativeMemory copyOf(byte[] data, int padding) {
        NativeMemory memory = new NativeMemory(data.length + padding);
        MemoryIO.getInstance().putByteArray(memory.address, data, 0, data.length);
        return memory;
    }

    long address() {
        return address;
    }

    /** The first {@code length} bytes, into {@code into}. */
    void copyTo(byte[] into, int length) {
        if (length > size || length > into.length) {
            throw new IndexOutOfBoundsException(length + " bytes of a block of " + size);
        }
        MemoryIO.getInstance().getByteArray(address, into, 0, length);
    }

    /** Writes an int at {@code offset} (native byte order). */
    void putInt(int offset, int value) {
        requireInside(offset, Integer.BYTES);
        MemoryIO.getInstance().putInt(address + offset, value);
    }

    /** Writes a C short at {@code offset} (native byte order). */
    void putShort(int offset, short value) {
        requireInside(offset, Short.BYTES);
        MemoryIO.getInstance().putShort(address + offset, value);
    }

    private void requireInside(int offset, int length) {
        if (offset < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException(length + " bytes at " + offset + " of a block of " + size);
        }
    }

    int intAt(int offset) {
        requireInside(offset, Integer.BYTES);
        return MemoryIO.getInstance().getInt(address + offset);
    }

    /** The native address of a direct buffer's current position (a heap buffer has none). */
    static long address(Buffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("a native call needs a direct buffer");
        }
        return MemoryIO.getInstance().getDirectBufferAddress(direct) + direct.position();
    }

    /** The NUL-terminated string at {@code address}, read as UTF-8. */
    static String stringAt(long address) {
        return new String(MemoryIO.getInstance().getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        MemoryIO.getInstance().freeMemory(address);
    }
}
