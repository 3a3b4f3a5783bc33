package org.lighttpdctl.server;

import java.util.List;
import java.util.Optional;

/**
 * The generations of an instance as found now, each verified against /proc.
 *
 * @param serving   the generation that accepts new connections, if any: the one the canonical pidfile names, or
 *                  the newest SERVING record, or a lighttpd lighttpdctl did not start that holds the instance's
 *                  listening sockets ({@link Generation#adopted()})
 * @param starting  generations a restart spawned but never committed (the tool died): they may already accept
 *                  connections on the shared sockets, so they are drained, never killed
 * @param draining  older generations finishing in-flight requests, or demoted and not yet told
 * @param vanished  records whose process is gone, or whose PID now names another program: never signalled
 */
public record Census(Optional<Generation> serving, List<Generation> starting, List<Generation> draining,
                     List<Generation> vanished) {

    /** Every live generation, serving first. */
    public List<Generation> live() {
        List<Generation> live = new java.util.ArrayList<>(1 + starting.size() + draining.size());
        if (serving.isPresent()) {
            live.add(serving.get());
        }
        live.addAll(starting);
        live.addAll(draining);
        return List.copyOf(live);
    }

    public boolean isEmpty() {
        return live().isEmpty();
    }
}
