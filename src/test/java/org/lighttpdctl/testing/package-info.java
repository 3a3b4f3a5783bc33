/**
 * Test support for lighttpdctl, shared by the tests and the benchmarks: real lighttpd processes on
 * loopback ports picked free at run time, and a load client that counts what clients see.
 *
 * <ul>
 *   <li>{@link org.lighttpdctl.testing.SampleSite}: the sample site of {@code test-fixtures/} rendered
 *       into a fresh temp root (configs, docroot, 32 MiB {@link org.lighttpdctl.testing.BigFile}).
 *   <li>{@link org.lighttpdctl.testing.Lighttpd}: a lighttpd the test starts (daemon or foreground) and
 *       stops, by PID only.
 *   <li>{@link org.lighttpdctl.testing.LoadClient} and {@link org.lighttpdctl.testing.LoadReport}:
 *       bounded load (a new connection per request, SO_LINGER 0, slow verified downloads) and its counts.
 *   <li>{@link org.lighttpdctl.testing.SmallGet}: one classified GET, also a readiness probe.
 *   <li>{@link org.lighttpdctl.testing.Processes}: /proc facts and signals by PID; zombies count as dead.
 *   <li>{@link org.lighttpdctl.testing.FreePorts}: free loopback ports, below the ephemeral range.
 * </ul>
 */
package org.lighttpdctl.testing;
