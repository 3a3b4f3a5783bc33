package org.lighttpdctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void readsWholeProcSysValues() throws Exception {
        // the same value as the kernel reports through a plain shell read
        Process cat = new ProcessBuilder("cat", "/proc/sys/kernel/pid_max").start();
        String expected = new String(cat.getInputStream().readAllBytes()).trim();
        cat.waitFor();
        assertEquals(expected, ProcFs.read(Path.of("/proc/sys/kernel/pid_max")).trim());
    }

    @Test
    void freePortsStayBelowTheEphemeralRange() throws Exception {
        String range = ProcFs.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
        int low = Integer.parseInt(range.split("\\s+")[0]);
        for (int port : FreePorts.pick(10)) {
            assertEquals(true, port < low, "port " + port + " is in the ephemeral range from " + low);
        }
    }
}
