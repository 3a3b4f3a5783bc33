package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

class ListeningSocketTest {
    @Test
    void describesIpv4Ipv6AndUnixAddresses() throws Exception {
        assertEquals("127.0.0.1:80", new ListeningSocket(1, new InetSocketAddress(
                InetAddress.getByName("127.0.0.1"), 80)).describe());
        assertEquals("[0:0:0:0:0:0:0:0]:443", new ListeningSocket(1, new InetSocketAddress(InetAddress.getByName("::"), 443))
                .describe());
        assertEquals("/run/x.sock", new ListeningSocket(1, UnixDomainSocketAddress.of("/run/x.sock")).describe());
    }

    /** A unix socket's name is anyone's to choose: a newline in it must not start a line of its own in a message. */
    @Test
    void showsControlCharactersOfAUnixSocketsPathEscaped() {
        assertEquals("/tmp/a\\u000alighttpdctl: forged", new ListeningSocket(1,
                UnixDomainSocketAddress.of("/tmp/a\nlighttpdctl: forged")).describe());
    }
}
