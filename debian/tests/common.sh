# shellcheck shell=sh
# Sourced by lighttpdctl's autopkgtests: logging, bounded waits, and a command run under load with 0 lost.
set -eu
TESTS_DIR="$(cd "$(dirname "$0")" && pwd)"
WORK="${AUTOPKGTEST_TMP:-$(mktemp -d)}"

log() { echo "[$(date +%H:%M:%S)] $*"; }
fail() {
    log "FAIL: $*"
    if [ -d /run/systemd/system ]; then
        systemctl status --no-pager lighttpd.service || true
        journalctl --no-pager -b -n 40 -u lighttpd.service || true
    fi
    exit 1
}

# wait_for SECONDS WHAT CMD...: runs CMD every 0.2 s until it succeeds; fails naming WHAT after SECONDS.
# (sh has no local variables: each function's names carry its prefix.)
wait_for() {
    wf_limit="$1"; wf_what="$2"; shift 2
    wf_end=$(( $(date +%s) + wf_limit ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$wf_end" ] || fail "$wf_what: not within $wf_limit s"
        sleep 0.2
    done
}

# serves: lighttpd answers on 127.0.0.1:80 (Debian's default configuration).
serves() { curl -fsS --max-time 5 -o /dev/null http://127.0.0.1/; }

# under_load WHAT CMD...: runs CMD while load.py sends requests to 127.0.0.1:80, then lets the load do a few more
# requests (on the new server) and stops it; fails when CMD fails or any request was lost.
under_load() {
    ul_what="$1"; shift
    rm -f "$WORK/stop" "$WORK/ready"
    python3 "$TESTS_DIR/load.py" --stop "$WORK/stop" --ready "$WORK/ready" --max-seconds 150 \
        >"$WORK/load.out" 2>&1 &
    ul_load=$!
    wait_for 30 "load warm-up before $ul_what" test -e "$WORK/ready"
    log "$ul_what (under load)"
    if "$@" >"$WORK/cmd.out" 2>&1; then ul_rc=0; else ul_rc=$?; fi
    touch "$WORK/stop"
    if wait "$ul_load"; then ul_load_rc=0; else ul_load_rc=$?; fi
    cat "$WORK/cmd.out"
    sed 's/^/    /' "$WORK/load.out"
    [ "$ul_rc" = 0 ] || fail "$ul_what exited $ul_rc"
    no_jdk_warnings "$WORK/cmd.out"
    [ "$ul_load_rc" = 0 ] || fail "$ul_what: clients lost requests (above)"
    log "ok: $ul_what, 0 lost"
}

# no_jdk_warnings FILE: lighttpdctl's output must not carry the JVM's warnings (native access, CDS, options).
no_jdk_warnings() {
    if grep -E '^(WARNING|OpenJDK 64-Bit Server VM warning)' "$1"; then
        fail "the JVM printed warnings (above)"
    fi
}
