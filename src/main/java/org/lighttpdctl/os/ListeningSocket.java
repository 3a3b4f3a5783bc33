package org.lighttpdctl.os;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** A socket in the LISTEN state, as the kernel lists it in /proc/net: its inode and the address it is bound to. */
public record ListeningSocket(long inode, SocketAddress address) {

    /**
     * The address as a message names it: "127.0.0.1:80", "[0:0:0:0:0:0:0:0]:443", or a unix socket's path, whose
     * control characters (a path may hold a newline) are shown as \\uXXXX, so that a message stays one line.
     */
    public String describe() {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
                    + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            StringBuilder shown = new StringBuilder();
            unix.getPath().toString().chars().forEach(c -> shown.append(Character.isISOControl(c)
                    ? String.format("\\u%04x", c) : Character.toString(c)));
            return shown.toString();
        }
        return String.valueOf(address);
    }
}
