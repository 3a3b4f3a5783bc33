package org.lighttpdctl.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lighttpdctl.os.ListeningSocket;

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

    /**
     * The inherited descriptors that are listening sockets the configuration names ({@code configured}: their
     * inodes); empty when none were passed to this process. Any other listening socket is left out, with a
     * warning: lighttpd serves every inherited socket, matched to its configuration or not, and systemd's file
     * descriptor store, which gives sockets back at ExecStart=, also takes them from lighttpd's own main process
     * (NotifyAccess=exec admits it), which runs as the server user.
     */
    static List<Integer> fromEnvironment(Context context, Map<String, String> environment, Set<Long> configured) {
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
        Map<Long, ListeningSocket> listening = new HashMap<>();
        context.listeners().forEach(socket -> listening.putIfAbsent(socket.inode(), socket));
        Map<Long, Integer> mine = context.procfs().socketDescriptors(context.syscalls().pid());
        List<Integer> sockets = new ArrayList<>();
        for (Map.Entry<Long, Integer> held : mine.entrySet()) {
            int fd = held.getValue();
            ListeningSocket socket = listening.get(held.getKey());
            if (fd < SD_LISTEN_FDS_START || fd >= SD_LISTEN_FDS_START + n || socket == null) {
                continue;
            }
            if (configured.contains(socket.inode())) {
                sockets.add(fd);
            } else {
                context.console().warn("ignoring the listening socket inherited at descriptor " + fd + " ("
                        + socket.describe() + "): the configuration does not listen there");
            }
        }
        sockets.sort(Integer::compare);
        context.console().step("inherited " + sockets.size() + " listening socket(s) from LISTEN_FDS=" + n);
        return sockets;
    }
}
