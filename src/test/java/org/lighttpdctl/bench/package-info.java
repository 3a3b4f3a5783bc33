/**
 * Benchmarks (main classes, not tests: their figures depend on the machine, so nothing here asserts
 * a time). Run from the repository root after {@code mvn -q -B test-compile}:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *     org.lighttpdctl.bench.RestartBench [--runs N] [--seconds S] [--workers W] [--downloads K] [--methods a,b]
 * java -cp ... org.lighttpdctl.bench.CostBench [--runs N] [--warmups W] [--busy-runs R] [--busy-seconds S]
 *     [--variant NAME=JVM_OPTIONS]...
 * </pre>
 *
 * {@link org.lighttpdctl.bench.RestartBench} compares Debian 12's init-script reload, SIGUSR1 (the
 * systemd unit's ExecReload), SIGINT followed by an immediate start, and {@code bin/lighttpdctl graceful},
 * each on a fresh sample lighttpd under the same loopback load, against a quiet window of that load.
 * {@link org.lighttpdctl.bench.CostBench} measures what the tool costs the machine: wall, CPU (from the
 * kernel, wait4) and peak RSS of {@code bin/lighttpdctl status}, {@code graceful}, {@code stop} and
 * {@code start} next to a trivial Java main with the same java binary and options and next to
 * {@code lighttpd -tt}, and the clients' max latency during a graceful on a machine kept busy by one busy loop
 * per core, against the same busy window without it; it checks issue 10's goals against the medians.
 *
 * <p>They only touch processes they started, by PID, and bind loopback ports picked free at run time.
 * They load classes lazily from the class path: a concurrent {@code mvn clean} or recompilation in the
 * same work tree makes them fail with NoClassDefFoundError.
 */
package org.lighttpdctl.bench;
