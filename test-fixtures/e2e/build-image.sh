#!/bin/bash
# Builds the test image of one Debian release (systemd, the release's default Java, lighttpd, php-cgi, curl, the
# Debian jars lighttpdctl runs on) with debootstrap and imports it into podman. Skips all work when the image
# already exists, unless --force.
#
# Usage: build-image.sh [--force] [SUITE]   prints the image name on stdout; SUITE: bookworm (default), trixie
#        build-image.sh --name [SUITE]      only prints the name the image has (suite and a hash of its sources)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
FORCE=0
case "${1:-}" in
    --name) E2E_SUITE="${2:-$E2E_SUITE}"; e2e_image; exit 0 ;;
    --force) FORCE=1; shift ;;
esac
E2E_SUITE="${1:-$E2E_SUITE}"
e2e_require_root

IMAGE="$(e2e_image)"
if [ "$FORCE" = 0 ] && podman image exists "$IMAGE"; then
    e2e_log "image $IMAGE exists: not rebuilding"
    echo "$IMAGE"
    exit 0
fi

command -v debootstrap >/dev/null || e2e_die "debootstrap missing: run install-host-prereqs.sh"

MIRROR="$(e2e_mirror_for "$E2E_SUITE")"
if [ -z "$MIRROR" ]; then
    apt-get -q update >/dev/null
    MIRROR="$(e2e_mirror_for "$E2E_SUITE")"
fi
[ -n "$MIRROR" ] || e2e_die "the host's apt has no source for suite $E2E_SUITE (run apt-get update?)"
UPDATES_MIRROR="$(e2e_mirror_for "$E2E_SUITE-updates")"
SECURITY_MIRROR="$(e2e_mirror_for "$E2E_SUITE-security")"
ROLLING=no
case "$E2E_SUITE" in
    # Debian testing (the QA canary) takes its fixes through testing itself: no -updates and -security pockets.
    testing|unstable|sid) ROLLING=yes; UPDATES_MIRROR=""; SECURITY_MIRROR="" ;;
esac

mkdir -p "$E2E_CACHE_DIR/debootstrap"
ROOT="$(mktemp -d /var/tmp/lighttpdctl-e2e-rootfs.XXXXXX)"
MOUNTS=()
cleanup() {
    local m i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        m="${MOUNTS[$i]}"
        umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$ROOT"
}
trap cleanup EXIT

e2e_log "debootstrap $E2E_SUITE (minbase + $E2E_BASE_PACKAGES) from $MIRROR into $ROOT"
start=$SECONDS
debootstrap --variant=minbase --include="$E2E_BASE_PACKAGES" \
    --cache-dir="$E2E_CACHE_DIR/debootstrap" \
    "$E2E_SUITE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
    || { tail -30 "$ROOT.debootstrap.log" >&2; rm -f "$ROOT.debootstrap.log"; e2e_die "debootstrap failed"; }
rm -f "$ROOT.debootstrap.log"
e2e_log "debootstrap done in $((SECONDS - start)) s"

# apt sources of the image: the same mirrors as the host, so the image gets the same package versions.
{
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n' "$MIRROR" "$E2E_SUITE"
    if [ -n "$UPDATES_MIRROR" ]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: %s-updates\nComponents: main\n' "$UPDATES_MIRROR" "$E2E_SUITE"
    fi
    if [ -n "$SECURITY_MIRROR" ]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$SECURITY_MIRROR" "$E2E_SUITE"
    fi
} >"$ROOT/etc/apt/sources.list.d/debian.sources"
rm -f "$ROOT/etc/apt/sources.list"
if [ "$ROLLING" = yes ]; then
    # A rolling suite's Release file is valid for a week only (Valid-Until); stable releases' carry no such
    # date. The mirror the host uses may serve an older copy (seen: expired for 30 days), on which apt-get update
    # fails while debootstrap, which ignores the date, has succeeded. The image is a test fixture, built once.
    echo 'Acquire::Check-Valid-Until "false";' >"$ROOT/etc/apt/apt.conf.d/99lighttpdctl-e2e-valid-until"
