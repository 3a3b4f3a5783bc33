package org.lighttpdctl.os;

/** strerror(3): the kernel's reason in a failure message. Bound only when a call fails. */
public interface LibcErrors {
    String strerror(int errno);
}
