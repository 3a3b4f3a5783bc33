package org.lighttpdctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lighttpdctl.testing.Processes;

/** Issue 9: arguments, records and paths that lie or break are refused or set aside, never acted on. */
class HostileInputTest extends SiteTest {

    /** Finding 10: stop --timeout -1 was accepted and cut a download after 6 ms. */
    @Test
    void negativeOrAbsurdDurationsAreRefusedWithExitTwoAndNothingStops() {
        assertEquals(0, ctl.run("start").exitCode());
        long pid = ctl.pidfilePid();
        for (String[] call : new String[][] {{"stop", "--timeout", "-1"}, {"stop", "--timeout", "99999999"},
                {"stop", "--lock-timeout", "-5"}, {"graceful", "--drain-timeout", "-1"},
                {"restart", "--drain-timeout", "1000000"}, {"status", "--timeout", "-1"}}) {
            Ctl.Result result = ctl.run(call);
            assertEquals(2, result.exitCode(), String.join(" ", call) + ": " + result);
            assertTrue(result.err().contains("invalid value for " + call[1]), result.toString());
            assertTrue(Processes.isAlive(pid), String.join(" ", call) + " must not touch the server");
        }
        assertEquals(pid, ctl.pidfilePid());
    }
}
