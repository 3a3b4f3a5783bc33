package org.lighttpdctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The unit found from /proc/self/cgroup lines, and a restart job found in `systemctl list-jobs` output. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class ServiceUnitTest {
    @Test
    void theServiceIsTheLastComponentOfTheSystemdPath() {
        assertEquals(Optional.of(new ServiceUnit("lighttpd.service", "/system.slice/lighttpd.service")),
                ServiceUnit.ownFrom(List.of("0::/system.slice/lighttpd.service")));
        assertEquals(Optional.of(new ServiceUnit("lighttpd.service", "/libpod_parent/libpod-1/system.slice/lighttpd.service")),
                ServiceUnit.ownFrom(List.of("9:name=systemd:/libpod_parent/libpod-1/system.slice/lighttpd.service",
                        "0::/libpod_parent/libpod-1/system.slice/lighttpd.service")));
        assertEquals(Optional.empty(), ServiceUnit.ownFrom(List.of("0::/user.slice/user-0.slice/session-3.scope")));
    }

    @Test
    void aDrainScopeLiesNextToTheServiceInItsSlice() {
        ServiceUnit unit = new ServiceUnit("lighttpd.service", "/system.slice/lighttpd.service");
        assertEquals("lighttpd-drain-42.scope", unit.drainScope(42));
    }

    @Test
    void onlyARestartJobOfThisUnitCounts() {
        assertTrue(ServiceUnit.restartJobIn("1234 lighttpd.service restart running\n", "lighttpd.service"));
        assertFalse(ServiceUnit.restartJobIn("1234 lighttpd.service stop running\n", "lighttpd.service"));
        assertFalse(ServiceUnit.restartJobIn("1234 other.service restart running\n", "lighttpd.service"));
        assertFalse(ServiceUnit.restartJobIn("", "lighttpd.service"));
    }

    @Test
    void theCgroupPathFollowsTheSecondColon() {
        assertEquals("/system.slice/a.service", ServiceUnit.cgroupPath("0::/system.slice/a.service"));
        assertEquals("/x:y", ServiceUnit.cgroupPath("1:name=systemd:/x:y"));
        assertEquals("", ServiceUnit.cgroupPath("garbage"));
    }
}
