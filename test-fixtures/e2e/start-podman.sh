#!/bin/bash
# Starts `podman system service` on a unix socket (the Docker-compatible API Testcontainers talks to), unless one
# already answers there. Writes $E2E_RUN_DIR/env with the variables the tests need.
#
# Usage: start-podman.sh          (idempotent)
#        start-podman.sh --stop   (ends the service this script started, by its recorded pid)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_require_root

PIDFILE="$E2E_RUN_DIR/podman.pid"
LOG="$E2E_RUN_DIR/podman.log"

ping_ok() {
    [ -S "$E2E_SOCKET" ] && curl -fsS --max-time 5 --unix-socket "$E2E_SOCKET" http://d/_ping >/dev/null 2>&1
}

if [ "${1:-}" = "--stop" ]; then
    if [ -s "$PIDFILE" ]; then
        pid="$(cat "$PIDFILE")"
        if kill -0 "$pid" 2>/dev/null && grep -q podman "/proc/$pid/cmdline" 2>/dev/null; then
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$PIDFILE" "$E2E_SOCKET"
    fi
    exit 0
fi

mkdir -p "$E2E_RUN_DIR"
command -v podman >/dev/null || e2e_die "podman missing: run install-host-prereqs.sh"

if ping_ok; then
    e2e_log "podman API already answers on $E2E_SOCKET"
else
    rm -f "$E2E_SOCKET"
    # setsid: the service outlives the shell that started it (the test run comes later).
    CONTAINERS_CONF="$CONTAINERS_CONF" setsid podman system service --time=0 "unix://$E2E_SOCKET" \
        </dev/null >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 100); do
        ping_ok && break
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { cat "$LOG" >&2; e2e_die "podman system service exited"; }
        sleep 0.2
    done
    ping_ok || { cat "$LOG" >&2; e2e_die "podman API did not answer on $E2E_SOCKET within 20 s"; }
    e2e_log "podman system service (pid $(cat "$PIDFILE")) answers on $E2E_SOCKET"
fi

# Testcontainers runs without Ryuk here, so a test JVM that was killed leaves its containers behind: remove the
# ones older than 30 minutes (an e2e run takes well under that).
now="$(date +%s)"
{ podman ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Created.Unix}}' 2>/dev/null || true; } \
    | while read -r id created; do
        if [ -n "$created" ] && [ $((now - created)) -gt 1800 ]; then
            if podman rm -f -t 0 "$id" >/dev/null 2>&1; then e2e_log "removed left-over test container $id"; fi
        fi
    done

{
    echo "DOCKER_HOST=unix://$E2E_SOCKET"
    echo "TESTCONTAINERS_RYUK_DISABLED=true"
    echo "CONTAINERS_CONF=$CONTAINERS_CONF"
} >"$E2E_ENV_FILE"
