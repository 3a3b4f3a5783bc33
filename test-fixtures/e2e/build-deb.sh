#!/bin/bash
# Builds the Debian package from this source tree with `dpkg-buildpackage -us -uc -b` (which puts it in the
# parent directory), moves the results into target/deb/, and checks the package with lintian: any error or
# warning fails (overrides, each with its reason, are in debian/lighttpdctl.lintian-overrides).
#
# Usage: build-deb.sh        prints the path of the .deb
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
TOP="$(cd "$HERE/../.." && pwd)"
OUT="$TOP/target/deb"
cd "$TOP"

version="$(dpkg-parsechangelog -S Version)"
start=$SECONDS
rm -f "../lighttpdctl_${version}_"*.{deb,buildinfo,changes}
mkdir -p "$TOP/target"
dpkg-buildpackage -us -uc -b >"$TOP/target/dpkg-buildpackage.log" 2>&1 \
    || { tail -40 "$TOP/target/dpkg-buildpackage.log" >&2; e2e_die "dpkg-buildpackage failed (target/dpkg-buildpackage.log)"; }
rm -rf "$OUT"
mkdir -p "$OUT"
mv "../lighttpdctl_${version}_"*.{deb,buildinfo,changes} "$OUT/"
e2e_log "built $(cd "$OUT" && ls *.deb) in $((SECONDS - start)) s"

lintian --fail-on error,warning --pedantic "$OUT/lighttpdctl_${version}_"*.changes >&2 \
    || e2e_die "lintian reports errors or warnings"
e2e_log "lintian: no error, no warning"
echo "$OUT/lighttpdctl_${version}_all.deb"
