package org.lighttpdctl.bench;

import java.util.Map;
import org.lighttpdctl.testing.SampleSite;

/**
 * The {@code reload} action of Debian 12's /etc/init.d/lighttpd (lighttpd 1.4.69-1), with the sample
 * site's pidfile and config in place of the system's. Verbatim but for the log functions, which only
 * print (sourcing /lib/lsb/init-functions could redirect to systemctl).
 *
 * <p>What it does: {@code --retry=TERM/60/KILL/5} overrides {@code --signal INT}, so lighttpd gets
 * SIGTERM (in-flight connections cut); lighttpd unlinks its pidfile as it exits, so {@code rm $PIDFILE}
 * fails under {@code set -e} and the script exits before starting a new server.
 */
final class DebianInitReload implements RestartMethod {
    private static final String SCRIPT = """
            DAEMON=/usr/sbin/lighttpd
            set -e
            log_daemon_msg() { echo "$@"; }
            log_end_msg() { echo "end $1"; }
            check_syntax()
            {
                $DAEMON -tt $DAEMON_OPTS > /dev/null || exit $?
            }
            # reload|force-reload)
                check_syntax
                log_daemon_msg "Reloading $DESC configuration" $NAME
                if start-stop-daemon --stop --signal INT --quiet \\
                    --pidfile $PIDFILE --exec $DAEMON \\
                    --retry=TERM/60/KILL/5
                then
                    rm $PIDFILE
                    if start-stop-daemon --start --quiet  \\
                        --pidfile $PIDFILE --exec $DAEMON -- $DAEMON_OPTS ; then
                        log_end_msg 0
                    else
                        log_end_msg 1
                    fi
                else
                    log_end_msg 1
                fi
            exit 0
            """;

    @Override
    public String name() {
        return "debian-init-reload";
    }

    @Override
    public Shell.Result restart(SampleSite site) {
        return Shell.script(SCRIPT, Map.of(
                "PIDFILE", site.pidFile().toString(),
                "DAEMON_OPTS", "-f " + site.config(),
                "NAME", "lighttpd",
                "DESC", "web server",
                "PATH", "/sbin:/bin:/usr/sbin:/usr/bin"));
    }
}
