/**
 * A fake of the native seam ({@link org.lighttpdctl.os.Syscalls}) for decision tests that need neither root nor
 * lighttpd and run in milliseconds (the quick lane, {@code make test-unit}, JUnit tag "unit").
 *
 * <ul>
 *   <li>{@link org.lighttpdctl.testing.fake.FakeKernel}: the seam itself; {@code context(out)} gives a
 *       {@link org.lighttpdctl.lifecycle.Context} on it (its /proc, its listeners, itself as native calls).
 *   <li>{@link org.lighttpdctl.testing.fake.FakeProcess}: a process, what /proc shows of it and how it reacts to
 *       signals ({@link org.lighttpdctl.testing.fake.Exit}); {@link org.lighttpdctl.testing.fake.SentSignal}: one
 *       signal sent, in order.
 *   <li>{@link org.lighttpdctl.testing.fake.FakeProc}: the /proc tree the production
 *       {@link org.lighttpdctl.os.Procfs} reads; {@link org.lighttpdctl.testing.fake.FakeFiles}: descriptors over a
 *       real temporary state tree, flock as a table.
 *   <li>{@link org.lighttpdctl.testing.fake.Op}: the calls a test can make fail with an errno.
 * </ul>
 *
 * The integration and end-to-end tests stay the proof against the real kernel; these test what the code decides.
 */
package org.lighttpdctl.testing.fake;
