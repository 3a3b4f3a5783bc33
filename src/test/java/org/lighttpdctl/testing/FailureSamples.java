package org.lighttpdctl.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first few failure descriptions of each kind, seen by concurrent threads. Bounded per kind, so a
 * flood of one kind (thousands of refusals) neither costs memory nor hides a rarer kind.
 */
final class FailureSamples {
    private final int perKind;
    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

    FailureSamples(int perKind) {
        this.perKind = perKind;
    }

    /**
     * @param kind e.g. "REFUSED" or "download TRUNCATED"; the sample reads "kind: detail"
     */
    void add(String kind, String detail) {
        if (taken.computeIfAbsent(kind, k -> new AtomicInteger()).getAndIncrement() < perKind) {
            samples.add(kind + ": " + detail);
        }
    }

    List<String> list() {
        return List.copyOf(samples);
    }
}