fi

# No service may start while packages are installed into the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

for m in proc sys dev dev/pts; do
    mkdir -p "$ROOT/$m"
done
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
mount --rbind /sys "$ROOT/sys" && mount --make-rslave "$ROOT/sys" && MOUNTS+=("$ROOT/sys")
mount --bind /dev "$ROOT/dev" && MOUNTS+=("$ROOT/dev")
mount --bind /dev/pts "$ROOT/dev/pts" && MOUNTS+=("$ROOT/dev/pts")
# downloaded .debs survive in the host's cache (one per suite) for the next build
mkdir -p "$E2E_CACHE_DIR/apt-archives/$E2E_SUITE/partial"
mount --bind "$E2E_CACHE_DIR/apt-archives/$E2E_SUITE" "$ROOT/var/cache/apt/archives" && MOUNTS+=("$ROOT/var/cache/apt/archives")

e2e_log "installing into the image: $E2E_PACKAGES"
start=$SECONDS
# shellcheck disable=SC2086
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    sh -c "apt-get -q update && apt-get -q -y --no-install-recommends install $E2E_PACKAGES" \
    >"$ROOT/root/install.log" 2>&1 \
    || { tail -40 "$ROOT/root/install.log" >&2; e2e_die "package installation in the image failed"; }
e2e_log "packages installed in $((SECONDS - start)) s"

# Keep lighttpd's own .deb: the upgrade test reinstalls it (the containers have no network).
mkdir -p "$ROOT/root/debs"
version="$(chroot "$ROOT" dpkg-query -W -f '${Version}' lighttpd)"
cp "$ROOT/var/cache/apt/archives/lighttpd_${version//:/%3a}_"*.deb "$ROOT/root/debs/"
ls "$ROOT/root/debs" >&2

rm -f "$ROOT/usr/sbin/policy-rc.d"
for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTS[$i]}"
done
MOUNTS=()
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT/root/install.log" "$ROOT"/var/cache/apt/*.bin

# A container has no consoles to serve and no hardware to wait for.
for u in getty@tty1.service console-getty.service systemd-udevd.service systemd-udev-trigger.service \
         systemd-modules-load.service systemd-remount-fs.service sys-kernel-config.mount \
         sys-kernel-debug.mount sys-kernel-tracing.mount systemd-firstboot.service; do
    ln -sf /dev/null "$ROOT/etc/systemd/system/$u"
done
echo lighttpdctl-e2e >"$ROOT/etc/hostname"
: >"$ROOT/etc/machine-id"

e2e_log "importing the root file system as $IMAGE"
start=$SECONDS
# A rebuild (--force, every CI run) moves the name to the new image; the old one would stay behind, nameless.
replaced="$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
tar -C "$ROOT" --numeric-owner -c . \
    | podman import --change 'CMD=["/sbin/init"]' --change 'STOPSIGNAL=SIGRTMIN+3' - "$IMAGE" >/dev/null
e2e_log "imported in $((SECONDS - start)) s"
if [ -n "$replaced" ]; then
    # (no -f: an image a container still runs on is left to it)
    podman rmi "$replaced" >/dev/null 2>&1 || e2e_log "the image $IMAGE replaced ($replaced) is kept (in use, or named otherwise)"
fi

# Older images of this suite are only disk space now. (No grep in a pipeline here: under pipefail a grep that
# finds nothing, as on every fresh machine, would fail the script.)
podman images --format '{{.Repository}}:{{.Tag}}' | while read -r old; do
    case "$old" in
        "$IMAGE") ;;
        "localhost/lighttpdctl-e2e:$E2E_SUITE-"*) podman rmi -f "$old" >/dev/null 2>&1 || true ;;
    esac
done

echo "$IMAGE"
