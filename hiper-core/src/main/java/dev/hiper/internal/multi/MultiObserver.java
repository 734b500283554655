package dev.hiper.internal.multi;

import dev.hiper.curl.CurlSocket;

/**
 * Sees what crosses the line between a multi and the application's event loop, for
 * {@link dev.hiper.loop.LoopAudit}. Each method is called on the thread that made the call into
 * the multi, before the multi acts; none may call back into the multi.
 */
public interface MultiObserver {
    /** Every API call but {@code wakeup} and {@code pause}, before it is checked. */
    void apiCall(ApiCall call);

    /** A {@code socketAction} that passed the checks; {@code s} null means {@code CURL_SOCKET_TIMEOUT}. */
    void socketAction(CurlSocket s, int events);

    /** The socket callback is about to be told {@code what} for {@code s}. */
    void socketCallback(CurlSocket s, int what);

    /** The timer callback is about to be told {@code timeoutMs}. */
    void timerCallback(long timeoutMs);
}
