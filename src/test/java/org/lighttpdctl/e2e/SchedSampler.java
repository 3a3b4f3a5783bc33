package org.lighttpdctl.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A diagnostic for {@link InContainerLoad} (-De2e.schedstat=true): every 10 ms it reads the kernel's scheduler
 * statistics (/proc/PID/schedstat: time on a CPU, time runnable but waiting for one) of every lighttpd seen during
 * the run (named by /run/lighttpd.pid, or found by its name every 100 ms), so that a client's worst wait can be
 * told apart: lighttpd runnable but not running (CPU starvation), or lighttpd idle (nobody was accepting, or the
 * client side stalled). The small-page client's own threads (load-worker-N, in this JVM) are sampled too, summed,
 * as "client": a client thread runnable but not running also counts as a wait, though no server made it. And the
 * time the hypervisor took from this virtual machine's CPUs (steal, the 8th field of /proc/stat's cpu line, in
 * 10 ms ticks summed over the CPUs): while a virtual CPU is stolen, whatever runs or waits on it stalls, server and
 * client alike.
 */
final class SchedSampler {
    private static final Path PIDFILE = Path.of("/run/lighttpd.pid");
    private final Set<Integer> pids = new LinkedHashSet<>();
    /** {epoch nanos, pid, cpu ns, run delay ns} */
    private final List<long[]> samples = new ArrayList<>();
    private volatile boolean stopping;
    private Thread thread;

    void start() {
        thread = new Thread(this::loop, "schedstat");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        stopping = true;
        thread.join(2000);
    }

    private void loop() {
        for (int round = 0; !stopping; round++) {
            try {
                pids.add(Integer.parseInt(Files.readString(PIDFILE).trim()));
            } catch (IOException | NumberFormatException e) {
                // between generations: the pidfile is rewritten atomically, but may be absent for a moment
            }
            if (round % 10 == 0) {
                // every lighttpd, not only the pidfile's: Debian 12's restart commits its new generation to a
                // pidfile of its own first, and that one accepts while /run/lighttpd.pid still names the old
                addEveryLighttpd();
            }
            long now = System.currentTimeMillis() * 1_000_000L;
            sampleClient(now);
            sampleSteal(now);
            for (int pid : pids) {
                try {
                    String[] f = Files.readString(Path.of("/proc/" + pid + "/schedstat")).trim().split(" ");
                    synchronized (samples) {
                        samples.add(new long[] {now, pid, Long.parseLong(f[0]), Long.parseLong(f[1])});
                    }
                } catch (IOException | RuntimeException e) {
                    // exited
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The summed schedstat of this JVM's load-worker threads, as the sample of PID {@link #CLIENT}. */
    private void sampleClient(long now) {
        long cpu = 0;
        long delay = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith("load-worker")) {
                        continue;
                    }
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    cpu += Long.parseLong(f[0]);
                    delay += Long.parseLong(f[1]);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended while listed
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return;
        }
        synchronized (samples) {
            samples.add(new long[] {now, CLIENT, cpu, delay});
        }
    }

    /** The key of the client's samples: no process has PID 0. */
    private static final int CLIENT = 0;
    /** The key of the machine's steal samples (in the cpu-time slot, in ns). */
    private static final int STEAL = -1;
    /** USER_HZ: /proc/stat counts in 1/100 s on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private void sampleSteal(long now) {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElse("").trim().split("\\s+");
            if (f.length > 8 && f[0].equals("cpu")) {
                synchronized (samples) {
                    samples.add(new long[] {now, STEAL, Long.parseLong(f[8]) * NANOS_PER_TICK, 0});
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/stat: no steal figure
        }
    }

    private void addEveryLighttpd() {
        try (var entries = Files.list(Path.of("/proc"))) {
            entries.map(e -> e.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .filter(n -> !pids.contains(Integer.parseInt(n)))
                    .filter(n -> {
                        try {
                            return Files.readString(Path.of("/proc", n, "comm")).trim().equals("lighttpd");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(n -> pids.add(Integer.parseInt(n)));
        } catch (IOException | java.io.UncheckedIOException e) {
            // a process vanished while listed: the next round sees the rest
        }
    }

    /** Per lighttpd PID: CPU time and runnable-waiting time within [fromMillis, toMillis] (epoch). */
    String between(long fromMillis, long toMillis) {
        StringBuilder out = new StringBuilder();
        synchronized (samples) {
            List<Integer> keys = new ArrayList<>(pids);
            keys.add(CLIENT);
            keys.add(STEAL);
            for (int pid : keys) {
                long[] first = null;
                long[] last = null;
                for (long[] s : samples) {
                    if (s[1] != pid) {
                        continue;
                    }
                    if (s[0] <= fromMillis * 1_000_000L) {
                        first = s;
                    }
                    if (s[0] >= toMillis * 1_000_000L && last == null) {
                        last = s;
                    }
                }
                if (first != null && last != null && pid == STEAL) {
                    out.append(String.format(" stolen by the hypervisor: %d ms of CPU (over %d ms);",
                            (last[2] - first[2]) / 1_000_000, (last[0] - first[0]) / 1_000_000));
                } else if (first != null && last != null) {
                    out.append(String.format(" %s: on CPU %d ms, runnable waiting %d ms (over %d ms);",
                            pid == CLIENT ? "client workers" : "PID " + pid,
                            (last[2] - first[2]) / 1_000_000, (last[3] - first[3]) / 1_000_000,
                            (last[0] - first[0]) / 1_000_000));
                }
            }
        }
        return out.toString();
    }
}
