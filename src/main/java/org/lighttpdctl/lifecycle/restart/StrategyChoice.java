package org.lighttpdctl.lifecycle.restart;

import java.util.Optional;

import org.lighttpdctl.LighttpdctlException;
import org.lighttpdctl.server.EffectiveConfig;
import org.lighttpdctl.server.Instance;

/**
 * Which strategy a restart uses, and why: the reason is printed, so the administrator knows what happened;
 * {@code requested} when the administrator chose it (--strategy): then it is never silently replaced.
 *
 * @param takesHeldSockets whether this lighttpd can start on sockets a spawner holds (LISTEN_PID=parent:PID,
 *                         1.4.64+): without it a sequenced restart can only rebind
 */
public record StrategyChoice(Strategy strategy, String reason, boolean requested, boolean takesHeldSockets) {

    /** LISTEN_PID=parent:PPID, which a spawn needs because it cannot know the child's PID, came in 1.4.64. */
    private static final int[] HANDOFF_MIN_VERSION = {1, 4, 64};

    public static StrategyChoice choose(Optional<Strategy> requested, Instance instance, boolean fullReplacement)
            throws LighttpdctlException {
        return choose(requested, instance.effective(), instance.binary().version(), fullReplacement);
    }

    /** The decision itself, from what lighttpd -p and lighttpd -v said. */
    static StrategyChoice choose(Optional<Strategy> requested, EffectiveConfig effective, int[] version,
                                 boolean fullReplacement) {
        boolean takesHeld = compare(version, HANDOFF_MIN_VERSION) >= 0;
        if (requested.isPresent()) {
            return new StrategyChoice(requested.get(), "requested with --strategy", true, takesHeld);
        }
        if (!effective.overlapHazards().isEmpty()) {
            return new StrategyChoice(Strategy.SEQUENCED, "two generations must not overlap: "
                    + String.join("; ", effective.overlapHazards()), false, takesHeld);
        }
        if (!takesHeld) {
            return new StrategyChoice(Strategy.SEQUENCED, "lighttpd " + version[0] + "." + version[1] + "."
                    + version[2] + " cannot take inherited sockets from a spawner (needs 1.4.64)", false, false);
        }
        return new StrategyChoice(Strategy.HANDOFF, fullReplacement ? "full replacement" : "default", false, true);
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
