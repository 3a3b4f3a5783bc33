package org.lighttpdctl.lifecycle.restart;

/**
 * What a restart did, for its one-line summary.
 *
 * @param openConnections sockets the old generation still held once it stopped listening: the connections it
 *                        is draining (and any backend connections)
 * @param queueWaitMillis how long new clients waited in the kernel's listen queue while no generation accepted
 *                        (the sequenced path), or -1 when some generation accepted throughout
 */
public record RestartOutcome(Strategy strategy, int oldPid, int newPid, long readyMillis, int openConnections,
                      long queueWaitMillis) {

    RestartOutcome(Strategy strategy, int oldPid, int newPid, long readyMillis, int openConnections) {
        this(strategy, oldPid, newPid, readyMillis, openConnections, -1);
    }

    RestartOutcome withQueueWait(long millis) {
        return new RestartOutcome(strategy, oldPid, newPid, readyMillis, openConnections, millis);
    }

    public String summary(String action) {
        String head = action + ": " + strategy.cliName() + ", PID " + oldPid + " -> PID " + newPid + ", ready in "
                + readyMillis + " ms, ";
        if (queueWaitMillis >= 0) {
            return head + "new clients waited in the listen queue for up to " + queueWaitMillis
                    + " ms while the old generation drained (none refused)";
        }
        return head + openConnections + " connection(s) left draining";
    }
}
