package org.lighttpdctl.testing.fake;

import org.lighttpdctl.os.Signal;

/**
 * One signal the code under test sent, in the order sent: to which PID, how ({@code throughPidfd}: by
 * pidfd_send_signal, else kill), at which moment of the fake clock, and whether a process received it (a signal
 * through a pidfd of a process that has exited reaches nobody and fails with ESRCH: it is recorded all the same).
 */
public record SentSignal(int pid, Signal signal, boolean throughPidfd, long atMillis, boolean delivered) {

    /** "INT>4711", compact for assertions on the order. */
    public String brief() {
        return signal.name() + ">" + pid;
    }
}
