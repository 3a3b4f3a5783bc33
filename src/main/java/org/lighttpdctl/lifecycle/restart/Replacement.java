package org.lighttpdctl.lifecycle.restart;

import java.time.Duration;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.lifecycle.Context;
import org.lighttpdctl.server.Generation;
import org.lighttpdctl.server.Instance;

/**
 * Runs the chosen strategy and its fallbacks, decided by types: a {@link HandoffImpossibleException} (the sockets
 * cannot be taken, nothing touched) moves an automatic handoff to a sequenced restart, and a sequenced restart to a
 * rebind; lighttpd before 1.4.64 cannot take held sockets, so its sequenced restart is a rebind from the start. A
 * strategy requested with --strategy is never replaced: its failure is the answer.
 */
public final class Replacement {
    private final Context context;
    private final ProvenLaunch launch;

    public Replacement(Context context) {
        this(context, new ProvenLaunch(context));
    }

    /** With the launch-and-prove step given: unit tests put a lighttpd of their own behind it. */
    Replacement(Context context, ProvenLaunch launch) {
        this.context = context;
        this.launch = launch;
    }

    public RestartOutcome run(Instance instance, Generation old, StrategyChoice choice, Duration drainTimeout)
            throws LighttpdctlException {
        switch (choice.strategy()) {
            case IN_PLACE:
                return new InPlaceRestart(context).replace(instance, old);
            case SEQUENCED:
                if (!choice.requested()) {
                    context.console().info("using a sequenced restart: " + choice.reason());
                }
                return sequenced(instance, old, choice, drainTimeout);
            case REBIND:
                return new RebindRestart(context, launch).replace(instance, old, drainTimeout);
            default:
                try {
                    return new HandoffRestart(context, launch).replace(instance, old, drainTimeout);
                } catch (HandoffImpossibleException e) {
                    if (choice.requested()) {
                        throw e;
                    }
                    context.console().warn("cannot hand over the listening sockets (" + e.getMessage()
                            + "): falling back to a sequenced restart");
                    return sequenced(instance, old, choice, drainTimeout);
                }
        }
    }

    /** Holding the listening sockets while the old generation exits; rebinding only when they cannot be taken. */
    private RestartOutcome sequenced(Instance instance, Generation old, StrategyChoice choice,
                                     Duration drainTimeout) throws LighttpdctlException {
        if (!choice.takesHeldSockets()) {
            context.console().warn("this lighttpd cannot take over held listening sockets (needs 1.4.64):"
                    + " clients will be refused while the old generation exits");
            return new RebindRestart(context, launch).replace(instance, old, drainTimeout);
        }
        try {
            return new SequencedRestart(context, launch).replace(instance, old, drainTimeout);
        } catch (HandoffImpossibleException e) {
            context.console().warn("cannot keep the listening sockets open (" + e.getMessage()
                    + "): clients will be refused while the old generation exits");
            return new RebindRestart(context, launch).replace(instance, old, drainTimeout);
        }
    }
}
