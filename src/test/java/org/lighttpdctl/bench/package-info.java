/**
 * Benchmarks (main classes, not tests: their figures depend on the machine, so nothing here asserts
 * a time). Run from the repository root after {@code mvn -q -B test-compile}:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *     org.lighttpdctl.bench.RestartBench [--runs N] [--seconds S] [--workers W] [--downloads K] [--methods a,b]
 * java -cp ... org.lighttpdctl.bench.StartupBench [--runs N] [--warmups W] [--lighttpdctl PATH]
 * </pre>
 *
 * {@link org.lighttpdctl.bench.RestartBench} compares Debian 12's init-script reload, SIGUSR1 (the
 * systemd unit's ExecReload), SIGINT followed by an immediate start, and {@code bin/lighttpdctl graceful},
 * each on a fresh sample lighttpd under the same loopback load, against a quiet window of that load.
 * {@link org.lighttpdctl.bench.StartupBench} times {@code bin/lighttpdctl status} against a trivial Java
 * main started with the same java binary and JVM options.
 *
 * <p>Both only touch processes they started, by PID, and bind loopback ports picked free at run time.
 * They load classes lazily from the class path: a concurrent {@code mvn clean} or recompilation in the
 * same work tree makes them fail with NoClassDefFoundError.
 */
package org.lighttpdctl.bench;
