package org.lighttpdctl.lifecycle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lighttpdctl.server.ConfigDump;
import org.lighttpdctl.server.EffectiveConfig;
import org.lighttpdctl.server.config.ConfigParser;

/** The choice of strategy from what lighttpd -p and -v said, without running either. */
@Tag("unit")
class StrategyDecisionTest {
    private static final int[] DEBIAN_13 = {1, 4, 79};
    private static final int[] BEFORE_PARENT_PID = {1, 4, 63};

    private static EffectiveConfig dump(String body) throws Exception {
        return ConfigDump.of(ConfigParser.parse("config {\n    server.port = 8080\n" + body + "}\n"),
                (dir, user) -> Optional.empty());
    }

    @Test
    void aPlainConfigurationIsHandedOver() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), dump(""), DEBIAN_13, false);
        assertEquals(Strategy.HANDOFF, choice.strategy());
        assertFalse(choice.requested());
        assertTrue(choice.takesHeldSockets());
    }

    @Test
    void anOverlapHazardSequencesAndSaysWhy() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(),
                dump("    rrdtool.db-name = \"/var/lib/lighttpd/lighttpd.rrd\"\n"), DEBIAN_13, false);
        assertEquals(Strategy.SEQUENCED, choice.strategy());
        assertTrue(choice.reason().contains("RRD"), choice.reason());
        assertTrue(choice.takesHeldSockets(), "held sockets: queued, not refused");
    }

    @Test
    void aLighttpdBefore1464IsSequencedAndCannotTakeHeldSockets() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.empty(), dump(""), BEFORE_PARENT_PID, false);
        assertEquals(Strategy.SEQUENCED, choice.strategy());
        assertFalse(choice.takesHeldSockets(), "its sequenced restart can only rebind");
        assertTrue(choice.reason().contains("1.4.63"), choice.reason());
    }

    @Test
    void aRequestedStrategyWinsOverEveryReasonAndSaysItWasRequested() throws Exception {
        StrategyChoice choice = StrategyChoice.choose(Optional.of(Strategy.HANDOFF),
                dump("    rrdtool.db-name = \"/x.rrd\"\n"), BEFORE_PARENT_PID, true);
        assertEquals(Strategy.HANDOFF, choice.strategy());
        assertTrue(choice.requested());
        assertFalse(choice.takesHeldSockets());
    }

    @Test
    void rebindIsNeverRequestable() {
        assertThrows(IllegalArgumentException.class, () -> Strategy.fromCliName("rebind"));
        assertEquals(Strategy.SEQUENCED, Strategy.fromCliName("sequenced"));
        assertEquals(Strategy.IN_PLACE, Strategy.fromCliName("in-place"));
    }
}
