/**
 * systemd's side of lighttpd.service: what lighttpdctl asks of the service manager when systemd runs it as
 * ExecStart=, ExecStop= or ExecReload= (NOTIFY_SOCKET set), below the actions of org.lighttpdctl.lifecycle that use
 * it.
 *
 * <ul>
 *   <li>{@link org.lighttpdctl.systemd.ServiceUnit}: which unit this process runs in, whether a process is in its
 *       cgroup (exact path) or released into one of its drain scopes, and whether a restart job is running;
 *   <li>{@link org.lighttpdctl.systemd.ServiceManager}: sd_notify, FDSTORE=1 (the file descriptor store) and
 *       MAINPID=;
 *   <li>{@link org.lighttpdctl.systemd.MainPidStandIn}: the main process handed to a stand-in systemd may kill;
 *   <li>{@link org.lighttpdctl.systemd.DrainScope} and {@link org.lighttpdctl.systemd.TransientScope}: process
 *       trees moved into a transient scope unit, out of reach of the service's stop.
 * </ul>
 *
 * <p>Contract: nothing here signals or judges a lighttpd generation; it speaks to systemd only (sd_notify and the
 * system bus through busctl, each call under a watchdog) and reads /proc. Every failure is an {@link
 * java.io.IOException} naming what systemd or the kernel refused; the caller decides whether the action goes on.
 * The unit must carry NotifyAccess=exec and FileDescriptorStoreMax= (the package's drop-in).
 */
package org.lighttpdctl.systemd;
