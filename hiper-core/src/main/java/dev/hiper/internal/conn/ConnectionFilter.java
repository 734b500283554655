package dev.hiper.internal.conn;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One layer of a connection: the socket at the bottom, TLS or a proxy tunnel above it. A filter
 * knows only the filter below it; callers ask the chain questions ({@link #isSecure()},
 * {@link #hasBufferedInput()}) instead of testing types (STYLE habit 3).
 *
 * <p>The engine calls the forms that name the transfer a call acts for ({@link FilterCaller});
 * a filter keeps no pointer to a transfer. A layer with nothing to tell its caller implements
 * the plain forms, which the caller forms default to.
 */
public interface ConnectionFilter {
    /** Reads into {@code dst}: bytes read, 0 when nothing is ready, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}: bytes taken, 0 when the socket buffer is full. */
    int write(ByteBuffer src) throws IOException;

    /** {@link #read(ByteBuffer)} on behalf of {@code caller}. */
    default int read(FilterCaller caller, ByteBuffer dst) throws IOException {
        return read(dst);
    }

    /** {@link #write(ByteBuffer)} on behalf of {@code caller}. */
    default int write(FilterCaller caller, ByteBuffer src) throws IOException {
        return write(src);
    }

    /**
     * Whether data is already held inside the chain, so that a read would return bytes without
     * the socket becoming readable again (contract rule 16).
     */
    default boolean hasBufferedInput() {
        return false;
    }

    /**
     * Whether the read just made took everything the socket had: it asked the socket for more
     * room than came, so another read before the socket is reported readable again would find
     * nothing. Meaningful right after a read only; false when the chain cannot tell.
     */
    default boolean inputDrained() {
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

    /**
     * Moves the chain's own set-up on (a TLS handshake) without blocking: true once application
     * data can flow, false while it waits for the socket ({@link #socketInterest(int)} with 0
     * says for what). Throws {@link FilterException} with the code that names the failure.
     */
    default boolean connect() throws IOException {
        return true;
    }

    /**
     * Whether the set-up waits for work running off the engine thread (a TLS handshake's
     * delegated tasks): no readiness of the socket moves it; the engine's wake channel does,
     * once the work is done. The socket interest is 0 meanwhile.
     */
    default boolean awaitingWork() {
        return false;
    }

    /** {@link #connect()} on behalf of {@code caller}, which hears what the set-up has to say. */
    default boolean connect(FilterCaller caller) throws IOException {
        return connect();
    }

    /**
     * The connection will be mostly idle from now on (the application took it for a WebSocket):
     * keep no buffers between calls. A layer holding none does nothing.
     */
    default void leanBuffers() {
    }

    /**
     * Whether a layer of the chain took bytes the socket has not: TLS keeps the end of a record
     * when the socket is full. They go out only when something writes again
     * ({@link #flushHeld}); until then the bytes above them are not on the wire.
     */
    default boolean holdsOutput() {
        return (socketInterest(0) & dev.hiper.curl.Curl.CURL_POLL_OUT) != 0;
    }

    /** Writes what layers of the chain hold (an empty write moves them on); true when none is left. */
    default boolean flushHeld(FilterCaller caller) throws IOException {
        if (!holdsOutput()) {
            return true;
        }
        write(caller, ByteBuffer.allocate(0));
        return !holdsOutput();
    }

    /**
     * Says goodbye without blocking and without closing anything (a TLS close_notify): called
     * before the engine tells REMOVE and closes the channel. Best effort; never throws.
     */
    default void shutdown() {
    }

    /** The protocol agreed through ALPN ("http/1.1", "h2"), or null when none was. */
    default String alpn() {
        return null;
    }

    /** The peer verification result, as {@code CURLINFO_SSL_VERIFYRESULT} reports it (0 = ok). */
    default long sslVerifyResult() {
        return 0;
    }

    /** The TLS session of the top TLS layer once its handshake is done, or null ({@code CURLINFO_TLS_SSL_PTR}). */
    default javax.net.ssl.SSLSession sslSession() {
        return null;
    }

    /** Releases the layer and the layers below it. Never throws. */
    void close();
}
