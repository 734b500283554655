package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.Curl;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import dev.hiper.testkit.ChunkFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The socket of an HTTP/2 connection reported readable: the connection reads its session once
 * for all streams and only the transfers whose streams the frames concern run; every transfer on
 * it runs for what may concern them all (SETTINGS, the connection's end, a writable socket). A
 * read that takes less than its room is the readiness's last. The connection's filter serves
 * scripted bytes: nothing here touches the network.
 */
class Http2ReadinessTest {
    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
    private final SocketChannel channel;
    private final SocketEntry entry;
    private final Connection conn;
    private final ChunkFilter wire = new ChunkFilter();
    private final Http2Session session;
    private final List<Transfer> transfers = new ArrayList<>();

    Http2ReadinessTest() throws IOException {
        channel = SocketChannel.open();
        entry = engine.openSocket(channel, null);
        conn = new Connection(1, "k", "example.test", 80, channel, entry);
        wire.tells = true;
        conn.filter = wire;
        session = new Http2Session(conn, new ConnectionCache(), Clock.SYSTEM, 100, false,
                new WriteBatch(() -> false));
        for (int i = 0; i < 3; i++) {
            Transfer t = new Transfer();
            t.stream = session.open(t.listener, List.of(new HeaderField(":method", "GET"),
                    new HeaderField(":scheme", "http"), new HeaderField(":authority", "example.test"),
                    new HeaderField(":path", "/" + i)), true);
            conn.attach(t);
            transfers.add(t);
        }
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    /** An exchange on the connection: counts runs for readiness and the session's wake-ups. */
    static final class Transfer implements SocketUser, FilterCaller {
        int ranForReadiness;
        int woken;
        Http2Stream stream;
        final Http2ConnectProtocolTest.Waiter listener = new Http2ConnectProtocolTest.Waiter(() -> woken++);

        @Override
        public void onSocketReady(SocketEntry e, int events) {
            ranForReadiness++;
        }

        @Override
        public void trace(String text) {
        }
    }

    private static byte[] frames(java.util.function.Consumer<Http2FrameWriter> w) {
        OctetBuffer out = new OctetBuffer();
        w.accept(new Http2FrameWriter(out, new HpackEncoder(HpackEncoder.DEFAULT_TABLE_SIZE)));
        return out.take();
    }

    private static byte[] settings() {
        return frames(w -> w.settings(new Http2Settings()));
    }

    private static byte[] response(int streamId, String body) {
        return frames(w -> {
            w.headers(streamId, List.of(new HeaderField(":status", "200")), false);
            w.data(streamId, ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII)), true);
        });
    }

    private int[] ranForReadiness() {
        return transfers.stream().mapToInt(t -> t.ranForReadiness).toArray();
    }

    /** 1 for each transfer the session woke (once a frame), 0 for the others. */
    private int[] woken() {
        return transfers.stream().mapToInt(t -> t.woken > 0 ? 1 : 0).toArray();
    }

    @Test
    void aReadinessRunsOnlyTheTransfersWhoseStreamsTheFramesConcern() {
        wire.chunks.add(settings());
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        assertArrayEquals(new int[] {1, 1, 1}, ranForReadiness(),
                "SETTINGS may concern every exchange (one waiting to open its stream): all run");

        wire.chunks.add(response(3, "hello"));
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        assertArrayEquals(new int[] {1, 1, 1}, ranForReadiness(),
                "no transfer runs for the readiness itself");
        assertArrayEquals(new int[] {0, 1, 0}, woken(),
                "stream 3's transfer, and only it, is woken");
        assertTrue(transfers.get(1).stream.remoteClosed, "its response was read: " + transfers.get(1).stream.items);
        assertFalse(transfers.get(0).stream.remoteClosed);
    }

    @Test
    void aWritableSocketStillRunsEveryTransferOnIt() {
        wire.chunks.add(settings());
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        conn.onSocketReady(entry, Curl.CURL_CSELECT_OUT);
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN | Curl.CURL_CSELECT_OUT);
        assertArrayEquals(new int[] {3, 3, 3}, ranForReadiness(),
                "frames that wait for the socket may belong to any stream");
    }

    @Test
    void theConnectionsEndRunsEveryTransferOnIt() {
        wire.chunks.add(settings());
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        wire.chunks.add(frames(w -> w.goAway(1, Http2ErrorCode.NO_ERROR, new byte[0])));
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        assertArrayEquals(new int[] {2, 2, 2}, ranForReadiness(),
                "a GOAWAY concerns a transfer that has not opened its stream yet too");
        assertFalse(session.usable());
    }

    @Test
    void aReadThatTakesLessThanItsRoomIsTheLastOfTheReadiness() {
        wire.chunks.add(settings());
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        int before = wire.reads;
        wire.chunks.add(response(1, "a"));
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        assertEquals(1, wire.reads - before, "one read: it came back short, so the socket had no more");
        assertArrayEquals(new int[] {1, 0, 0}, woken());

        // a filter that cannot tell reads until a read finds nothing
        wire.tells = false;
        before = wire.reads;
        wire.chunks.add(response(5, "c"));
        conn.onSocketReady(entry, Curl.CURL_CSELECT_IN);
        assertEquals(2, wire.reads - before, "the frames, then a read that finds nothing");
        assertArrayEquals(new int[] {1, 0, 1}, woken());
    }
}
