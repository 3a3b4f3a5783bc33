package org.lighttpdctl.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@link InContainerLoad} run reported: the clients' counts and the action's exit status and output.
 *
 * @param counts the E2E-REPORT fields (requests, ok, refused, reset, truncated, timeouts, httpErrors,
 *     downloadsOk, downloadsFailed, maxLatencyMs, failureSpanMs, actionExit, actionMs)
 * @param output everything the run printed (the action's output as "action| " lines, the summary)
 */
record LoadRun(Map<String, Long> counts, String output) {
    private static final Pattern DURING = Pattern.compile("^E2E-ACTION .* during the action: (\\d+)",
            Pattern.MULTILINE);
    private static final Pattern OVER_SPAN = Pattern.compile("^E2E-SPAN \\d+ ms from the action's start: worst "
            + "wait \\(ms\\) (\\d+)", Pattern.MULTILINE);

    static LoadRun parse(String fields, String output) {
        Map<String, Long> counts = new HashMap<>();
        for (String field : fields.trim().split("\\s+")) {
            int eq = field.indexOf('=');
            counts.put(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)));
        }
        return new LoadRun(Map.copyOf(counts), output);
    }

    long get(String name) {
        Long value = counts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " in " + counts);
        }
        return value;
    }

    /** @return every client failure: refused + reset + truncated + timeouts + HTTP errors + failed downloads */
    long failures() {
        return get("refused") + get("reset") + get("truncated") + get("timeouts") + get("httpErrors")
                + get("downloadsFailed");
    }

    /** @return a one-line summary for messages and the log */
    String summary() {
        return String.format("requests=%d ok=%d refused=%d reset=%d truncated=%d timeouts=%d httpErrors=%d "
                        + "downloads ok=%d failed=%d maxLatency=%dms failureSpan=%dms action exit=%d in %dms",
                get("requests"), get("ok"), get("refused"), get("reset"), get("truncated"), get("timeouts"),
                get("httpErrors"), get("downloadsOk"), get("downloadsFailed"), get("maxLatencyMs"),
                get("failureSpanMs"), get("actionExit"), get("actionMs"));
    }

    /** @return the worst wait (ms) of a request begun during the action (the E2E-ACTION line) */
    long worstDuringMs() {
        return figure(DURING, "E2E-ACTION");
    }

    /** @return the worst wait (ms) of a request begun within the measured span from the action's start (E2E-SPAN) */
    long worstOverSpanMs() {
        return figure(OVER_SPAN, "E2E-SPAN");
    }

    private long figure(Pattern line, String name) {
        Matcher m = line.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no " + name + " line in the run's output:\n" + output);
        }
        return Long.parseLong(m.group(1));
    }
}
