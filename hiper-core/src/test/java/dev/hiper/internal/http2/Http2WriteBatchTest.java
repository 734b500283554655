package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the streams of one connection queue inside an engine call leaves in one write at the
 * call's end ({@link WriteBatch}); outside a call each flush writes at once; a write that the
 * socket takes only in part makes the session ask for writability and wakes its streams. The
 * connection's filter is a recording one: nothing here touches the network.
 */
class Http2WriteBatchTest {
    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
    private final SocketChannel channel;
    private final Wire wire = new Wire();
    private boolean inCall;
    private final WriteBatch batch = new WriteBatch(() -> inCall);
    private final Http2Session session;

    Http2WriteBatchTest() throws IOException {
        channel = SocketChannel.open();
        Connection conn = new Connection(1, "k", "example.test", 80, channel, engine.openSocket(channel, null));
        conn.filter = wire;
        session = new Http2Session(conn, new ConnectionCache(), Clock.SYSTEM, 100, false, batch);
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    /** A filter that records each write call and takes at most {@code room} bytes in all. */
    static final class Wire implements ConnectionFilter {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long room = Long.MAX_VALUE;

        @Override
        public int read(ByteBuffer dst) {
            return 0;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = (int) Math.min(src.remaining(), room);
            if (n == 0) {
                return 0;
            }
            byte[] b = new byte[n];
            src.get(b);
            bytes.writeBytes(b);
            room -= n;
            writes.add(n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** A stream's transfer: counts how often the session asks for it to run again. */
    static final class Stream {
        int woken;
        final ExchangeCodec.Listener listener = new Http2ConnectProtocolTest.Waiter(() -> woken++);
    }

    private static List<HeaderField> get(String path) {
        return List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
                new HeaderField(":authority", "example.test"), new HeaderField(":path", path));
    }

    @Test
    void whatStreamsQueueInOneCallLeavesInOneWriteAtItsEnd() throws IOException {
        inCall = true;
        for (int i = 0; i < 5; i++) {
            Stream s = new Stream();
            session.open(s.listener, get("/" + i), true);
            session.flushSoon(s.listener);
        }
        assertEquals(List.of(), wire.writes, "nothing is written before the call ends");
        assertEquals(1, batch.size(), "the session waits once, whatever its streams queued");
        assertFalse(session.hasOutput(), "frames waiting for the call's end need no writability");
        inCall = false;
        batch.flush();
        assertEquals(1, wire.writes.size(), "one write: " + wire.writes);
        assertEquals(0, batch.size());
        byte[] sent = wire.bytes.toByteArray();
        assertEquals("PRI * HTTP/2.0", new String(sent, 0, 14, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(5, headersFrames(sent), "the five requests' HEADERS");
    }

    @Test
    void outsideACallEachFlushWritesAtOnce() throws IOException {
        for (int i = 0; i < 3; i++) {
            Stream s = new Stream();
            session.open(s.listener, get("/" + i), true);
            session.flushSoon(s.listener);
            assertEquals(i + 1, wire.writes.size(), "written by flush " + i);
        }
        assertEquals(0, batch.size());
    }

    @Test
    void aWriteTheSocketTakesInPartAsksForWritabilityAndWakesTheStreams() throws IOException {
        inCall = true;
        Stream a = new Stream();
        Stream b = new Stream();
        session.open(a.listener, get("/a"), true);
        session.open(b.listener, get("/b"), true);
        session.flushSoon(a.listener);
        wire.room = 30; // the preface and part of the SETTINGS
        batch.flush();
        assertTrue(session.hasOutput(), "the rest waits for the socket");
        assertEquals(1, a.woken, "stream a runs again to ask for writability");
        assertEquals(1, b.woken, "stream b too");
        // a blocked session writes at once, inside a call too: the socket said writable
        wire.room = Long.MAX_VALUE;
        session.flushSoon(a.listener);
        assertFalse(session.hasOutput());
        assertEquals(0, batch.size());
        assertEquals(2, headersFrames(wire.bytes.toByteArray()));
    }

    /** Counts the HEADERS frames after the 24-byte client preface. */
    private static int headersFrames(byte[] b) {
        int n = 0;
        for (int p = 24; p + 9 <= b.length;) {
            int len = (b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | b[p + 2] & 0xff;
            if (b[p + 3] == Http2Frames.TYPE_HEADERS) {
                n++;
            }
            p += 9 + len;
        }
        return n;
    }
}
