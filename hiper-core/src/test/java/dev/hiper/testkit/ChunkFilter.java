package dev.hiper.testkit;

import dev.hiper.internal.conn.ConnectionFilter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A connection filter for read-side tests, with no network: each read hands out the next queued
 * chunk whole (nothing once they are gone) and is counted; writes take every byte. When
 * {@link #tells}, it says after a read whether that read came back short, as the socket filter
 * does ({@link ConnectionFilter#inputDrained}).
 */
public final class ChunkFilter implements ConnectionFilter {
    public final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    public int reads;
    public boolean tells;
    private boolean shortRead;

    @Override
    public int read(ByteBuffer dst) {
        reads++;
        byte[] c = chunks.poll();
        if (c == null) {
            shortRead = true;
            return 0;
        }
        dst.put(c);
        shortRead = dst.hasRemaining();
        return c.length;
    }

    @Override
    public boolean inputDrained() {
        return tells && shortRead;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public void close() {
    }
}
