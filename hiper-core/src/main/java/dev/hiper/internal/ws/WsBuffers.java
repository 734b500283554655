package dev.hiper.internal.ws;

import java.nio.ByteBuffer;

/**
 * A WebSocket session's receive and send buffers, which an idle session does not hold.
 *
 * <p>{@code curl_ws_recv} and {@code curl_ws_send} borrow the buffers of the thread they run on
 * for the call ({@link #readyToRead}, {@link #room} while {@link #inCall}); when the call ends
 * ({@link #settleIn}, {@link #settleOut}) the session keeps only the bytes left over (part of the
 * next frame, what the socket did not take) in a buffer of their size, and nothing once they are
 * gone. Thousands of mostly idle sessions then hold no receive or send buffer: before, each kept
 * 16 KiB to read into and, once it had sent, 64 KiB to send from.
 *
 * <p>Inside a running transfer (the callbacks' mode) the send buffer is the session's own and
 * grows to take everything given; it is let go once empty. The read callback's bytes go through
 * a third buffer of the thread's ({@link #lendUpload}). A thread's buffers lent already (a
 * call made inside another on the same thread) are not lent twice: the session then gets buffers
 * of its own for the call.
 */
final class WsBuffers {
    /** The send buffer's size while the application owns the loop. */
    static final int SEND_BUFFER = 64 * 1024;
    /** The receive buffer of a CONNECT_ONLY session. */
    static final int RECV_BUFFER = 16 * 1024;

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** A thread's buffers, lent to one session at a time. */
    private static final class Scratch {
        final ByteBuffer in = ByteBuffer.allocate(RECV_BUFFER);
        final ByteBuffer out = ByteBuffer.allocate(SEND_BUFFER);
        /** For a read callback's bytes in the callbacks' mode; made on first use. */
        ByteBuffer upload;
        boolean inLent;
        boolean outLent;
        boolean uploadLent;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Bytes read but not yet decoded (CONNECT_ONLY: read past a frame, or left after the 101); may be null. */
    ByteBuffer in;
    /** Bytes on their way out, position..limit. */
    ByteBuffer out = NOTHING;
    /** Inside {@code recv} or {@code send}, whose end gives back what was lent. */
    boolean inCall;
    /** The thread's buffers held during the call, or null. */
    private Scratch inLent;
    private Scratch outLent;

    /** {@link #in} is empty or missing: makes it a whole receive buffer, the thread's when free. */
    void readyToRead() {
        if (inLent != null) {
            return;
        }
        Scratch s = SCRATCH.get();
        if (!s.inLent) {
            s.inLent = true;
            inLent = s;
            in = s.in;
        } else if (in == null || in.capacity() < RECV_BUFFER) {
            in = ByteBuffer.allocate(RECV_BUFFER);
        }
    }

    /**
     * Makes room for {@code n} more bytes in the send buffer (left in write mode): grown to fit
     * when {@code grow} (inside a transfer), else at most {@link #SEND_BUFFER}.
     */
    void room(int n, boolean grow) {
        if (out.capacity() == 0) {
            Scratch s = inCall && n <= SEND_BUFFER ? SCRATCH.get() : null;
            if (s != null && !s.outLent) {
                s.outLent = true;
                outLent = s;
                out = s.out.clear();
                return;
            }
            out = ByteBuffer.allocate(grow ? Math.max(n, 256) : Math.max(n, SEND_BUFFER));
            return;
        }
        out.compact();
        if (grow && out.remaining() < n || !grow && out.capacity() < SEND_BUFFER) {
            int size = Math.max(out.capacity() * 2, out.position() + n);
            ByteBuffer bigger = ByteBuffer.allocate(grow ? size : Math.max(size, SEND_BUFFER));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    /** The send buffer is empty: one that a burst inside a callback grew past the usual size goes. */
    void dropBurst() {
        if (out.capacity() > SEND_BUFFER && outLent == null) {
            out = NOTHING;
        }
    }

    /** The call ends: the receive buffer goes back, what it still held kept in one of its size. */
    void settleIn() {
        Scratch s = inLent;
        if (s == null) {
            return;
        }
        inLent = null;
        s.inLent = false;
        in = in.hasRemaining() ? copy(in) : null;
    }

    /** The call ends: the send buffer goes back, what the socket did not take kept in one of its size. */
    void settleOut() {
        Scratch s = outLent;
        if (s != null) {
            outLent = null;
            s.outLent = false;
            out = out.hasRemaining() ? copy(out) : NOTHING;
        } else if (!out.hasRemaining()) {
            out = NOTHING; // one of its own (a PONG, what a full socket left earlier): all sent
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer own = ByteBuffer.allocate(b.remaining());
        own.put(b).flip();
        return own;
    }

    /**
     * A buffer for what the read callback gives in the callbacks' mode ({@link WsCodec}): the
     * thread's for the call, given back with {@link #giveBackUpload}; a new one when it is lent.
     */
    static ByteBuffer lendUpload() {
        Scratch s = SCRATCH.get();
        if (s.uploadLent) {
            return ByteBuffer.allocate(RECV_BUFFER);
        }
        if (s.upload == null) {
            s.upload = ByteBuffer.allocate(RECV_BUFFER);
        }
        s.uploadLent = true;
        return s.upload.clear();
    }

    static void giveBackUpload(ByteBuffer b) {
        Scratch s = SCRATCH.get();
        if (b == s.upload) {
            s.uploadLent = false;
        }
    }

    /** The bytes of buffer held between calls (for tests). */
    int held() {
        return (in == null ? 0 : in.capacity()) + out.capacity();
    }
}
