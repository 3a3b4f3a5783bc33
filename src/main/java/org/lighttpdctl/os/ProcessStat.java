package org.lighttpdctl.os;

/**
 * The fields of /proc/PID/stat that identify a process and tell whether it still runs.
 *
 * @param startTicks field 22, the start time in clock ticks since boot: with the PID it names one process for the
 *                   lifetime of the machine, which is how a recorded generation is told from a later holder of its PID
 */
public record ProcessStat(int pid, char state, int ppid, long startTicks) {

    /** A zombie (Z) or dead (X) task has exited: it serves nothing and holds no socket. */
    public boolean isAlive() {
        return state != 'Z' && state != 'X';
    }

    /** Parses the text of /proc/PID/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
    public static ProcessStat parse(int pid, String text) {
        String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 of proc(5): state; ppid is field 4; starttime is field 22.
        return new ProcessStat(pid, fields[0].charAt(0), Integer.parseInt(fields[1]), Long.parseLong(fields[19]));
    }
}
