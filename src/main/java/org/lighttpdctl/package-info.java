/**
 * lighttpdctl: start, stop and gracefully restart lighttpd without refusing, resetting or cutting a client.
 *
 * <p>Layout: {@code cli} (the command line), {@code lifecycle} (the actions, the restart transaction in
 * {@code lifecycle.restart}, the instance's state in {@code lifecycle.state}), {@code server} (the model of a
 * server, its configuration and its generations), {@code systemd} (the service manager's pieces), {@code os} (the
 * one native seam over glibc, and /proc).
 *
 * <p><b>Start-up cost.</b> Init scripts, systemd and monitoring start a JVM for every call, so what every call runs
 * is written for the JVM's start-up: on the way of status (and the steps every action shares) there is no lambda,
 * method reference or stream. Each is an invokedynamic call site the JVM links at run time, however much of it the
 * class-data-sharing archive holds, and the first one in a process sets up the method-handle machinery: on status's
 * way they were two fifths of its Java time on Java 21 (README, "What a run costs the machine"; StatusCostTest
 * keeps status free of them). Records that are hashed write out equals and hashCode for the same reason.
 */
package org.lighttpdctl;
