package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams handed to the application (CONNECT_ONLY WebSocket over HTTP/2) read the socket they
 * share: the application reads every one of them when the socket is readable, so once a read
 * found the socket empty, the other streams' next read passes without reading it (one failed
 * read for the connection, not one per stream), and a stream's read after that reads again.
 * Nothing is lost: what came since is read by the next read of any stream. The connection's
 * filter counts its reads; nothing here touches the network.
 */
class Http2TunnelReadTest {
    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
    private final SocketChannel channel;
    private final Wire wire = new Wire();
    private final Http2Session session;

    Http2TunnelReadTest() throws IOException {
        channel = SocketChannel.open();
        Connection conn = new Connection(1, "k", "example.test", 80, channel, engine.openSocket(channel, null));
        conn.filter = wire;
        session = new Http2Session(conn, new ConnectionCache(), Clock.SYSTEM, 100, false,
                new WriteBatch(() -> false));
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    /** A filter that hands out the chunks queued on it, one a read, 0 when none is left; counts the reads. */
    static final class Wire implements ConnectionFilter {
        final ArrayDeque<byte[]> in = new ArrayDeque<>();
        int reads;

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            byte[] b = in.poll();
            if (b == null) {
                return 0;
            }
            dst.put(b);
            return b.length;
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

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A stream opened as a WebSocket's CONNECT and handed to the application. */
    private Http2Tunnel handedOver(String path) {
        Http2Stream s = session.open(new Http2ConnectProtocolTest.Waiter(() -> { }), List.of(
                new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
                new HeaderField(":authority", "example.test"), new HeaderField(":path", path)), false);
        Http2Tunnel t = new Http2Tunnel(session, s, ByteBuffer.allocate(64 * 1024));
        t.handOver();
        return t;
    }

    private static String read(Http2Tunnel t) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(1024);
        int n = t.read(dst);
        return n <= 0 ? String.valueOf(n) : new String(dst.array(), 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void afterOneStreamFoundTheSocketEmptyTheOthersPassOnceThenRead() throws IOException {
        Http2Tunnel a = handedOver("/a"); // stream 1
        Http2Tunnel b = handedOver("/b"); // stream 3
        Http2Tunnel c = handedOver("/c"); // stream 5
        byte[] ok = {(byte) 0x88}; // :status 200, HPACK's static table
        wire.in.add(concat(frame(4, 0, 0, new byte[0]), frame(1, 4, 1, ok), frame(1, 4, 3, ok), frame(1, 4, 5, ok)));
        assertEquals("0", read(a));
        assertEquals(2, wire.reads, "the frames, then the socket found empty");
        for (Http2Tunnel t : List.of(b, c)) {
            assertEquals("0", read(t));
        }
        assertEquals(2, wire.reads, "b and c pass: a's read just found the socket empty");

        // the application waited on the socket: DATA for b came; a reads first and queues it on b
        wire.in.add(frame(0, 0, 3, "hi".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("0", read(a));
        assertEquals(4, wire.reads, "a read the DATA, then found the socket empty");
        assertEquals("hi", read(b), "queued on b by a's read");
        assertEquals("0", read(c));
        assertEquals(4, wire.reads, "c passes");

        // DATA for c came after c passed: c's next read reads it (nothing is lost)
        wire.in.add(frame(0, 0, 5, "late".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("late", read(c));
        assertEquals(6, wire.reads);
        // a stream that read the last empty socket itself reads again
        assertEquals("0", read(c));
        assertEquals(7, wire.reads);
        // the engine saw the socket readable: every stream reads
        session.readable();
        assertEquals("0", read(b));
        assertEquals(8, wire.reads);
    }
}
