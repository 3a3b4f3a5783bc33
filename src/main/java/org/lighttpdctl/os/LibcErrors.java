package org.lighttpdctl.os;

import static org.lighttpdctl.os.NativeFunction.INT;
import static org.lighttpdctl.os.NativeFunction.POINTER;

/** strerror(3): the kernel's reason in a failure message. Bound only when a call fails. */
final class LibcErrors {
    private final NativeFunction strerror = NativeFunction.bind("strerror", POINTER, INT);

    String strerror(int errno) {
        long text = strerror.call(errno);
        return text == 0 ? "error " + errno : NativeMemory.stringAt(text);
    }
}
