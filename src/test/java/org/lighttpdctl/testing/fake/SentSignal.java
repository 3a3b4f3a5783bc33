package org.lighttpdctl.testing.fake;

import org.lighttpdctl.os.Signal;

/**
 * One signal the code under test sent, in the order sent: to which PID, how ({@code throughPidfd}: by
 * pidfd_send_signal, else kill), at which moment of the fake clock, and whether it reached a process (one that has
 * been reaped is gone: the call fails with ESRCH and is recorded all the same; a zombie takes it to no effect).
 */
public record SentSignal(int pid, Signal signal, boolean throughPidfd, long atMillis, boolean delivered) {

    /** "INT>4711", compact for assertions on the order. */
    public String brief() {
        return signal.name() + ">" + pid;
    }
}
