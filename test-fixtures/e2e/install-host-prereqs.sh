#!/bin/bash
# Installs, from Debian's packages, what the end-to-end tests and the package build need on a Debian 12 host:
# podman (+ runc, catatonit) and debootstrap for the test image and engine; debhelper, lintian, asciidoctor and
# the jars for `dpkg-buildpackage -us -uc -b`. Idempotent: apt runs only when something is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
e2e_require_root

PACKAGES=(podman runc catatonit conmon debootstrap curl
          build-essential dpkg-dev debhelper lintian asciidoctor maven
          libpicocli-java libjffi-java libcommons-exec-java)

missing=()
for p in "${PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
        missing+=("$p")
    fi
done
# a JDK 17 (javac) for Maven, unless one is there
if ! command -v javac >/dev/null 2>&1; then
    missing+=(default-jdk-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
    e2e_log "host prerequisites present"
    exit 0
fi
e2e_log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q -y --no-install-recommends install "${missing[@]}" >/dev/null
e2e_log "installed"
