#!/bin/bash
# CostBench on each Java that lighttpdctl runs on, one run each, one after the other (never side by side: they
# would measure each other):
#   host      this machine's java (Debian 12: OpenJDK 17)
#   trixie    Debian 13's OpenJDK 21, in the trixie e2e test image
#   testing   Debian testing's OpenJDK 25, in the testing image (the QA canary)
# Each run makes its own class-data-sharing archive with its own JVM (cost-run.sh) and prints its table under a
# line with the date, CPU, kernel, Debian release, Java version and load average.
#
# In a container, the work tree is mounted at its own path as an overlay (podman's :O): the container sees the
# host's build (jars, classes, bin/lighttpdctl) and writes its archive into a throw-away upper layer, so the
# host's target/ is never written; ~/.m2 (the benchmark's own class path) and GNU time (the images lack it) are
# mounted read-only. lighttpd, the JVM and Debian's jars (which bin/lighttpdctl runs on) are the image's.
# The container has only its own loopback (test-fixtures/e2e/containers.conf) and CAP_SYS_NICE, which the tool
# uses as root to run the new lighttpd at the caller's priority while the JVM itself runs at nice +10.
#
# Usage: bench-jvms.sh [SUITE...]   (default: host trixie); CostBench options in BENCH_OPTS.
# Needs: make build (target/lighttpdctl.jar, target/test-classes); builds a missing image with build-image.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TOP="$(cd "$HERE/../.." && pwd)"
. "$TOP/test-fixtures/e2e/lib.sh"
e2e_require_root
cd "$TOP"
[ -f target/lighttpdctl.jar ] && [ -d target/test-classes/org/lighttpdctl/bench ] \
    || e2e_die "no target/lighttpdctl.jar or target/test-classes: run make build and mvn test-compile"
read -r -a options <<< "${BENCH_OPTS:-}"
m2="${HOME:-/root}/.m2"

run_host() {
    sh test-fixtures/bench/cost-run.sh "${options[@]}"
}

run_container() { # SUITE
    local image
    image="$("$TOP/test-fixtures/e2e/build-image.sh" "$1")"
    # --init: a reaper as PID 1, so that the daemonised lighttpd generations the bench leaves behind are reaped;
    # --rm and the container's end stop whatever the bench started.
    timeout 1800 podman run --rm --init --cap-add SYS_NICE \
        -v "$TOP:$TOP:O" -v "$m2:$m2:ro" -v /usr/bin/time:/usr/bin/time:ro -w "$TOP" \
        --entrypoint /bin/sh "$image" test-fixtures/bench/cost-run.sh "${options[@]}"
}

# Each CostBench ends with busy loops on every core: the next one's cost runs would start at a load average of 4-5
# and measure the CPU they wait for. So each waits (at most 3 minutes) until the 1-minute load average is below 1.
await_quiet() {
    local waited=0 load
    while load=$(cut -d' ' -f1 /proc/loadavg) && [ "${load%%.*}" -ge 1 ] && [ "$waited" -lt 180 ]; do
        sleep 5
        waited=$((waited + 5))
    done
    echo "(waited ${waited} s for a quiet machine: load average $load)"
}

failed=()
for suite in ${*:-host trixie}; do
    echo "== CostBench on $suite"
    await_quiet
    if [ "$suite" = host ]; then
        run_host || failed+=("$suite")
    else
        run_container "$suite" || failed+=("$suite")
    fi
done
[ ${#failed[@]} = 0 ] || e2e_die "CostBench failed on: ${failed[*]}"
