/**
 * The instance's recorded state and its recovery: opening a trusted instance and taking its lock ({@link
 * org.lighttpdctl.lifecycle.state.Instances}, {@link org.lighttpdctl.lifecycle.state.TrustedState}), writing the
 * generation records ({@link org.lighttpdctl.lifecycle.state.Records}), and bringing records and processes back in
 * line after a call that died halfway ({@link org.lighttpdctl.lifecycle.state.Housekeeping}, {@link
 * org.lighttpdctl.lifecycle.state.UnfinishedSpawns}, {@link org.lighttpdctl.lifecycle.state.UnreadableRecords},
 * {@link org.lighttpdctl.lifecycle.state.Sweep}, {@link org.lighttpdctl.lifecycle.state.BackendSocketSweep}).
 *
 * <p>Contract: an instance is opened only after {@link org.lighttpdctl.lifecycle.state.TrustedState} has accepted
 * its state directory, and everything here that changes a record or a file or signals a process runs under the
 * instance's lock. After {@link org.lighttpdctl.lifecycle.state.Housekeeping#settle} the records match the
 * processes that run, so an action may decide from them; a generation that may already be serving is drained,
 * never killed.
 */
package org.lighttpdctl.lifecycle.state;
