package org.lighttpdctl.lifecycle;

/**
 * What a restart did, for its one-line summary.
 *
 * @param openConnections sockets the old generation still held once it stopped listening: the connections it
 *                        is draining (and any backend connections)
 */
record RestartOutcome(Strategy strategy, int oldPid, int newPid, long readyMillis, int openConnections) {

    String summary(String action) {
        return action + ": " + strategy.cliName() + ", PID " + oldPid + " -> PID " + newPid + ", ready in "
                + readyMillis + " ms, " + openConnections + " connection(s) left draining";
    }
}
