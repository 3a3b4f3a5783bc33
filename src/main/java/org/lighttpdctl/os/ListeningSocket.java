package org.lighttpdctl.os;

import java.net.SocketAddress;

/** A socket in the LISTEN state, as the kernel lists it in /proc/net: its inode and the address it is bound to. */
public record ListeningSocket(long inode, SocketAddress address) {
}
