#!/bin/bash
# Everything the end-to-end tests need, on a fresh Debian 12 machine as root, unattended and idempotent:
#   1. host packages (install-host-prereqs.sh)
#   2. podman's Docker-compatible API on a unix socket (start-podman.sh)
#   3. a test image per Debian release in $E2E_SUITES, Debian 12 "bookworm" and Debian 13 "trixie"
#      (build-image.sh): reused when it exists, except under CI=true, where every run builds them from scratch so
#      that a warm machine never hides a broken set-up.
# Then prints the environment for Testcontainers, also written to target/e2e/env (and /run/lighttpdctl-e2e/env):
#   eval "$(test-fixtures/e2e/setup.sh)"      or      . target/e2e/env
# The tests pick the release with LIGHTTPDCTL_E2E_SUITE (or -Dlighttpdctl.e2e.suite), bookworm by default.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
e2e_require_root

start=$SECONDS
"$HERE/install-host-prereqs.sh" >&2
"$HERE/start-podman.sh" >&2
force=()
if [ "${CI:-}" = true ]; then
    e2e_log "CI=true: building the test images from scratch"
    force=(--force)
fi
for suite in $E2E_SUITES; do
    "$HERE/build-image.sh" "${force[@]}" "$suite" >/dev/null
done
e2e_log "e2e setup done in $((SECONDS - start)) s"
TOP="$(cd "$HERE/../.." && pwd)"
mkdir -p "$TOP/target/e2e"
{
    sed 's/^/export /' "$E2E_ENV_FILE"
    echo "export LIGHTTPDCTL_E2E_SUITES=\"$E2E_SUITES\""
} > "$TOP/target/e2e/env"
cat "$TOP/target/e2e/env"
