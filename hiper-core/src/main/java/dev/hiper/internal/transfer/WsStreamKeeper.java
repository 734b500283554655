package dev.hiper.internal.transfer;

import dev.hiper.internal.http2.Http2Tunnel;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;

/**
 * The place among an HTTP/2 connection's users that a WebSocket stream handed to the
 * application (CONNECT_ONLY, RFC 8441) keeps after its transfer ended: the stream still counts
 * against the connection's concurrent streams, and the connection is neither parked nor closed
 * while the application holds it. It hears nothing of the socket: the application's
 * {@code wsRecv} and {@code wsSend} read and write the stream when it calls them.
 *
 * <p>Made when the transfer hands the stream over; gone when the handle's next transfer or its
 * cleanup lets go of the stream (or a call found it broken).
 */
final class WsStreamKeeper implements SocketUser {
    /** The stream the application took. */
    final Http2Tunnel tunnel;

    WsStreamKeeper(Http2Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void onSocketReady(SocketEntry entry, int events) {
        // the application reads when it calls wsRecv; nothing is run for it here
    }
}
