package org.lighttpdctl.os;

/** Thread.sleep for polling loops: an interrupt ends the wait early and is kept for the caller to see. */
public final class Sleep {
    private Sleep() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
