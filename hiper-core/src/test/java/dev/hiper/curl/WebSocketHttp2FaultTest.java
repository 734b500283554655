package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.http2.Http2ErrorCode;
import dev.hiper.internal.http2.Http2Frames;
import dev.hiper.internal.http2.Http2Settings;
import dev.hiper.testkit.H2ScriptedServer;
import dev.hiper.testkit.H2ScriptedServer.Frame;
import java.util.ArrayList;
import java.util.List;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket over HTTP/2 (RFC 8441) against {@link H2ScriptedServer} (h2c, prior knowledge),
 * frame by frame: the extended CONNECT's fields and when it goes, the orderly end by
 * END_STREAM both ways, a reset stream, a stream that ends inside a frame, a setting a server
 * must not send, and the other streams of the connection going on when one is reset.
 */
@Timeout(60)
class WebSocketHttp2FaultTest {
    private static final Http2Settings ALLOWS = new Http2Settings().set(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1);
    /** A TEXT frame "hi", unmasked, as a server sends it. */
    private static final byte[] HI = {(byte) 0x81, 2, 'h', 'i'};

    private static CurlEasy easy(H2ScriptedServer server, String path) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, "ws://127.0.0.1:" + server.port() + path);
        e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
        e.setopt(CURLOPT_TIMEOUT_MS, 20_000L);
        return e;
    }

    private static void awaitScripts(H2ScriptedServer server) throws InterruptedException {
        server.awaitScripts(15_000);
        assertTrue(server.errors().isEmpty(), server.errors().toString());
    }

    private static String field(Frame f, String name) {
        return f.field(name);
    }

    @Test
    void theExtendedConnectFollowsTheServersSettingsAndEndsWithEndStreamBothWays() throws Exception {
        List<String> before = new ArrayList<>();
        AtomicReference<Frame> request = new AtomicReference<>();
        AtomicBoolean clientEnded = new AtomicBoolean();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(ALLOWS);
            Frame f;
            while ((f = c.read()).type() != Http2Frames.TYPE_HEADERS) {
                before.add(f.type() + "/" + f.flags());
            }
            request.set(f);
            c.respond(f.streamId(), 200, false);
            c.data(f.streamId(), HI, false);
            c.data(f.streamId(), new byte[0], true);
            c.flush();
            for (;;) {
                Frame g = c.read();
                if (g.type() == Http2Frames.TYPE_DATA && g.streamId() == f.streamId() && g.endStream()) {
                    clientEnded.set(true);
                    break;
                }
            }
        }); CurlEasy e = easy(server, "/chat?x=1")) {
            e.setopt(CURLOPT_HTTPHEADER, List.of("Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Key: mine"));
            List<WebSocketTest.Piece> pieces = WebSocketTest.collect(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1, pieces.size());
            assertEquals("hi", pieces.get(0).text());
            assertEquals(200, e.getinfo(CURLINFO_RESPONSE_CODE).longValue());
            awaitScripts(server);
            assertEquals("127.0.0.1:" + server.port(), field(request.get(), ":authority"));
        }
        // RFC 8441 section 3: no :protocol before the server's SETTINGS, so after their ACK
        assertTrue(before.contains(Http2Frames.TYPE_SETTINGS + "/" + Http2Frames.FLAG_ACK), before.toString());
        Frame f = request.get();
        assertFalse(f.endStream(), "the CONNECT's HEADERS leave the stream open");
        assertEquals(List.of(":method", ":protocol", ":scheme", ":authority", ":path"),
                f.fields().subList(0, 5).stream().map(h -> h.name()).toList());
        assertEquals("CONNECT", field(f, ":method"));
        assertEquals("websocket", field(f, ":protocol"));
        assertEquals("http", field(f, ":scheme"));
        assertEquals("/chat?x=1", field(f, ":path"));
        assertEquals("13", field(f, "sec-websocket-version"));
        assertEquals("chat", field(f, "sec-websocket-protocol"));
        assertNull(field(f, "sec-websocket-key"));
        assertNull(field(f, "upgrade"));
        assertNull(field(f, "connection"));
        assertTrue(clientEnded.get(), "the client answered END_STREAM with its own");
    }

    @Test
    void aResetStreamIsCurleHttp2Stream() throws Exception {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(ALLOWS);
            Frame f = c.requests(1).get(0);
            c.respond(f.streamId(), 200, false);
            c.data(f.streamId(), new byte[] {(byte) 0x81, 5, 'h'}, false); // inside a frame
            c.rst(f.streamId(), Http2ErrorCode.CANCEL);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/")) {
            WebSocketTest.collect(e);
            assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.perform());
            assertTrue(e.errorBuffer().contains("CANCEL"), e.errorBuffer());
        }
    }

    @Test
    void endStreamInsideAFrameIsARecvError() throws Exception {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(ALLOWS);
            Frame f = c.requests(1).get(0);
            c.respond(f.streamId(), 200, false);
            c.data(f.streamId(), new byte[] {(byte) 0x81, 5, 'h'}, true);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/")) {
            WebSocketTest.collect(e);
            assertEquals(CurlCode.CURLE_RECV_ERROR, e.perform());
            assertEquals("[WS] decode ending with 4 frame bytes remaining", e.errorBuffer());
        }
    }

    @Test
    void aSettingAboveOneOrTakenBackIsAConnectionError() throws Exception {
        for (Http2Settings[] script : new Http2Settings[][] {
                {new Http2Settings().set(Http2Settings.ENABLE_CONNECT_PROTOCOL, 2)},
                {ALLOWS, new Http2Settings().set(Http2Settings.ENABLE_CONNECT_PROTOCOL, 0)}}) {
            try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
                c.handshake(script[0]);
                if (script.length > 1) {
                    c.requests(1);
                    c.writer.settings(script[1]);
                    c.flush();
                }
                c.drainUntilClosed();
            }); CurlEasy e = easy(server, "/")) {
                WebSocketTest.collect(e);
                assertEquals(CurlCode.CURLE_HTTP2, e.perform());
                assertTrue(e.errorBuffer().contains("SETTINGS_ENABLE_CONNECT_PROTOCOL"), e.errorBuffer());
            }
        }
    }

    @Test
    void theOtherStreamsGoOnWhenOneIsReset() throws Exception {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(ALLOWS);
            List<Frame> two = c.requests(2);
            int reset = two.get(0).field(":path").equals("/reset") ? two.get(0).streamId() : two.get(1).streamId();
            int kept = two.get(0).streamId() == reset ? two.get(1).streamId() : two.get(0).streamId();
            c.respond(reset, 200, false);
            c.respond(kept, 200, false);
            c.rst(reset, Http2ErrorCode.INTERNAL_ERROR);
            c.data(kept, HI, false);
            c.flush();
            // the kept session goes on after the reset: its next message, then its end
            c.data(kept, HI, true);
            c.flush();
            c.drainUntilClosed();
        }); CurlMulti multi = CurlMulti.init(); CurlEasy reset = easy(server, "/reset");
                CurlEasy kept = easy(server, "/kept")) {
            reset.setopt(CURLOPT_PIPEWAIT, 1L);
            kept.setopt(CURLOPT_PIPEWAIT, 1L);
            WebSocketTest.collect(reset);
            List<WebSocketTest.Piece> pieces = WebSocketTest.collect(kept);
            multi.addHandle(reset);
            multi.addHandle(kept);
            List<CurlMsg> done = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done.size() < 2 && System.nanoTime() < deadline) {
                multi.perform();
                CurlMsg m;
                while ((m = multi.infoRead()) != null) {
                    done.add(m);
                }
                multi.poll(100);
            }
            assertEquals(2, done.size());
            for (CurlMsg m : done) {
                assertEquals(m.easy() == reset ? CurlCode.CURLE_HTTP2_STREAM : CurlCode.CURLE_OK, m.result(),
                        m.easy().errorBuffer());
            }
            assertEquals(List.of("hi", "hi"), pieces.stream().map(WebSocketTest.Piece::text).toList());
            assertEquals(1, server.connections());
            multi.removeHandle(reset);
            multi.removeHandle(kept);
        }
    }

    /**
     * CONNECT_ONLY on a stream whose window is shut: wsSend answers CURLE_AGAIN and takes
     * nothing; the WINDOW_UPDATEs, read by the next calls, let the frame out in two pieces, whole
     * and in order.
     */
    @Test
    void aShutWindowIsCurleAgainUntilAWindowUpdate() throws Exception {
        CountDownLatch refused = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(new Http2Settings().set(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1)
                    .set(Http2Settings.INITIAL_WINDOW_SIZE, 0));
            Frame f = c.requests(1).get(0);
            c.respond(f.streamId(), 200, false);
            c.flush();
            assertTrue(refused.await(10, TimeUnit.SECONDS));
            c.writer.windowUpdate(f.streamId(), 3);
            c.flush();
            readData(c, f.streamId(), sent, 3);
            c.writer.windowUpdate(f.streamId(), 100);
            c.flush();
            readData(c, f.streamId(), sent, 8); // 2 bytes of head, 4 of mask, "hi"
            c.data(f.streamId(), new byte[] {(byte) 0x81, 2, 'o', 'k'}, true);
            c.flush();
            assertTrue(answered.await(10, TimeUnit.SECONDS));
        }); CurlEasy e = easy(server, "/")) {
            e.setopt(CURLOPT_CONNECT_ONLY, 2L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            ByteBuffer hi = ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII));
            assertEquals(CurlCode.CURLE_AGAIN, e.wsSend(hi, 0, CURLWS_TEXT));
            assertEquals(0, hi.position(), "nothing taken");
            refused.countDown();
            WebSocketConnectOnlyTest.send(e, hi, CURLWS_TEXT, () -> { });
            assertEquals("ok", WebSocketConnectOnlyTest.recvText(e));
            answered.countDown();
            awaitScripts(server);
        }
        byte[] frame = sent.toByteArray();
        assertEquals(8, frame.length);
        assertEquals((byte) 0x81, frame[0]);
        assertEquals((byte) 0x82, frame[1]); // masked, 2 bytes
        assertEquals('h', (char) (frame[6] ^ frame[2]));
        assertEquals('i', (char) (frame[7] ^ frame[3]));
    }

    /** Reads the client's DATA on {@code stream} until {@code total} bytes of them arrived. */
    private static void readData(H2ScriptedServer.Conn c, int stream, ByteArrayOutputStream to, int total)
            throws java.io.IOException {
        while (to.size() < total) {
            Frame g = c.read();
            if (g.type() == Http2Frames.TYPE_DATA && g.streamId() == stream) {
                to.write(g.payload(), 0, g.payload().length);
            }
        }
    }
}
