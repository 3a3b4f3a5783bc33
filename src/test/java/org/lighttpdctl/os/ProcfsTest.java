package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcfsTest {

    @Test
    void statSurvivesACommandNameWithSpacesAndParentheses() {
        ProcessStat stat = ProcessStat.parse(42, "42 (a) b) (c) S 7 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 "
                + "123456 1000 10 18446744073709551615");
        assertEquals(new ProcessStat(42, 'S', 7, 123456), stat);
        assertTrue(stat.isAlive());
        assertFalse(ProcessStat.parse(42, "42 (x) Z 7 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 0").isAlive());
    }

    @Test
    void thisProcessIsDescribed() throws Exception {
        Procfs procfs = new Procfs();
        int self = (int) ProcessHandle.current().pid();
        ProcessStat stat = procfs.stat(self).orElseThrow();
        assertTrue(procfs.isRunning(self, stat.startTicks()));
        assertFalse(procfs.isRunning(self, stat.startTicks() + 1), "another start time is another process");
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath(),
                procfs.executable(self).orElseThrow());
        assertTrue(procfs.pidMax() > 32000, "pid_max is read whole: " + procfs.pidMax());
        assertEquals(0, procfs.effectiveUid(), "the tests run as root");
    }
}
