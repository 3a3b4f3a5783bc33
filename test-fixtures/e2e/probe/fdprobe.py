#!/usr/bin/python3
"""A stand-in service for probing systemd's behaviour with the lighttpdctl design (run by probe-systemd.sh).

It behaves like lighttpd under lighttpdctl, as far as systemd can see:
  start   (ExecStart, Type=forking) takes LISTEN_FDS from systemd when given, else binds 127.0.0.1:PORT; forks a
          daemon that serves the socket and writes the pidfile; the start process exits once the pidfile is there.
  stop    (ExecStop) fetches the live listening socket from the daemon (over a unix control socket, SCM_RIGHTS),
          pushes it into systemd's fd store (sd_notify "FDSTORE=1" with the fd, to $NOTIFY_SOCKET), then SIGTERMs
          the daemon. So the message comes from the ExecStop control process, as it would from `lighttpdctl stop`.
  reload  (ExecReload) starts a new daemon generation on the same socket, writes its pid to the pidfile, and
          tells the old generation to exit DRAIN seconds later (0: before ExecReload returns).
Every step appends one JSON line to /run/fdprobe.log. A served connection gets "<pid> <socket inode>\n".
"""
import array
import json
import os
import select
import signal
import socket
import sys
import time

LOG = "/run/fdprobe.log"
PIDFILE = "/run/fdprobe.pid"
PORT = int(os.environ.get("PROBE_PORT", "8080"))


def log(event, **kw):
    kw.update(event=event, pid=os.getpid(), t=round(time.time(), 3))
    with open(LOG, "a") as f:
        f.write(json.dumps(kw, sort_keys=True) + "\n")


def ctl_path(pid):
    return "/run/fdprobe.%d.ctl" % pid


def notify(msg, fds=()):
    addr = os.environ.get("NOTIFY_SOCKET")
    if not addr:
        return "no NOTIFY_SOCKET"
    if addr.startswith("@"):
        addr = "\0" + addr[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        if fds:
            # (socket.send_fds ignores its address argument in Python 3.11)
            s.sendmsg([msg.encode()], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))], 0, addr)
        else:
            s.sendto(msg.encode(), addr)
        return "sent"
    except OSError as e:
        return "error: %s" % e
    finally:
        s.close()


def daemon(ls, drain_old=None):
    """Fork a daemon serving ls; returns its pid in the parent once the daemon wrote the pidfile."""
    r, w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(w)
        os.read(r, 1)
        os.close(r)
        return pid
    os.close(r)
    os.setsid()
    me = os.getpid()
    ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(ctl_path(me))
    except FileNotFoundError:
        pass
    ctl.bind(ctl_path(me))
    ctl.listen(8)
    tmp = PIDFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % me)
    os.rename(tmp, PIDFILE)
    ino = os.fstat(ls.fileno()).st_ino
    log("daemon-ready", sock_ino=ino)
    os.write(w, b"x")
    os.close(w)
    for fd in (0, 1, 2):
        os.dup2(os.open("/dev/null", os.O_RDWR), fd)
    stop_at = None
    signal.signal(signal.SIGTERM, lambda *_: (log("daemon-sigterm"), os._exit(0)))

    def drain(*_):
        nonlocal stop_at
        stop_at = time.time() + float(os.environ.get("PROBE_DRAIN", "0"))
        log("daemon-drain", seconds=float(os.environ.get("PROBE_DRAIN", "0")))
    signal.signal(signal.SIGUSR2, drain)
    serving = True
    while True:
        if stop_at is not None and time.time() >= stop_at:
            if os.environ.get("PROBE_UNLINK_PIDFILE") == "1":
                # like lighttpd: an exiting generation unlinks the (shared) pidfile, whoever wrote it last
                try:
                    os.unlink(PIDFILE)
                except FileNotFoundError:
                    pass
            log("daemon-exit")
            try:
                os.unlink(ctl_path(me))
            except FileNotFoundError:
                pass
            os._exit(0)
        watch = [ctl] + ([ls] if serving else [])
        try:
            rd, _, _ = select.select(watch, [], [], 0.05)
        except InterruptedError:
            continue
        if ls in rd:
            try:
                c, _ = ls.accept()
                c.sendall(b"%d %d\n" % (me, ino))
                c.close()
            except OSError:
                pass
        if ctl in rd:
            c, _ = ctl.accept()
            cmd = c.recv(16)
            if cmd == b"fd":
                socket.send_fds(c, [b"fd"], [ls.fileno()])
            elif cmd == b"drain":
                serving = False
                drain()
                c.sendall(b"ok")
            c.close()


def fetch_fd(pid):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(ctl_path(pid))
    c.sendall(b"fd")
    _, fds, _, _ = socket.recv_fds(c, 16, 4)
    c.close()
    return socket.socket(fileno=fds[0])


def send_ctl(pid, cmd):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(ctl_path(pid))
    c.sendall(cmd)
    c.recv(16)
    c.close()


def read_pid():
    with open(PIDFILE) as f:
        return int(f.read().strip())


def main():
    action = sys.argv[1]
    env = {k: os.environ.get(k) for k in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "MAINPID")}
    if action == "start":
        n = int(os.environ.get("LISTEN_FDS") or 0)
        if n >= 1:
            ls = socket.socket(fileno=3)
            log("start", inherited=True, sockname=list(ls.getsockname()),
                sock_ino=os.fstat(3).st_ino, accepting=ls.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN),
                **env)
        else:
            ls = socket.socket()
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ls.bind(("127.0.0.1", PORT))
            ls.listen(512)
            log("start", inherited=False, sock_ino=os.fstat(ls.fileno()).st_ino, **env)
        pid = daemon(ls)
        log("start-done", daemon=pid)
    elif action == "stop":
        pid = read_pid()
        ls = fetch_fd(pid)
        res = notify("FDSTORE=1\nFDNAME=probe-listen", [ls.fileno()])
        import subprocess
        jobs = subprocess.run(["systemctl", "list-jobs", "--no-legend", "--no-pager"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        log("stop-pushed-fd", daemon=pid, jobs=jobs, sock_ino=os.fstat(ls.fileno()).st_ino, notify=res, **env)
        if os.environ.get("PROBE_STOP_MODE") == "drain":
            # like a graceful stop that returns at once: the old generation drains on after ExecStop
            send_ctl(pid, b"drain")
        else:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
        log("stop-done", daemon=pid)
    elif action == "reload":
        old = read_pid()
        ls = fetch_fd(old)
        new = daemon(ls)
        send_ctl(old, b"drain")
        if float(os.environ.get("PROBE_DRAIN", "0")) == 0:
            # the old generation is gone before ExecReload returns
            for _ in range(100):
                try:
                    os.kill(old, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)
        log("reload-done", old=old, new=new, **env)
    elif action == "client":
        # client SECONDS: one new connection every ~2 ms; counts served / refused / other
        end = time.time() + float(sys.argv[2])
        counts, pids = {"ok": 0, "refused": 0, "other": 0}, set()
        while time.time() < end:
            c = socket.socket()
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            c.settimeout(10)
            try:
                c.connect(("127.0.0.1", PORT))
                data = c.recv(64)
                if data:
                    counts["ok"] += 1
                    pids.add(data.split()[0].decode())
                else:
                    counts["other"] += 1
            except ConnectionRefusedError:
                counts["refused"] += 1
            except OSError:
                counts["other"] += 1
            finally:
                c.close()
            time.sleep(0.002)
        print(json.dumps(dict(counts, served_by=sorted(pids))))
    else:
        sys.exit("usage: fdprobe.py start|stop|reload|client SECONDS")


if __name__ == "__main__":
    main()
