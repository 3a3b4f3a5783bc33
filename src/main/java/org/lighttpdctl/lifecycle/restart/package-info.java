/**
 * The restart transaction: replacing the serving lighttpd generation by a new one, and its strategies.
 *
 * <p>{@link org.lighttpdctl.lifecycle.GracefulAction} decides what to do ({@link
 * org.lighttpdctl.lifecycle.restart.StrategyChoice}) under the instance's lock, after lighttpd -tt and housekeeping;
 * this package does it. {@link org.lighttpdctl.lifecycle.restart.HandoffRestart} takes the live listening sockets
 * ({@link org.lighttpdctl.lifecycle.restart.SocketHandoff}), starts the new generation on them, proves it serves
 * ({@link org.lighttpdctl.lifecycle.restart.ReadinessProbe}) and only then {@link
 * org.lighttpdctl.lifecycle.restart.Commit}s and drains the old one. {@link
 * org.lighttpdctl.lifecycle.restart.SequencedRestart} and {@link org.lighttpdctl.lifecycle.restart.RebindRestart}
 * are for when generations must not overlap or the sockets cannot be taken; {@link
 * org.lighttpdctl.lifecycle.restart.InPlaceRestart} is lighttpd's own SIGUSR1 graceful restart.
 *
 * <p>Contract: every strategy runs with the instance's lock held, after lighttpd -tt passed, and returns a {@link
 * org.lighttpdctl.lifecycle.restart.RestartOutcome}; a strategy that starts a new generation returns only once it is
 * proven to serve (in-place only signals the running process). A new generation becomes the serving one only through
 * {@link org.lighttpdctl.lifecycle.restart.Commit} (canonical pidfile first, then the records, then the old
 * generation's drain). Before that point a failure is rolled back and the old generation keeps serving; a {@link
 * org.lighttpdctl.lifecycle.restart.HandoffImpossibleException} means nothing was touched, so another strategy may
 * follow. The sequenced and rebind strategies let the old generation exit first, so their failure after that leaves
 * nothing serving and is reported as a failure, never as success. A call killed at any point leaves a state the next
 * call's {@link org.lighttpdctl.lifecycle.Housekeeping} completes.
 */
package org.lighttpdctl.lifecycle.restart;
