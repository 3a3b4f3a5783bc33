package org.lighttpdctl.bench;

import java.util.Map;
import org.lighttpdctl.testing.SampleSite;

/**
 * SIGINT to the running lighttpd, then start a new one at once (upstream rc.lighttpd style; what
 * Debian bug #504315 asks for). SIGINT closes the old listeners at once and drains; until the new
 * server has bound, connections are refused, and if the old one still holds the port the new one
 * fails to bind and nothing listens.
 */
final class SigintThenStart implements RestartMethod {
    private static final String SCRIPT = """
            kill -INT "$(cat "$PIDFILE")" || exit $?
            exec /usr/sbin/lighttpd -f "$CONF"
            """;

    @Override
    public String name() {
        return "sigint-then-start";
    }

    @Override
    public Shell.Result restart(SampleSite site) {
        return Shell.script(SCRIPT, Map.of(
                "PIDFILE", site.pidFile().toString(),
                "CONF", site.config().toString()));
    }
}
