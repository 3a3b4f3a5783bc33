#!/bin/bash
# Debian's QA on the built package, as `make qa` (and so `make check` and CI) runs it, as root:
#   launcher-test.sh --cds            the launchers (JAVA_OPTS not globbed, native access, CDS still applies)
#   piuparts.sh SUITE                 install/remove/purge in a fresh chroot, each release of QA_SUITES
#   autopkgtest.sh SUITE              debian/tests in the e2e image of each release, booted and not booted
#   canary.sh                         Debian testing (see there: its failures that are not the package's do not
#                                     fail this run)
# piuparts mostly waits on the mirror and dpkg, so both releases' runs go in the background while the container
# tests run; each part's cost is printed in seconds at the end. Every part runs even when an earlier one failed.
# Installs autopkgtest and piuparts (Debian 12's) when they are missing.
# Usage: run.sh DEB        (QA_SUITES, default "bookworm trixie"; QA_CANARY=no leaves the canary out)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../e2e/lib.sh"
e2e_require_root
DEB="$(readlink -f "${1:?usage: run.sh DEB}")"
QA_SUITES="${QA_SUITES:-bookworm trixie}"
OUT="$(cd "$HERE/../.." && pwd)/target/qa"
mkdir -p "$OUT"

missing=()
for p in autopkgtest piuparts; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    e2e_log "installing: ${missing[*]}"
    apt-get -q update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends install "${missing[@]}" >/dev/null \
        || e2e_die "cannot install ${missing[*]}"
fi

failed=()
costs=()
# part NAME CMD...: runs one part in the foreground, records its cost and result.
part() {
    local name="$1" t0=$SECONDS; shift
    if "$@"; then costs+=("$name: $((SECONDS - t0)) s, PASS"); else
        costs+=("$name: $((SECONDS - t0)) s, FAIL"); failed+=("$name"); fi
}

# piuparts in the background, one release after the other (they share the mirror and the disk).
rm -f "$OUT/piuparts.costs"
(
    for suite in $QA_SUITES; do
        t0=$SECONDS
        if "$HERE/piuparts.sh" "$suite" "$DEB"; then r=PASS; else r=FAIL; fi
        echo "piuparts $suite: $((SECONDS - t0)) s, $r" >>"$OUT/piuparts.costs"
    done
) >"$OUT/piuparts.out" 2>&1 &
piuparts_pid=$!

# The canary's image (a debootstrap of Debian testing, from scratch under CI=true) builds in the background as
# well, while the autopkgtests run on the e2e images; canary.sh then uses it as built.
canary_image_pid=
if [ "${QA_CANARY:-yes}" != no ]; then
    (
        t0=$SECONDS
        force=()
        [ "${CI:-}" = true ] && force=(--force)
        if "$HERE/../e2e/build-image.sh" "${force[@]}" testing; then r=done; else r="failed (canary.sh reports it)"; fi
        echo "canary image: $((SECONDS - t0)) s, $r" >"$OUT/canary-image.costs"
    ) >"$OUT/canary-image.log" 2>&1 &
    canary_image_pid=$!
fi

# await PID SECONDS: waits for a background part, at most SECONDS; fails when it is still running then.
await() {
    local limit=$((SECONDS + $2))
    while kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$limit" ]; do sleep 2; done
    if kill -0 "$1" 2>/dev/null; then kill "$1"; wait "$1" 2>/dev/null; return 1; fi
    wait "$1" 2>/dev/null
    return 0
}

part "launcher test" "$HERE/launcher-test.sh" --cds
for suite in $QA_SUITES; do
    part "autopkgtest $suite" "$HERE/autopkgtest.sh" "$suite" "$DEB"
done
if [ -n "$canary_image_pid" ]; then
    # (the image build takes 3 to 5 minutes)
    await "$canary_image_pid" 1200 || failed+=("canary image (timed out)")
    costs+=("$(cat "$OUT/canary-image.costs" 2>/dev/null || echo 'canary image: did not finish') (in the background)")
    part "canary testing" env CANARY_PREBUILT=yes "$HERE/canary.sh" "$DEB"
fi

# piuparts has at most 20 minutes in all (each release's run takes about 2).
await "$piuparts_pid" 1200 || failed+=("piuparts (timed out)")
cat "$OUT/piuparts.out" >&2
for suite in $QA_SUITES; do
    line="$(grep "^piuparts $suite:" "$OUT/piuparts.costs" 2>/dev/null)"
    costs+=("${line:-piuparts $suite: did not finish, FAIL}")
    case "$line" in *PASS) ;; *) failed+=("piuparts $suite") ;; esac
done

echo "== QA costs (piuparts and the canary's image were built in the background, in parallel with the others)"
printf '   %s\n' "${costs[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "== QA failed: ${failed[*]}"
    exit 1
fi
echo "== QA passed"
