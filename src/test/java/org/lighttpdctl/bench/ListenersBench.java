package org.lighttpdctl.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lighttpdctl.os.ListeningSockets;

/**
 * The CPU of listing the listeners (issue 15, item 4): {@code ListeningSockets.all()} called N times (default 200)
 * after 20 warm-up calls (the first one, which loads the classes and binds the native calls, timed
 * alone), as user+sys of this process from /proc/self/stat (clock ticks, 10 ms each) and the CPU
 * of this thread (user+sys, CLOCK_THREAD_CPUTIME_ID, ns). Uses only the public API, so the same file compiles
 * against an older build to compare.
 * Run: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.lighttpdctl.bench.ListenersBench [N]
 */
public final class ListenersBench {
    private ListenersBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ListeningSockets sockets = new ListeningSockets(org.lighttpdctl.os.Syscalls.system());
        long coldStart = System.nanoTime();
        int found = sockets.all().size();
        System.out.printf("first call (classes, native binding): %.1f ms%n", (System.nanoTime() - coldStart) / 1e6);
        for (int i = 1; i < 20; i++) {
            found = sockets.all().size();
        }
        var threads = ManagementFactory.getThreadMXBean();
        long[] before = ticks();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < n; i++) {
            found = sockets.all().size();
        }
        long wall = System.nanoTime() - wallBefore;
        long thread = threads.getCurrentThreadCpuTime() - threadBefore;
        long[] after = ticks();
        System.out.printf("%d calls, %d listeners: process user+sys %d ms (user %d, sys %d); thread CPU %.1f ms;"
                        + " wall %.1f ms (%.3f ms a call)%n", n, found, (after[0] + after[1] - before[0] - before[1])
                        * 10, (after[0] - before[0]) * 10, (after[1] - before[1]) * 10, thread / 1e6, wall / 1e6,
                wall / 1e6 / n);
    }

    /** utime and stime (fields 14 and 15) of /proc/self/stat, after the command name in parentheses. */
    private static long[] ticks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
