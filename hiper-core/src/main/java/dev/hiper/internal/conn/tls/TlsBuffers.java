package dev.hiper.internal.conn.tls;

import dev.hiper.internal.conn.ConnectionFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;

/**
 * A TLS connection's buffers: {@link #netIn} holds encrypted bytes read and not yet decrypted,
 * {@link #netOut} encrypted bytes not yet written (both in read mode: position to limit is the
 * content), {@link #appIn} decrypted bytes the caller had no room for (or null).
 *
 * <p>A busy connection keeps buffers of its own: two records' room to read into, one record's to
 * write from. A connection that the application holds mostly idle (a WebSocket session a
 * {@code CURLOPT_CONNECT_ONLY} transfer handed over) is made {@link #lean}: between calls it keeps
 * only the bytes left over, in a buffer of their size, and nothing once they are gone; for the
 * length of a read or write ({@link #borrow} .. {@link #giveBack}) it works in the buffers of the
 * thread it runs on, which one connection at a time may borrow. Thousands of idle sessions over
 * TLS then hold no buffers (before, about 67 KiB each).
 */
final class TlsBuffers {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** A thread's buffers, lent to one lean connection at a time. */
    private static final class Scratch {
        ByteBuffer in = NOTHING;
        ByteBuffer out = NOTHING;
        ByteBuffer app = NOTHING;
        boolean lent;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final SSLEngine engine;
    private final ConnectionFilter next;
    ByteBuffer netIn;
    ByteBuffer netOut;
    ByteBuffer appIn;
    private boolean lean;
    /** The thread's buffers while this connection works in them, else null. */
    private Scratch lent;

    TlsBuffers(SSLEngine engine, ConnectionFilter next) {
        this.engine = engine;
        this.next = next;
        int packet = engine.getSession().getPacketBufferSize();
        // room for two records per socket read; grown if the peer's records are larger
        netIn = ByteBuffer.allocate(2 * packet).flip();
        netOut = ByteBuffer.allocate(packet).flip();
    }

    /** Whether decrypted bytes wait in appIn. */
    boolean hasAppIn() {
        return appIn != null && appIn.hasRemaining();
    }

    /** From now on the connection keeps no buffers between calls. */
    void lean() {
        lean = true;
        keepLeftovers();
    }

    /**
     * At the start of a read or write of a lean connection: works in the thread's buffers, what was
     * left over copied in. Nothing when the connection is not lean, already borrows, or the thread's
     * buffers are lent to another connection (a call inside another: the connection's own buffers
     * then grow as needed).
     */
    void borrow() {
        if (!lean || lent != null) {
            return;
        }
        Scratch s = SCRATCH.get();
        if (s.lent) {
            return;
        }
        int packet = engine.getSession().getPacketBufferSize();
        if (s.in.capacity() < 2 * packet || s.in.capacity() < netIn.remaining()) {
            s.in = ByteBuffer.allocate(Math.max(2 * packet, netIn.remaining()));
        }
        if (s.out.capacity() < packet || s.out.capacity() < netOut.remaining()) {
            s.out = ByteBuffer.allocate(Math.max(packet, netOut.remaining()));
        }
        int app = engine.getSession().getApplicationBufferSize();
        int appLeft = appIn == null ? 0 : appIn.remaining();
        if (s.app.capacity() < app + appLeft) {
            s.app = ByteBuffer.allocate(app + appLeft);
        }
        netIn = s.in.clear().put(netIn).flip();
        netOut = s.out.clear().put(netOut).flip();
        appIn = appLeft == 0 ? null : s.app.clear().put(appIn).flip();
        s.lent = true;
        lent = s;
    }

    /** At the end of a read or write: a lean connection gives the thread's buffers back, keeping what is left over. */
    void giveBack() {
        if (lent == null) {
            if (lean) {
                keepLeftovers(); // its own buffers (a nested call): let go of the empty ones
            }
            return;
        }
        Scratch s = lent;
        lent = null;
        s.lent = false;
        keepLeftovers();
    }

    /** Each buffer's content in a buffer of its own of that size, or none when it is empty. */
    private void keepLeftovers() {
        netIn = own(netIn);
        netOut = own(netOut);
        if (appIn != null) {
            appIn = appIn.hasRemaining() ? own(appIn) : null;
        }
    }

    private static ByteBuffer own(ByteBuffer b) {
        if (!b.hasRemaining()) {
            return NOTHING;
        }
        return ByteBuffer.allocate(b.remaining()).put(b).flip();
    }

    /** Encrypts from src into the (empty) netOut, making it larger if a record does not fit. */
    SSLEngineResult wrap(ByteBuffer src) throws javax.net.ssl.SSLException {
        for (;;) {
            netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getStatus() != Status.BUFFER_OVERFLOW || netOut.hasRemaining()) {
                return r;
            }
            netOut = ByteBuffer.allocate(Math.max(2 * netOut.capacity(), engine.getSession().getPacketBufferSize()))
                    .flip();
        }
    }

    /** Decrypts one record into appIn (appended), making appIn larger if needed. */
    SSLEngineResult unwrapToAppIn() throws javax.net.ssl.SSLException {
        int size = engine.getSession().getApplicationBufferSize();
        if (appIn == null) {
            appIn = lent != null && lent.app.capacity() >= size ? lent.app.clear().flip()
                    : ByteBuffer.allocate(size).flip();
        }
        for (;;) {
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            if (r.getStatus() != Status.BUFFER_OVERFLOW) {
                return r;
            }
            ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining() + size);
            bigger.put(appIn).flip();
            appIn = bigger;
        }
    }

    /** Reads from the socket into netIn: bytes read, 0 when none are ready, -1 at end of stream. */
    int fill() throws IOException {
        if (netIn.remaining() == netIn.capacity()) {
            // a record larger than the buffer (or a lean connection's leftover, outside a borrow)
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * netIn.capacity(),
                    engine.getSession().getPacketBufferSize()));
            bigger.put(netIn).flip();
            netIn = bigger;
        }
        netIn.compact();
        try {
            return next.read(netIn);
        } finally {
            netIn.flip();
        }
    }

    /** Moves what appIn holds, as much as fits, into dst. */
    int drain(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        return n;
    }
}
