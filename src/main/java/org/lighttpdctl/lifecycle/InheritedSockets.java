package org.lighttpdctl.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Listening sockets handed to lighttpdctl itself by socket activation (systemd's LISTEN_FDS protocol): a .socket
 * unit, or systemd's file descriptor store giving back, on ExecStart, the sockets a stop parked there during a
 * restart. They are passed on to the first generation, so the queue of waiting connections never closed.
 *
 * <p>The protocol: LISTEN_PID names the process the descriptors are meant for (ours: the launcher exec()s the
 * JVM, so the PID is kept), LISTEN_FDS counts them, starting at descriptor 3.
 */
final class InheritedSockets {
    private static final int SD_LISTEN_FDS_START = 3;

    private InheritedSockets() {
    }

    /** The inherited descriptors that are listening sockets; empty when none were passed to this process. */
    static List<Integer> fromEnvironment(Context context, Map<String, String> environment) {
        String pid = environment.get("LISTEN_PID");
        String count = environment.get("LISTEN_FDS");
        if (pid == null || count == null || !pid.equals(Integer.toString(context.syscalls().pid()))) {
            return List.of();
        }
        int n;
        try {
            n = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            context.console().warn("ignoring LISTEN_FDS=" + count + ": not a number");
            return List.of();
        }
        Set<Long> listening = context.listeners().stream().map(s -> s.inode()).collect(Collectors.toSet());
        Map<Long, Integer> mine = context.procfs().socketDescriptors(context.syscalls().pid());
        List<Integer> sockets = new ArrayList<>();
        for (Map.Entry<Long, Integer> held : mine.entrySet()) {
            int fd = held.getValue();
            if (fd >= SD_LISTEN_FDS_START && fd < SD_LISTEN_FDS_START + n && listening.contains(held.getKey())) {
                sockets.add(fd);
            }
        }
        sockets.sort(Integer::compare);
        context.console().step("inherited " + sockets.size() + " listening socket(s) from LISTEN_FDS=" + n);
        return sockets;
    }
}
