/**
 * The restart transaction: replacing the serving lighttpd generation by a new one, and its strategies.
 *
 * <p>{@link org.lighttpdctl.lifecycle.GracefulAction} decides what to do ({@link
 * org.lighttpdctl.lifecycle.restart.StrategyChoice}) under the instance's lock, after lighttpd -tt and housekeeping;
 * {@link org.lighttpdctl.lifecycle.restart.Replacement} runs the chosen {@link
 * org.lighttpdctl.lifecycle.restart.Strategy} and falls back by type ({@link
 * org.lighttpdctl.lifecycle.restart.HandoffImpossibleException}): handoff, then sequenced, then rebind.
 * {@link org.lighttpdctl.lifecycle.restart.HandoffRestart} takes the live listening sockets ({@link
 * org.lighttpdctl.lifecycle.restart.SocketHandoff}), starts the new generation on them and proves it serves ({@link
 * org.lighttpdctl.lifecycle.restart.ProvenLaunch}, {@link org.lighttpdctl.lifecycle.restart.ReadinessProbe}), and
 * only then {@link org.lighttpdctl.lifecycle.restart.Commit}s and drains the old one. {@link
 * org.lighttpdctl.lifecycle.restart.SequencedRestart} holds the same sockets while the old generation exits, then
 * runs the same launch-and-prove step; {@link org.lighttpdctl.lifecycle.restart.RebindRestart} is the last resort
 * when the sockets cannot be taken; {@link org.lighttpdctl.lifecycle.restart.InPlaceRestart} is lighttpd's own
 * SIGUSR1 graceful restart.
 *
 * <p>Contract: every strategy runs with the instance's lock held, after lighttpd -tt passed, and returns a {@link
 * org.lighttpdctl.lifecycle.restart.RestartOutcome} made by its strategy's factory; a strategy that starts a new
 * generation returns only once it is proven to serve (in-place only signals the running process). A new generation
 * becomes the serving one only through {@link org.lighttpdctl.lifecycle.restart.Commit} (canonical pidfile first,
 * then the records, then the old generation's drain). Before that point a failure leaves the old generation serving
 * (an unproven new one is drained: {@link org.lighttpdctl.lifecycle.restart.NotProvenException}); a {@link
 * org.lighttpdctl.lifecycle.restart.HandoffImpossibleException} means nothing was touched, so another strategy may
 * follow. The sequenced and rebind strategies let the old generation exit first, so their failure after that leaves
 * nothing serving and is reported as a failure, never as success. A call killed at any point leaves a state the next
 * call's {@link org.lighttpdctl.lifecycle.state.Housekeeping} completes; the crash tests kill it at each {@link
 * org.lighttpdctl.Checkpoint}.
 */
package org.lighttpdctl.lifecycle.restart;
