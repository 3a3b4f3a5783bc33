package org.lighttpdctl.server;

import java.nio.file.Path;
import java.util.Properties;

/**
 * One lighttpd process of an instance. Each graceful restart makes a new generation; the old one drains and exits.
 *
 * @param id             increasing number within the instance
 * @param pid            its PID
 * @param startTicks     its start time (/proc/PID/stat field 22): with the PID, its identity
 * @param executable     the binary it runs
 * @param role           serving new connections, or draining in-flight ones
 * @param drainDeadline  epoch milliseconds after which a draining generation is terminated; 0 while serving
 *                       (a STARTING record may have PID 0: written before the spawn, so a tool killed mid-spawn
 *                       leaves a trace; its startTicks then say when the spawn was intended, in the same clock,
 *                       and no process started earlier can be that spawn)
 * @param adopted        true for a lighttpd that lighttpdctl did not start (found by its listening sockets)
 */
public record Generation(long id, int pid, long startTicks, Path executable, Role role, long drainDeadline,
                         boolean adopted) {

    /**
     * STARTING: spawned by a restart that has not committed it yet (a record the next call must settle if the tool
     * died); SERVING: named by the canonical pidfile, accepting new connections; DRAINING: told (or about to be
     * told) to finish in-flight requests and exit.
     */
    public enum Role { STARTING, SERVING, DRAINING }

    public Generation withRole(Role newRole) {
        return new Generation(id, pid, startTicks, executable, newRole, drainDeadline, adopted);
    }

    public Generation draining(long deadlineMillis) {
        return new Generation(id, pid, startTicks, executable, Role.DRAINING, deadlineMillis, adopted);
    }

    public boolean isServing() {
        return role == Role.SERVING;
    }

    /** The record as text {@link Properties#load(java.io.Reader)} reads back to exactly these values (RecordText). */
    String toRecordText() {
        StringBuilder text = new StringBuilder("# lighttpdctl generation record\n");
        RecordText.line(text, "id", Long.toString(id));
        RecordText.line(text, "pid", Integer.toString(pid));
        RecordText.line(text, "start-ticks", Long.toString(startTicks));
        RecordText.line(text, "executable", executable.toString());
        RecordText.line(text, "role", role.name());
        RecordText.line(text, "drain-deadline", Long.toString(drainDeadline));
        RecordText.line(text, "adopted", Boolean.toString(adopted));
        return text.toString();
    }

    static Generation fromProperties(Properties p) {
        return new Generation(Long.parseLong(p.getProperty("id")), Integer.parseInt(p.getProperty("pid")),
                Long.parseLong(p.getProperty("start-ticks")), Path.of(p.getProperty("executable")),
                Role.valueOf(p.getProperty("role")), Long.parseLong(p.getProperty("drain-deadline", "0")),
                Boolean.parseBoolean(p.getProperty("adopted", "false")));
    }
}
