package org.lighttpdctl.testing;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/** What a client saw for one request. */
public enum Outcome {
    /** A complete 200 response. */
    OK,
    /** The connection was refused (nothing listening: ECONNREFUSED). */
    REFUSED,
    /** The connection was reset, the write hit a broken pipe, or it closed before a full response head. */
    RESET,
    /** The body was shorter than its Content-Length (or did not match the expected content). */
    TRUNCATED,
    /** Connect or a read exceeded the socket timeout. */
    TIMEOUT,
    /** A complete response whose status was not 200. */
    HTTP_ERROR;

    /**
     * Classifies an I/O failure.
     *
     * @param headComplete whether the response head had been read when it failed: an end of stream
     *     after that is a truncated body, before it a reset
     */
    public static Outcome of(IOException failure, boolean headComplete) {
        if (failure instanceof ConnectException) {
            return REFUSED;
        }
        if (failure instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof EOFException) {
            return headComplete ? TRUNCATED : RESET;
        }
        return RESET;
    }
}
