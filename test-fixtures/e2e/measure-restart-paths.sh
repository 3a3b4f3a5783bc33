#!/bin/bash
# Measures what clients see across each restart path of Debian's lighttpd, in fresh containers of the test image,
# with the same in-container load as the e2e tests (org.lighttpdctl.e2e.InContainerLoad: new connection per
# request with SO_LINGER 0, slow verified downloads; 8 s window, the action in the middle). For the README's
# before/after table; not a test (nothing is asserted).
#
# Usage: [E2E_SUITE=bookworm|trixie] measure-restart-paths.sh before|after [DEB]
#   before  lighttpd as Debian ships it
#   after   with the lighttpdctl package DEB installed (default: target/deb/lighttpdctl_*_all.deb)
# Each row ends with what MainPID, /run/lighttpd.pid and `lighttpdctl status` (after) say once the action is done.
# Needs: setup.sh done (the image of E2E_SUITE), `mvn test-compile` (target/test-classes).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
e2e_require_root
TOP="$(cd "$HERE/../.." && pwd)"
MODE="${1:?usage: measure-restart-paths.sh before|after [DEB]}"
DEB="${2:-$(ls "$TOP"/target/deb/lighttpdctl_*_all.deb 2>/dev/null | head -1 || true)}"
IMAGE="$(e2e_image)"
CLASSES="$TOP/target/test-classes"
[ -d "$CLASSES/org/lighttpdctl/e2e" ] || e2e_die "no $CLASSES: run mvn test-compile"
[ "$MODE" = before ] || [ -f "$DEB" ] || e2e_die "no package to install: build it with build-deb.sh"

measure() { # systemd|plain ACTION
    local kind="$1" action="$2" name="lighttpdctl-measure-$$" cmd=(/sbin/init) extra=()
    if [ "$kind" = plain ]; then
        cmd=(sleep infinity)
        extra=(--init)
    fi
    podman run -d --name "$name" --cap-add ALL "${extra[@]}" "$IMAGE" "${cmd[@]}" >/dev/null
    # shellcheck disable=SC2064
    trap "podman rm -f -t 0 $name >/dev/null 2>&1 || true" RETURN
    if [ "$kind" = systemd ]; then
        # until systemd answers on its bus and has booted (right after the start it may not listen yet)
        for _ in $(seq 300); do
            case "$(podman exec "$name" timeout 60 systemctl is-system-running --wait 2>/dev/null || true)" in
                running|degraded) break ;;
            esac
            sleep 0.2
        done
    fi
    podman exec "$name" mkdir -p /opt/e2e/classes/org/lighttpdctl
    podman cp "$CLASSES/org/lighttpdctl/testing" "$name:/opt/e2e/classes/org/lighttpdctl/"
    podman cp "$CLASSES/org/lighttpdctl/e2e" "$name:/opt/e2e/classes/org/lighttpdctl/"
    podman exec "$name" java -cp /opt/e2e/classes org.lighttpdctl.e2e.InContainerLoad prepare /var/www/html
    if [ "$MODE" = after ]; then
        podman cp "$DEB" "$name:/tmp/lighttpdctl.deb"
        podman exec "$name" dpkg -i /tmp/lighttpdctl.deb >/dev/null
    fi
    if [ "$kind" = plain ]; then
        podman exec "$name" /etc/init.d/lighttpd start >/dev/null
    fi
    local out
    out="$(podman exec "$name" timeout 300 java -Xmx512m -cp /opt/e2e/classes org.lighttpdctl.e2e.InContainerLoad \
        run 80 8000 sh -c "$action" | grep '^E2E-REPORT' || true)"
    printf '%-8s %-8s %-8s %-75s %s | %s\n' "$E2E_SUITE" "$MODE" "$kind" "$action" "${out#E2E-REPORT }" \
        "$(podman exec "$name" sh -c "$TRUTH" 2>&1 | tr '\n' ' ')"
}

# What the system says after the action: unit state and MainPID, the pidfile, lighttpdctl status, lighttpds.
TRUTH='printf "active=%s MainPID=%s pidfile=%s status=%s lighttpds=%s" \
  "$(systemctl is-active lighttpd 2>/dev/null || echo none)" \
  "$(systemctl show -p MainPID --value lighttpd 2>/dev/null || echo none)" \
  "$(cat /run/lighttpd.pid 2>/dev/null || echo none)" \
  "$(if command -v lighttpdctl >/dev/null; then lighttpdctl status --json | sed -n "s/.*\"pid\":\([0-9]*\).*/\1/p"; else echo n/a; fi)" \
  "$(pgrep -d, -x lighttpd || echo none)"'


measure systemd "invoke-rc.d lighttpd graceful"
measure systemd "service lighttpd reload"
measure systemd "systemctl reload lighttpd"
measure systemd "systemctl restart lighttpd"
measure systemd "invoke-rc.d lighttpd restart"
measure systemd "DEBIAN_FRONTEND=noninteractive apt-get install -y --reinstall /root/debs/lighttpd_*.deb >/dev/null 2>&1"
measure plain "/etc/init.d/lighttpd graceful"
measure plain "/etc/init.d/lighttpd reload"
measure plain "/etc/init.d/lighttpd restart"
