package org.lighttpdctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The StartTransientUnit call as busctl takes it: signature, then each argument, arrays with their length. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class TransientScopeTest {
    @Test
    void argvCarriesThePidsAndTheProperties() {
        List<String> argv = TransientScope.argv("lighttpd-drain-42.scope", "draining", List.of(42, 43),
                Duration.ofSeconds(40));
        assertEquals(List.of("busctl", "--system", "call", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "StartTransientUnit", "ssa(sv)a(sa(sv))",
                "lighttpd-drain-42.scope", "fail", "4", "PIDs", "au", "2", "42", "43", "Description", "s", "draining",
                "CollectMode", "s", "inactive-or-failed", "RuntimeMaxUSec", "t", "40000000", "0"), argv);
    }
}
