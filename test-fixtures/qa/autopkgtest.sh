#!/bin/bash
# Runs the package's autopkgtests (debian/tests) with Debian's autopkgtest and its podman runner, on the e2e test
# image of SUITE (test-fixtures/e2e/build-image.sh: debootstrap from the host's mirror, imported into podman;
# built here if missing), twice:
#   booted   autopkgtest-virt-podman --init: systemd is PID 1; the systemd and purge tests must PASS (init-script
#            SKIPs: with systemd the init script hands over to systemctl)
#   plain    autopkgtest-virt-podman: no init system (`sleep infinity`); the init-script and purge tests must PASS
#            (systemd SKIPs: it needs a booted testbed)
# A SKIP where a PASS is expected fails this script: no test may silently not run.
# The containers have no network (containers.conf: netns "none"): the image already holds every dependency, and
# testbed-setup.sh (--setup-commands) removes the testbed's apt sources and stands in for apt-ftparchive.
#
# Usage: autopkgtest.sh SUITE DEB     results in target/qa/autopkgtest-SUITE-{booted,plain}/ (log, summary)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../e2e/lib.sh"
e2e_require_root
SUITE="${1:?usage: autopkgtest.sh SUITE DEB}"
DEB="$(readlink -f "${2:?usage: autopkgtest.sh SUITE DEB}")"
TOP="$(cd "$HERE/../.." && pwd)"
OUT="$TOP/target/qa"
mkdir -p "$OUT"
command -v autopkgtest >/dev/null || e2e_die "autopkgtest missing (apt-get install autopkgtest)"

IMAGE="$("$TOP/test-fixtures/e2e/build-image.sh" "$SUITE")"

# A tree of debian/tests only, which autopkgtest takes as a built tree: it copies it into the testbed as it is.
# (The whole source tree would be an "unbuilt tree", for which autopkgtest installs dpkg-dev in the testbed, and
# its target/ is large.)
SRC="$(mktemp -d /tmp/lighttpdctl-autopkgtest-src.XXXXXX)"
trap 'rm -rf "$SRC"' EXIT
mkdir -p "$SRC/debian"
cp -r "$TOP/debian/tests" "$SRC/debian/"

# run MODE EXPECTED_PASS...: one autopkgtest run; checks that exactly the expected tests passed.
run() {
    local mode="$1"; shift
    local dir="$OUT/autopkgtest-$SUITE-$mode" runner=(autopkgtest-virt-podman) start=$SECONDS rc=0 t line bad=0
    # podman run options after the image: every capability, as root has on a real system (lighttpdctl, like
    # start-stop-daemon, reads /proc/PID/exe of a lighttpd running as www-data: CAP_SYS_PTRACE), as in the e2e
    # tests; without systemd, podman's own --init reaps the processes lighttpd leaves (e.g. its daemonizing parent).
    # Booted: runlevel stands in for one that Debian 13 no longer answers (see there).
    if [ "$mode" = booted ]; then
        runner+=(--init "$IMAGE" --cap-add=ALL --volume "$HERE/runlevel:/usr/local/sbin/runlevel:ro")
    else
        runner+=("$IMAGE" --cap-add=ALL --init)
    fi
    rm -rf "$dir"
    e2e_log "autopkgtest $SUITE $mode: ${runner[*]}"
    timeout 900 autopkgtest --output-dir "$dir" --no-built-binaries \
        --setup-commands "$HERE/testbed-setup.sh" \
        "$DEB" "$SRC" -- "${runner[@]}" >"$OUT/autopkgtest-$SUITE-$mode.log" 2>&1 || rc=$?
    # autopkgtest: 0 all passed, 2 some skipped, 4 some failed, 8 no test, 12 erroneous, 16 testbed failure
    if [ ! -s "$dir/summary" ]; then
        tail -30 "$OUT/autopkgtest-$SUITE-$mode.log" >&2
        e2e_log "autopkgtest $SUITE $mode: ERROR (exit $rc, no summary) in $((SECONDS - start)) s"
        return 1
    fi
    sed "s/^/[autopkgtest $SUITE $mode] /" "$dir/summary"
    for t in "$@"; do
        line="$(awk -v t="$t" '$1 == t' "$dir/summary")"
        case "$line" in
            *" PASS"*) ;;
            *) e2e_log "autopkgtest $SUITE $mode: $t did not pass: ${line:-not run}"; bad=1 ;;
        esac
    done
    if grep -q ' FAIL' "$dir/summary" || [ "$rc" -ge 4 ]; then bad=1; fi
    if [ "$bad" = 1 ]; then
        e2e_log "autopkgtest $SUITE $mode: FAIL (exit $rc) in $((SECONDS - start)) s (log: $OUT/autopkgtest-$SUITE-$mode.log)"
        return 1
    fi
    e2e_log "autopkgtest $SUITE $mode: PASS ($*) in $((SECONDS - start)) s"
}

status=0
run booted systemd purge || status=1
run plain init-script purge || status=1
exit "$status"
