package org.lighttpdctl.lifecycle.restart;

/**
 * What a restart did, for its one-line summary. What the figures mean depends on the strategy, so an outcome is
 * only made by the factory of its strategy.
 *
 * @param readyMillis     from the start of the restart until the new generation was proven (0 for in-place)
 * @param openConnections handoff: sockets the old generation still held once it stopped listening, the
 *                        connections it is draining (and any backend connections); 0 otherwise
 * @param clientWaitMillis sequenced: how long new clients waited in the kernel's listen queue; rebind: how long
 *                        they were refused; 0 for the strategies where some generation accepted throughout
 */
public record RestartOutcome(Strategy strategy, int oldPid, int newPid, long readyMillis, int openConnections,
                             long clientWaitMillis) {

    static RestartOutcome handoff(int oldPid, int newPid, long readyMillis, int openConnections) {
        return new RestartOutcome(Strategy.HANDOFF, oldPid, newPid, readyMillis, openConnections, 0);
    }

    static RestartOutcome sequenced(int oldPid, int newPid, long queuedMillis) {
        return new RestartOutcome(Strategy.SEQUENCED, oldPid, newPid, queuedMillis, 0, queuedMillis);
    }

    static RestartOutcome rebind(int oldPid, int newPid, long refusedMillis) {
        return new RestartOutcome(Strategy.REBIND, oldPid, newPid, refusedMillis, 0, refusedMillis);
    }

    static RestartOutcome inPlace(int pid) {
        return new RestartOutcome(Strategy.IN_PLACE, pid, pid, 0, 0, 0);
    }

    public String summary(String action) {
        String head = action + ": " + strategy.cliName() + ", PID " + oldPid + " -> PID " + newPid + ", ready in "
                + readyMillis + " ms, ";
        return switch (strategy) {
            case SEQUENCED -> head + "new clients waited in the listen queue for up to " + clientWaitMillis
                    + " ms while the old generation drained (none refused)";
            case REBIND -> head + "new clients were refused for up to " + clientWaitMillis
                    + " ms while the old generation exited";
            case HANDOFF, IN_PLACE -> head + openConnections + " connection(s) left draining";
        };
    }
}
