#!/bin/bash
# Probes, in a booted Debian 12 container (systemd 252 as PID 1), the systemd behaviour the lighttpdctl unit
# design relies on, with fdprobe.py as the service:
#   1. fd store: a listening socket pushed by ExecStop (FDSTORE=1, NotifyAccess=all, FileDescriptorStoreMax=16)
#      comes back as LISTEN_FDS to ExecStart on `systemctl restart`; `systemctl stop` drops it.
#   2. Type=forking + PIDFile=: MainPID after an ExecReload that moves the service to a new process.
# Prints the probe log and a summary. Needs the image (build-image.sh) and podman (install-host-prereqs.sh).
#
# Usage: probe-systemd.sh [KillMode]     (default: none)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../lib.sh"
e2e_require_root

KILLMODE="${1:-none}"
IMAGE="$(e2e_image)"
podman image exists "$IMAGE" || e2e_die "image $IMAGE missing: run build-image.sh"
NAME="lighttpdctl-fdprobe-$$"
podman run -d --name "$NAME" "$IMAGE" /sbin/init >/dev/null
trap 'podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true' EXIT

cx() { podman exec "$NAME" "$@"; }
for _ in $(seq 100); do
    s="$(cx systemctl is-system-running 2>/dev/null || true)"
    case "$s" in running|degraded) break ;; esac
    sleep 0.1
done

podman cp "$HERE/fdprobe.py" "$NAME:/usr/local/bin/fdprobe.py"
podman exec -i "$NAME" sh -c "cat > /etc/systemd/system/fdprobe.service" <<EOF
[Unit]
Description=fd store / PIDFile probe

[Service]
Type=forking
PIDFile=/run/fdprobe.pid
NotifyAccess=all
FileDescriptorStoreMax=16
KillMode=$KILLMODE
Environment=PROBE_DRAIN=2
ExecStart=/usr/bin/python3 /usr/local/bin/fdprobe.py start
ExecStop=/usr/bin/python3 /usr/local/bin/fdprobe.py stop
ExecReload=/usr/bin/python3 /usr/local/bin/fdprobe.py reload
EOF
cx systemctl daemon-reload

step() { echo; echo "### $*"; }
show() { cx systemctl show -p MainPID -p ActiveState -p SubState -p Result fdprobe.service | tr '\n' ' '; echo " pidfile=$(cx cat /run/fdprobe.pid 2>/dev/null | tr -d '\n')"; }
client() { cx python3 /usr/local/bin/fdprobe.py client "$1"; }

step "start"
cx systemctl start fdprobe.service || { cx journalctl -u fdprobe --no-pager | tail -30; exit 1; }
show

step "restart under load (client runs 3 s, restart after 1 s)"
client 3 >/tmp/$NAME.client & cpid=$!
sleep 1
cx systemctl restart fdprobe.service
wait $cpid
echo "client: $(cat /tmp/$NAME.client)"; rm -f /tmp/$NAME.client
show

step "daemon-reload, then restart again (does the store survive a manager reload between stop and start? n/a: it is only filled during ExecStop)"
cx systemctl daemon-reload
cx systemctl restart fdprobe.service
show

step "reload: new generation writes the pidfile, old one drains 2 s after ExecReload returned"
cx systemctl reload fdprobe.service
show
sleep 3
echo "after the old generation exited:"; show

step "reload: old generation exits before ExecReload returns (PROBE_DRAIN=0)"
cx sh -c 'mkdir -p /run/systemd/system/fdprobe.service.d && printf "[Service]\nEnvironment=PROBE_DRAIN=0\n" > /run/systemd/system/fdprobe.service.d/drain.conf'
cx systemctl daemon-reload
cx systemctl reload fdprobe.service
show

step "stop, then a connection attempt, then start"
cx systemctl stop fdprobe.service
show
echo "connect while stopped: $(cx python3 -c 'import socket
s=socket.socket()
try:
    s.connect(("127.0.0.1",8080)); print("accepted")
except OSError as e: print(type(e).__name__)')"
cx systemctl start fdprobe.service || { cx journalctl -u fdprobe --no-pager | tail -30; exit 1; }
show

step "journal (fdprobe)"
cx journalctl -u fdprobe.service --no-pager -o short-monotonic | tail -40

step "probe log"
cx cat /run/fdprobe.log

step "reload where the exiting old generation unlinks the pidfile the new one wrote (lighttpd's behaviour), KillMode=$KILLMODE"
cx sh -c 'printf "[Service]\nEnvironment=PROBE_DRAIN=1 PROBE_UNLINK_PIDFILE=1\n" > /run/systemd/system/fdprobe.service.d/drain.conf'
cx systemctl daemon-reload
cx systemctl restart fdprobe.service
show
cx systemctl reload fdprobe.service
show
sleep 2
echo "after the old generation exited:"; show
echo "processes: $(cx pgrep -f 'fdprobe.py' -d ' ' || true)"
echo "connect: $(cx python3 -c 'import socket
s=socket.socket()
try:
    s.connect(("127.0.0.1",8080)); print("accepted", s.recv(64))
except OSError as e: print(type(e).__name__)')"
cx journalctl -u fdprobe.service --no-pager -o short-monotonic | grep -v KillMode | tail -6

step "restart where ExecStop leaves the old generation draining (2 s) and returns at once, KillMode=$KILLMODE"
cx sh -c 'printf "[Service]\nEnvironment=PROBE_DRAIN=2 PROBE_STOP_MODE=drain\n" > /run/systemd/system/fdprobe.service.d/drain.conf'
cx systemctl daemon-reload
cx systemctl restart fdprobe.service
old="$(cx cat /run/fdprobe.pid)"
cx systemctl restart fdprobe.service
show
echo "old generation $old right after the restart: $(cx sh -c "kill -0 $old 2>/dev/null && echo alive || echo gone")"
cx sh -c "grep '\"pid\": $old,' /run/fdprobe.log | tail -2"
