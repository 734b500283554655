package dev.hiper.internal.http2;

import dev.hiper.internal.http.ExchangeCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a connection's peer said about extended CONNECT (RFC 8441 section 3): whether its first
 * SETTINGS arrived, and whether they (or later ones) carry {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}
 * = 1. A request with {@code :protocol} (a WebSocket) may go only once the settings are known and
 * allow it; the exchanges that wait for the settings are woken when they come.
 *
 * <p>One per {@link Http2Session}: 1. exchanges {@link #await} while nothing is known; 2. every
 * SETTINGS frame goes through {@link #settings}, which wakes them the first time; 3. a value that
 * goes from 1 back to 0 is a connection error.
 */
final class Http2ConnectProtocol {
    private boolean seen;
    private boolean allowed;
    private final List<ExchangeCodec.Listener> waiters = new ArrayList<>(0);

    /** Whether the peer's first SETTINGS arrived. */
    boolean seen() {
        return seen;
    }

    /** Whether the peer's SETTINGS_ENABLE_CONNECT_PROTOCOL is 1. */
    boolean allowed() {
        return allowed;
    }

    /** {@code l} is woken when the peer's first SETTINGS arrive (unless it stops waiting first). */
    void await(ExchangeCodec.Listener l) {
        if (!waiters.contains(l)) {
            waiters.add(l);
        }
    }

    void stopWaiting(ExchangeCodec.Listener l) {
        waiters.remove(l);
    }

    /** A SETTINGS frame of the peer. Returns the connection error it makes, or null. */
    Http2Exception settings(Http2Settings s) {
        if (s.has(Http2Settings.ENABLE_CONNECT_PROTOCOL)) {
            boolean on = s.get(Http2Settings.ENABLE_CONNECT_PROTOCOL, 0) == 1;
            if (allowed && !on) {
                // section 3: a sender must not take back a 1 it sent
                return Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
                        "SETTINGS_ENABLE_CONNECT_PROTOCOL went from 1 to 0");
            }
            allowed = on;
        }
        if (!seen) {
            seen = true;
            for (ExchangeCodec.Listener l : waiters) {
                l.runSoon(); // an extended CONNECT held for the settings may go now
            }
            waiters.clear();
        }
        return null;
    }
}
