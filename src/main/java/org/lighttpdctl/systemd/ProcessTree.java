package org.lighttpdctl.systemd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.lighttpdctl.os.ProcessStat;
import org.lighttpdctl.os.Procfs;

/** A process and all its descendants now (php-cgi spawned by a lighttpd generation, and their children). */
final class ProcessTree {
    private ProcessTree() {
    }

    /** {@code roots} and every live process descending from one of them, roots first. */
    static List<Integer> of(Procfs procfs, List<Integer> roots) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        for (int pid : procfs.pids()) {
            procfs.stat(pid).filter(ProcessStat::isAlive)
                    .ifPresent(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(pid));
        }
        List<Integer> tree = new ArrayList<>();
        List<Integer> next = new ArrayList<>(roots);
        while (!next.isEmpty()) {
            int pid = next.remove(0);
            if (!tree.contains(pid)) {
                tree.add(pid);
                next.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return tree;
    }
}
