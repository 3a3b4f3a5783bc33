package org.lighttpdctl.bench;

import java.util.List;
import java.util.Map;
import org.lighttpdctl.testing.Lighttpd;
import org.lighttpdctl.testing.SampleSite;

/**
 * Debian 12's lighttpd.service ExecReload: {@code /bin/kill -USR1 $MAINPID}. lighttpd restarts
 * gracefully inside the same process; its listeners stay open but are not polled until in-flight
 * requests drain.
 */
final class SigUsr1 implements RestartMethod {
    @Override
    public String name() {
        return "sigusr1";
    }

    @Override
    public Shell.Result restart(SampleSite site) {
        long mainPid = Lighttpd.readPid(site.pidFile());
        return Shell.run(List.of("/bin/kill", "-USR1", Long.toString(mainPid)), Map.of());
    }
}
