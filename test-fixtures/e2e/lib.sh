# shellcheck shell=bash
# Shared settings of the end-to-end fixtures. Sourced by the other scripts in this directory.
#
# Everything here runs as root on a Debian 12 or 13 machine. No container image registry is used: each test image
# is built locally with debootstrap from the Debian mirror the host's apt already uses, then imported into podman,
# whose Docker-compatible API serves Testcontainers.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The Debian releases the end-to-end tests run on, one image each: Debian 12 "bookworm" and Debian 13 "trixie".
E2E_SUITES="${E2E_SUITES:-bookworm trixie}"
# The suite a script works on (build-image.sh, measure-restart-paths.sh).
E2E_SUITE="${E2E_SUITE:-bookworm}"

# Runtime state (socket, pid, log, env file). Under /run: gone after a reboot, like the service it describes.
E2E_RUN_DIR="${E2E_RUN_DIR:-/run/lighttpdctl-e2e}"
E2E_SOCKET="${E2E_SOCKET:-$E2E_RUN_DIR/podman.sock}"
E2E_ENV_FILE="$E2E_RUN_DIR/env"

# Persistent cache (debootstrap's .debs). podman's own storage (/var/lib/containers) keeps the built image.
E2E_CACHE_DIR="${E2E_CACHE_DIR:-/var/cache/lighttpdctl-e2e}"

# podman reads this instead of /etc/containers/containers.conf: the host's own podman setup is left alone.
export CONTAINERS_CONF="$E2E_DIR/containers.conf"

# Packages of the test image, on top of debootstrap's minbase. Changing this list (or build-image.sh) changes the
# image tag, so a stale cached image is never used.
E2E_BASE_PACKAGES="systemd,systemd-sysv,dbus,libpam-systemd"
# php-cgi: lighttpd's fastcgi-php module (a bin-path backend) for PhpE2ETest; lighttpd-mod-openssl: TLS (and so
# HTTP/2 with curl) for ClientKindsE2ETest.
E2E_PACKAGES="default-jre-headless lighttpd lighttpd-mod-openssl curl python3 procps iproute2 php-cgi \
libpicocli-java libcommons-exec-java libjffi-java libjffi-jni"

e2e_log() { printf '[e2e %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
e2e_die() { e2e_log "ERROR: $*"; exit 1; }

e2e_require_root() {
    [ "$(id -u)" = 0 ] || e2e_die "must run as root"
}

# The image name of a suite (default: $E2E_SUITE): the suite, then a hash of what it is built from.
e2e_image() {
    local suite="${1:-$E2E_SUITE}" h
    h="$(cat "$E2E_DIR/build-image.sh" "$E2E_DIR/lib.sh" | sha256sum | cut -c1-12)"
    printf 'localhost/lighttpdctl-e2e:%s-%s\n' "$suite" "$h"
}

# The Debian mirror URI the host's apt is configured with for a suite (no host name is hard-coded here). A suite
# the host does not use itself (trixie on a bookworm host, say) comes from the mirror of the host's own release,
# of the same kind: "SUITE-security" from the host's security mirror, anything else from its main one.
e2e_mirror_for() {
    local suite="$1" host kind
    e2e_indextarget_uri "$suite" && return 0
    host="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    [ -n "$host" ] || return 0
    case "$suite" in
        *-security) kind="-security" ;;
        *-updates) kind="-updates" ;;
        *) kind="" ;;
    esac
    e2e_indextarget_uri "$host$kind" || true
}

# Prints the URI of the host's apt source for exactly this suite; fails when there is none.
e2e_indextarget_uri() {
    local uri
    uri="$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(TARGET_OF)' 2>/dev/null \
        | awk -v s="$1" '$2 == s && $3 == "deb" { print $1; exit }')"
    [ -n "$uri" ] && echo "$uri"
}
