#!/bin/bash
# Everything the end-to-end tests need, on a fresh Debian 12 machine as root, unattended and idempotent:
#   1. host packages (install-host-prereqs.sh)
#   2. podman's Docker-compatible API on a unix socket (start-podman.sh)
#   3. the Debian 12 test image (build-image.sh; skipped when it exists)
# Then prints the environment for Testcontainers, also written to target/e2e/env (and /run/lighttpdctl-e2e/env):
#   eval "$(test-fixtures/e2e/setup.sh)"      or      . target/e2e/env
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
e2e_require_root

start=$SECONDS
"$HERE/install-host-prereqs.sh" >&2
"$HERE/start-podman.sh" >&2
"$HERE/build-image.sh" >/dev/null
e2e_log "e2e setup done in $((SECONDS - start)) s"
TOP="$(cd "$HERE/../.." && pwd)"
mkdir -p "$TOP/target/e2e"
{
    sed 's/^/export /' "$E2E_ENV_FILE"
    echo "export LIGHTTPDCTL_E2E_IMAGE=$(e2e_image)"
} > "$TOP/target/e2e/env"
cat "$TOP/target/e2e/env"
