#!/bin/bash
# Debian testing as a canary: the next release (today "forky": lighttpd 1.4.85, OpenJDK 25, systemd 262).
# A test image of `testing` is built like the e2e ones (test-fixtures/e2e/build-image.sh: debootstrap from the
# host's mirror, the same packages, imported into podman). systemd is not booted: systemd 262 refuses to run on
# this host's cgroup v1/hybrid hierarchy ("Detected unsupported legacy cgroup hierarchy"). In a container without
# an init system, as root with every capability:
#   1. testing itself: java runs, lighttpd's own configuration passes `lighttpd -tt`, lighttpd's own init script
#      starts a server that answers, and stops it;
#   2. the .deb installs (dpkg -i: every dependency is in the image; the container has no network);
#   3. the smoke: the autopkgtests init-script (start, configtest, graceful, init.d graceful/reload/restart/
#      reopen-logs under load with 0 lost, stop; no JVM warning in any output) and purge (lighttpd's own init
#      script back, nothing left).
# What fails CI, and what does not:
#   - a failure in 2 or 3 is the package's (it does not install, the tool fails or crashes, a client loses a
#     request, the JVM warns): "canary testing: FAIL (lighttpdctl)" and exit 1;
#   - a failure in building the image or in 1 is testing's own (a package of testing broken or uninstallable,
#     lighttpd or java not working without lighttpdctl): "canary testing: NOT OURS (...)" and exit 0, so that
#     testing's churn never fails CI; the line names what broke.
# Usage: canary.sh DEB       log in target/qa/canary-testing.log; the last line is the summary
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../e2e/lib.sh"
e2e_require_root
DEB="$(readlink -f "${1:?usage: canary.sh DEB}")"
TOP="$(cd "$HERE/../.." && pwd)"
OUT="$TOP/target/qa"
mkdir -p "$OUT"
LOG="$OUT/canary-testing.log"
SUITE=testing
start=$SECONDS
: >"$LOG"

summary() {
    e2e_log "canary $SUITE: $1 in $((SECONDS - start)) s (log: $LOG)"
    exit "$2"
}

# Under CI=true the image is built from scratch, unless run.sh has just done so (CANARY_PREBUILT=yes).
force=()
[ "${CI:-}" = true ] && [ "${CANARY_PREBUILT:-}" != yes ] && force=(--force)
if ! IMAGE="$("$TOP/test-fixtures/e2e/build-image.sh" "${force[@]}" "$SUITE" 2>>"$LOG")"; then
    tail -15 "$LOG" >&2
    summary "NOT OURS (the image of Debian $SUITE could not be built: debootstrap or apt of $SUITE failed)" 0
fi

NAME="lighttpdctl-qa-canary-$$"
# podman's --init reaps what lighttpd leaves; every capability, as root has on a real system.
podman run -d --name "$NAME" --cap-add=ALL --init "$IMAGE" sleep infinity >>"$LOG" 2>&1 \
    || summary "NOT OURS (a container of $IMAGE did not start)" 0
trap 'podman rm -f -t 0 "$NAME" >/dev/null 2>&1' EXIT
in_container() { podman exec -i "$NAME" "$@" >>"$LOG" 2>&1; }

versions="$(podman exec "$NAME" dpkg-query -W -f '${Package} ${Version}, ' lighttpd default-jre-headless systemd 2>/dev/null)"
e2e_log "canary $SUITE: $IMAGE (${versions%, })"

# 1. testing without lighttpdctl
in_container sh -ec 'java -version' \
    || summary "NOT OURS (java of Debian $SUITE does not run)" 0
in_container sh -ec 'lighttpd -tt -f /etc/lighttpd/lighttpd.conf' \
    || summary "NOT OURS (lighttpd -tt fails on Debian $SUITE's own configuration)" 0
in_container sh -ec '/etc/init.d/lighttpd start; for i in $(seq 50); do
        curl -fsS -o /dev/null --max-time 2 http://127.0.0.1/ && break; sleep 0.2; done
    curl -fsS -o /dev/null --max-time 2 http://127.0.0.1/; /etc/init.d/lighttpd stop' \
    || summary "NOT OURS (lighttpd's own init script does not serve on Debian $SUITE)" 0

# 2. the package installs
podman cp "$DEB" "$NAME:/tmp/lighttpdctl.deb" >>"$LOG" 2>&1 || summary "NOT OURS (podman cp failed)" 0
in_container sh -ec 'dpkg -i /tmp/lighttpdctl.deb' \
    || summary "FAIL (lighttpdctl: the .deb does not install on Debian $SUITE)" 1

# 3. the smoke: the autopkgtests that need no systemd
podman cp "$TOP/debian/tests" "$NAME:/tmp/tests" >>"$LOG" 2>&1 || summary "NOT OURS (podman cp failed)" 0
for t in init-script purge; do
    echo "== $t" >>"$LOG"
    in_container env AUTOPKGTEST_TMP=/tmp/work-$t sh -ec "mkdir -p /tmp/work-$t; sh /tmp/tests/$t" \
        || { grep -E 'FAIL|lost:|WARNING' "$LOG" | tail -10 >&2
             summary "FAIL (lighttpdctl: the $t smoke fails on Debian $SUITE)" 1; }
    e2e_log "canary $SUITE: $t: PASS"
done
grep -h '^ *load: ' "$LOG" | sed 's/^ */    /' >&2
summary "PASS (installs; start, graceful, reload, restart, reopen-logs under load with 0 lost, stop, purge; no JVM warning)" 0
