package dev.hiper.internal.conn;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One layer of a connection: the socket at the bottom, TLS or a proxy tunnel above it. A filter
 * knows only the filter below it; callers ask the chain questions ({@link #isSecure()},
 * {@link #hasBufferedInput()}) instead of testing types (STYLE habit 3).
 */
public interface ConnectionFilter {
    /** Reads into {@code dst}: bytes read, 0 when nothing is ready, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}: bytes taken, 0 when the socket buffer is full. */
    int write(ByteBuffer src) throws IOException;

    /**
     * Whether data is already held inside the chain, so that a read would return bytes without
     * the socket becoming readable again (contract rule 16).
     */
    default boolean hasBufferedInput() {
        return false;
    }

    /**
     * The socket-level interest that serves what the transfer wants: a TLS layer in a handshake
     * may need to read while the transfer wants to write. Bits are {@code CURL_POLL_IN/OUT}.
     */
    default int socketInterest(int wanted) {
        return wanted;
    }

    /** Whether anything in the chain encrypts. */
    default boolean isSecure() {
        return false;
    }

    /** Releases the layer and the layers below it. Never throws. */
    void close();
}
