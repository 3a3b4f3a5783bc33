#!/usr/bin/python3
"""Load generator of lighttpdctl's autopkgtests (loopback only, bounded in time and count).

Workers request http://127.0.0.1:PORT/PATH over a new TCP connection each time (closed with SO_LINGER 0, so no
TIME_WAIT pile-up slows connect() enough to step over a short refusal gap) and check every response: status 200
and the whole body, byte for byte. A few workers download the large file slowly, so that requests are in flight
across a restart. When the file --stop names appears, each worker does --after more requests and stops; with no
stop file the run ends after --max-seconds, reported as a failure. --ready names a file created once --warmup
requests have succeeded.

Prints one summary line: "load: N requests, M lost" and the first lost ones; exit 0 only when none was lost.
"""
import argparse
import os
import random
import socket
import struct
import sys
import threading
import time


def fetch(port, path, expected, slow):
    """One request; returns None on success, else what went wrong."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.settimeout(30)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path).encode())
        data = bytearray()
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if slow:
                time.sleep(0.005)
    except OSError as e:
        return "%s: %s" % (path, e)
    finally:
        s.close()
    head, sep, body = bytes(data).partition(b"\r\n\r\n")
    if not sep:
        return "%s: no complete response header (%d bytes)" % (path, len(data))
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    if " 200 " not in status + " ":
        return "%s: %s" % (path, status)
    if body != expected:
        return "%s: body of %d bytes differs from the %d bytes expected" % (path, len(body), len(expected))
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--docroot", default="/var/www/html")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--slow-workers", type=int, default=2)
    ap.add_argument("--stop", required=True)
    ap.add_argument("--ready", required=True)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--after", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--max-requests", type=int, default=200000)
    ap.add_argument("--pause", type=float, default=0.002, help="seconds between a worker's requests")
    a = ap.parse_args()

    small_name, large_name = "autopkgtest-small.txt", "autopkgtest-large.bin"
    small = b"lighttpdctl autopkgtest\n" * 40
    # The same bytes on every run: lighttpd's stat cache may serve a file it opened a moment ago from that open
    # descriptor, so a file replaced between two runs could be served with the previous run's content.
    large = random.Random(16).randbytes(2 * 1024 * 1024)
    for name, content in ((small_name, small), (large_name, large)):
        path = os.path.join(a.docroot, name)
        with open(path + ".tmp", "wb") as f:
            f.write(content)
        os.rename(path + ".tmp", path)

    lock = threading.Lock()
    counts = {"ok": 0, "lost": 0, "total": 0}
    lost = []
    deadline = time.monotonic() + a.max_seconds

    def worker(path, expected, slow):
        after = None
        while time.monotonic() < deadline:
            with lock:
                if counts["total"] >= a.max_requests:
                    return
                counts["total"] += 1
            err = fetch(a.port, path, expected, slow)
            with lock:
                if err is None:
                    counts["ok"] += 1
                    if counts["ok"] == a.warmup:
                        open(a.ready, "w").close()
                else:
                    counts["lost"] += 1
                    lost.append("%.3f %s" % (time.time(), err))
            time.sleep(a.pause)
            if after is None and os.path.exists(a.stop):
                after = a.after
            if after is not None:
                after -= 1
                if after <= 0:
                    return

    threads = [threading.Thread(target=worker, args=("/" + small_name, small, False)) for _ in range(a.workers)]
    threads += [threading.Thread(target=worker, args=("/" + large_name, large, True))
                for _ in range(a.slow_workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    timed_out = not os.path.exists(a.stop)
    print("load: %d requests, %d lost%s" % (counts["total"], counts["lost"],
                                            " (stopped by --max-seconds: no stop file)" if timed_out else ""))
    for line in lost[:10]:
        print("load: lost: " + line)
    return 1 if counts["lost"] or timed_out or counts["ok"] < a.warmup else 0


if __name__ == "__main__":
    sys.exit(main())
