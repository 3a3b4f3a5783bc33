#!/bin/bash
# piuparts on the package: install (with its dependencies, from the Debian mirror the host's apt uses), remove
# and purge in a fresh chroot of SUITE, no leftovers. The host's piuparts is used (Debian 12: 1.1.7).
#
# Usage: piuparts.sh SUITE DEB       SUITE: bookworm or trixie; log in target/qa/piuparts-SUITE.log
#
# Why bookworm's piuparts for trixie too: piuparts runs on the host and needs the network for the mirror; the
# test containers have none (netns "none"), so trixie's piuparts cannot run inside a trixie container here.
# What that costs is one ignore, below.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../e2e/lib.sh"
e2e_require_root
SUITE="${1:?usage: piuparts.sh SUITE DEB}"
DEB="$(readlink -f "${2:?usage: piuparts.sh SUITE DEB}")"
TOP="$(cd "$HERE/../.." && pwd)"
OUT="$TOP/target/qa"
mkdir -p "$OUT"
LOG="$OUT/piuparts-$SUITE.log"

command -v piuparts >/dev/null || e2e_die "piuparts missing (apt-get install piuparts)"
MIRROR="$(e2e_mirror_for "$SUITE")"
[ -n "$MIRROR" ] || e2e_die "the host's apt has no source for suite $SUITE (run apt-get update?)"

args=(--no-upgrade-test --distribution "$SUITE" --mirror "$MIRROR" --log-file "$LOG" --tmpdir /var/tmp)
case "$SUITE" in
    bookworm) ;;
    *)
        # bookworm's piuparts 1.1.7 on a trixie chroot reports "/var/cache/debconf/tmp.ci/ not owned" after the
        # purge, for lighttpd alone too (no lighttpdctl involved): trixie's debconf leaves that directory, which
        # trixie's own piuparts ignores and 1.1.7 does not know about. It is the tool's, not the package's.
        args+=(--ignore /var/cache/debconf/tmp.ci/)
        ;;
esac

e2e_log "piuparts $SUITE: install, remove, purge of $(basename "$DEB") (mirror $MIRROR)"
start=$SECONDS
rm -f "$LOG"
if piuparts "${args[@]}" "$DEB" >/dev/null 2>&1; then
    e2e_log "piuparts $SUITE: PASS in $((SECONDS - start)) s ($(grep -m1 -o 'PASS: .*' "$LOG" || true))"
    exit 0
fi
grep -E '^(.* )?(ERROR|FAIL)' "$LOG" | tail -20 >&2 || tail -30 "$LOG" >&2
e2e_log "piuparts $SUITE: FAIL in $((SECONDS - start)) s (log: $LOG)"
exit 1
