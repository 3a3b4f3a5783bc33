package org.lighttpdctl.bench;

import org.lighttpdctl.testing.LoadReport;

/**
 * One method's result in one run: either measured (quiet and restart windows), unavailable, or an
 * error. Never a made-up figure: without a measurement the row carries only its note.
 *
 * @param quiet the quiet window, or null
 * @param restart the window with the restart in its middle, or null
 * @param action what the restart command returned, or null
 * @param servingAfter whether the port answered a GET after the restart window
 * @param note "n/a (...)" or "error: ...", or null for a measured row
 */
record RestartRow(String method, int run, LoadReport quiet, LoadReport restart, Shell.Result action,
                  boolean servingAfter, String note) {

    static RestartRow measured(String method, int run, LoadReport quiet, LoadReport restart,
                               Shell.Result action, boolean servingAfter) {
        return new RestartRow(method, run, quiet, restart, action, servingAfter, null);
    }

    static RestartRow unavailable(String method, int run, String reason) {
        return new RestartRow(method, run, null, null, null, false, "n/a (" + reason + ")");
    }

    static RestartRow error(String method, int run, String problem) {
        return new RestartRow(method, run, null, null, null, false, "error: " + problem);
    }

    boolean isMeasured() {
        return note == null;
    }

    /** @return max latency of the restart window over that of the quiet window */
    double latencyRatio() {
        long quietNanos = quiet.maxLatency().toNanos();
        return quietNanos == 0 ? Double.NaN : (double) restart.maxLatency().toNanos() / quietNanos;
    }

    /** @return a progress line with the full reports */
    String summary() {
        if (!isMeasured()) {
            return method + " run " + run + ": " + note;
        }
        return method + " run " + run + ": action exit " + action.exitCode() + " in " + action.took().toMillis()
                + " ms [" + action.outputLine(200) + "], serving after: " + servingAfter
                + "\n  quiet:   " + quiet + "\n  restart: " + restart;
    }
}
