package dev.hiper.internal.http2;

import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterCaller;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The frames an {@link Http2Session} queued for its connection and how they leave: written at
 * once, or, inside an engine call, left for the call's end with what the connection's other
 * streams queue ({@link WriteBatch}), so that they go in one write; a write the socket takes in
 * part leaves the output blocked until the socket is writable. So does a write a layer of the
 * connection took whole but could not pass on whole: TLS encrypts all it is given and keeps the
 * end of the last record when the socket is full ({@code ConnectionFilter.holdsOutput}). Nothing
 * else pushes those bytes out: the peer, waiting for them (the end of a request body), sends
 * nothing that would make the connection read.
 *
 * <p>One per session: 1. its {@link Http2FrameWriter} writes frames into {@link #buffer}; 2.
 * {@link #flushSoon} or {@link #flush} write them; 3. {@link #takeBatched} when the call ends.
 */
final class Http2Output {
    private final OctetBuffer out = new OctetBuffer(4096);
    private final Connection conn;
    /** Where queued frames wait for the end of the engine's call. */
    private final WriteBatch batch;
    private ByteBuffer sending;
    /**
     * The last write took less than was queued, or a layer below holds part of what it took: the
     * rest goes when the socket is writable.
     */
    private boolean blocked;
    /** In {@link #batch}'s list, with the transfer its write acts for. */
    private boolean batched;
    private FilterCaller batchCaller;

    Http2Output(Connection conn, WriteBatch batch) {
        this.conn = conn;
        this.batch = batch;
    }

    /** Where the session's writer puts frames. */
    OctetBuffer buffer() {
        return out;
    }

    /** How many bytes of frames wait to be written. */
    long pending() {
        return out.length() + (sending == null ? 0 : sending.remaining());
    }

    /** Whether a write took less than was queued, or a layer below still holds part of it. */
    boolean blocked() {
        return blocked;
    }

    /** Writes what is queued; false when the connection takes no more now. */
    boolean flush(FilterCaller caller) throws IOException {
        boolean wrote = false;
        for (;;) {
            if (sending == null || !sending.hasRemaining()) {
                if (out.length() == 0) {
                    sending = null;
                    // a layer below may hold the end of what went (or of an earlier write)
                    blocked = wrote ? conn.filter.holdsOutput() : !conn.filter.flushHeld(caller);
                    return !blocked;
                }
                sending = ByteBuffer.wrap(out.take());
            }
            if (conn.filter.write(caller, sending) == 0) {
                blocked = true;
                return false;
            }
            wrote = true;
        }
    }

    /**
     * Writes what is queued, or, inside an engine call, adds {@code session} to the batch
     * written at the call's end; at once when a blocked write waits for the socket, or outside a
     * call.
     */
    void flushSoon(FilterCaller caller, Http2Session session) throws IOException {
        if (pending() == 0 && !blocked) {
            return;
        }
        if (blocked || !batch.deferring()) {
            flush(caller);
            return;
        }
        batchCaller = caller;
        if (!batched) {
            batched = true;
            batch.add(session);
        }
    }

    /** The engine's call ends: out of the batch; the transfer the write acts for is returned. */
    FilterCaller takeBatched() {
        batched = false;
        FilterCaller caller = batchCaller;
        batchCaller = null;
        return caller;
    }
}
