package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.http2.Http2ErrorCode;
import dev.hiper.internal.http2.Http2Frames;
import dev.hiper.internal.http2.Http2Settings;
import dev.hiper.testkit.H2ScriptedServer;
import dev.hiper.testkit.H2ScriptedServer.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peer can do wrong or abruptly on an HTTP/2 connection, played frame by frame by
 * {@link H2ScriptedServer} (h2c with prior knowledge): a reset stream ends that transfer with
 * CURLE_HTTP2_STREAM, a connection error ends every transfer on it with CURLE_HTTP2, streams a
 * GOAWAY or REFUSED_STREAM left unprocessed go again on a new connection (once), the
 * CONTINUATION-flood and rapid-reset limits end the connection, a cut-off stream is an error.
 */
@Timeout(60)
class Http2FaultTest {

    static CurlEasy easy(H2ScriptedServer server, String path, ByteArrayOutputStream body) {
        CurlEasy e = ContractKit.easy(server.url(path), body);
        e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
        e.setopt(CURLOPT_TIMEOUT_MS, 20_000L);
        return e;
    }

    static void awaitScripts(H2ScriptedServer server) {
        try {
            server.awaitScripts(15_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void resetStreamEndsThatTransfer() {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.rst(1, Http2ErrorCode.INTERNAL_ERROR);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.perform());
            assertTrue(e.errorBuffer().contains("INTERNAL_ERROR"), e.errorBuffer());
            assertEquals(92, CurlCode.CURLE_HTTP2_STREAM.code());
        }
    }

    @Test
    void connectionErrorEndsTheTransferAndSendsGoAway() {
        AtomicBoolean goAwaySeen = new AtomicBoolean();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.writer.rawFrame(Http2Frames.TYPE_WINDOW_UPDATE, 0, 0, new byte[4]); // an increment of 0
            c.flush();
            for (Frame f : c.drainUntilClosed()) {
                if (f.type() == Http2Frames.TYPE_GOAWAY) {
                    goAwaySeen.set(true);
                }
            }
        }); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2, e.perform());
            assertEquals(16, CurlCode.CURLE_HTTP2.code());
            assertTrue(e.errorBuffer().startsWith("HTTP/2 connection error"), e.errorBuffer());
            awaitScripts(server);
            assertTrue(goAwaySeen.get(), "the client said GOAWAY before closing");
        }
    }

    @Test
    void continuationFloodEndsTheConnection() {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.writer.rawFrame(Http2Frames.TYPE_HEADERS, 0, 1, new byte[] {(byte) 0x88}); // :status 200, no END_HEADERS
            for (int i = 0; i < 100; i++) {
                c.writer.rawFrame(Http2Frames.TYPE_CONTINUATION, 0, 1, new byte[0]);
            }
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2, e.perform());
            assertTrue(e.errorBuffer().contains("ENHANCE_YOUR_CALM") || e.errorBuffer().contains("CONTINUATION"),
                    e.errorBuffer());
        }
    }

    @Test
    void rapidResetEndsTheConnectionForEveryStream() {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(2);
            for (int i = 0; i < 400; i++) {
                c.rst(1, Http2ErrorCode.CANCEL);
            }
            c.flush();
            c.drainUntilClosed();
        }); ContractKit kit = ContractKit.real()) {
            CurlEasy a = easy(server, "/a", null);
            CurlEasy b = easy(server, "/b", null);
            a.setopt(CURLOPT_PIPEWAIT, 1L);
            b.setopt(CURLOPT_PIPEWAIT, 1L);
            try {
                kit.add(a);
                kit.add(b);
                kit.runUntil(() -> kit.done.size() == 2, 30_000, "both transfers");
                Set<CurlCode> results = Set.of(kit.resultOf(a), kit.resultOf(b));
                assertEquals(Set.of(CurlCode.CURLE_HTTP2_STREAM, CurlCode.CURLE_HTTP2), results);
                assertEquals(1, server.connections());
                kit.assertNoViolations();
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void goAwaySendsStreamsAboveLastIdToANewConnection() {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(2);
            c.respond(1, 200, false);
            c.data(1, "one".getBytes(StandardCharsets.US_ASCII), true);
            c.goAway(1, Http2ErrorCode.NO_ERROR);
            c.flush();
            c.drainUntilClosed();
        }, c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, false);
            c.data(1, "two".getBytes(StandardCharsets.US_ASCII), true);
            c.flush();
            c.drainUntilClosed();
        }); ContractKit kit = ContractKit.real()) {
            ByteArrayOutputStream ba = new ByteArrayOutputStream();
            ByteArrayOutputStream bb = new ByteArrayOutputStream();
            CurlEasy a = easy(server, "/a", ba);
            CurlEasy b = easy(server, "/b", bb);
            a.setopt(CURLOPT_PIPEWAIT, 1L);
            b.setopt(CURLOPT_PIPEWAIT, 1L);
            try {
                kit.add(a);
                kit.add(b);
                kit.runUntil(() -> kit.done.size() == 2, 30_000, "both transfers");
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(a), a.errorBuffer());
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(b), b.errorBuffer());
                assertEquals(Set.of("one", "two"), Set.of(text(ba), text(bb)));
                assertEquals(2, server.connections());
                assertTrue(server.errors().isEmpty(), server.errors().toString());
                kit.assertNoViolations();
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aServerThatRefusesStreamsAfterSomeNumberGetsNoMoreThanThatOnLaterConnections() throws Exception {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(5); // streams 1 to 9; it processes two and refuses the rest, as nginx's keepalive_requests does
            for (int id : new int[] {1, 3}) {
                c.respond(id, 200, false);
                c.data(id, ("s" + id).getBytes(StandardCharsets.US_ASCII), true);
            }
            c.goAway(3, Http2ErrorCode.NO_ERROR);
            c.flush();
            c.drainUntilClosed();
        }, c -> {
            c.handshake(null);
            c.requests(2);
            for (int id : new int[] {1, 3}) {
                c.respond(id, 200, false);
                c.data(id, ("t" + id).getBytes(StandardCharsets.US_ASCII), true);
            }
            c.flush();
            // no third request comes here: the client learnt that two is what a connection takes
            assertTrue(c.drainUntilClosed().stream().noneMatch(f -> f.type() == Http2Frames.TYPE_HEADERS),
                    "a stream beyond the learnt number went to the second connection");
        }, c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, false);
            c.data(1, "u1".getBytes(StandardCharsets.US_ASCII), true);
            c.flush();
        }); ContractKit kit = ContractKit.real()) {
            List<ByteArrayOutputStream> bodies = new ArrayList<>();
            List<CurlEasy> handles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                CurlEasy e = easy(server, "/" + i, body);
                e.setopt(CURLOPT_PIPEWAIT, 1L);
                bodies.add(body);
                handles.add(e);
            }
            try {
                handles.forEach(kit::add);
                kit.runUntil(() -> kit.done.size() == 5, 30_000, "five transfers");
                Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < 5; i++) {
                    assertEquals(CurlCode.CURLE_OK, kit.resultOf(handles.get(i)), handles.get(i).errorBuffer());
                    seen.add(text(bodies.get(i)));
                }
                assertEquals(Set.of("s1", "s3", "t1", "t3", "u1"), seen);
                assertEquals(3, server.connections());
                server.awaitScripts(10_000);
                assertTrue(server.errors().isEmpty(), server.errors().toString());
                kit.assertNoViolations();
            } finally {
                handles.forEach(CurlEasy::close);
            }
        }
    }

    @Test
    void refusedStreamGoesAgainOnce() {
        H2ScriptedServer.Script refuse = c -> {
            c.handshake(null);
            c.requests(1);
            c.rst(1, Http2ErrorCode.REFUSED_STREAM);
            c.flush();
            c.drainUntilClosed();
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (H2ScriptedServer server = H2ScriptedServer.start(refuse, c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, false);
            c.data(1, "ok".getBytes(StandardCharsets.US_ASCII), true);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("ok", text(body));
            assertEquals(2, server.connections());
        }
        try (H2ScriptedServer server = H2ScriptedServer.start(refuse); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.perform());
            assertTrue(e.errorBuffer().contains("REFUSED_STREAM"), e.errorBuffer());
            assertEquals(2, server.connections(), "one retry, not more");
        }
    }

    @Test
    void streamCutOffByTheConnectionsEnd() {
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, false, "content-length", "10");
            c.data(1, "abc".getBytes(StandardCharsets.US_ASCII), false);
            c.flush();
            c.close();
        }); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.perform());
            assertTrue(e.errorBuffer().contains("was not closed cleanly"), e.errorBuffer());
        }
    }

    @Test
    void malformedResponseFieldResetsTheStream() {
        AtomicBoolean reset = new AtomicBoolean();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, true, "Upper-Case", "x");
            c.flush();
            Frame rst = c.await(Http2Frames.TYPE_RST_STREAM);
            reset.set(rst.streamId() == 1 && rst.payload()[3] == Http2ErrorCode.PROTOCOL_ERROR.code());
        }); CurlEasy e = easy(server, "/", null)) {
            assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.perform());
            awaitScripts(server);
            assertTrue(reset.get(), "RST_STREAM PROTOCOL_ERROR sent for stream 1");
        }
    }

    @Test
    void interimResponsesPingAndTrailers() {
        AtomicLong pingAck = new AtomicLong();
        List<String> heads = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.writer.ping(0x1234_5678_9abcL, false);
            c.flush();
            Frame ack = c.await(Http2Frames.TYPE_PING);
            pingAck.set(java.nio.ByteBuffer.wrap(ack.payload()).getLong() | ((long) ack.flags() << 56));
            c.respond(1, 103, false, "link", "</s.css>");
            c.respond(1, 200, false, "content-type", "text/plain");
            c.data(1, "body".getBytes(StandardCharsets.US_ASCII), false);
            c.writer.headers(1, List.of(new dev.hiper.internal.http2.HeaderField("x-sum", "42")), true);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/", body)) {
            e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                byte[] b = new byte[line.remaining()];
                line.get(b);
                heads.add(new String(b, StandardCharsets.ISO_8859_1));
                return b.length;
            });
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("body", text(body));
            assertEquals(List.of("HTTP/2 103 \r\n", "link: </s.css>\r\n", "\r\n", "HTTP/2 200 \r\n",
                    "content-type: text/plain\r\n", "\r\n", "x-sum: 42\r\n"), heads);
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0x1234_5678_9abcL | (1L << 56), pingAck.get(), "PING answered with ACK and its payload");
        }
    }

    @Test
    void headerCallbackPauseGetsTheSameLineAgain() {
        List<String> heads = new ArrayList<>();
        AtomicBoolean paused = new AtomicBoolean();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            c.respond(1, 200, false, "x-a", "1", "x-b", "2");
            c.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
            c.flush();
            c.drainUntilClosed();
        }); ContractKit kit = ContractKit.real()) {
            CurlEasy e = easy(server, "/", body);
            e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                byte[] b = new byte[line.remaining()];
                line.get(b);
                String s = new String(b, StandardCharsets.ISO_8859_1);
                heads.add(s);
                if (s.equals("x-a: 1\r\n") && paused.compareAndSet(false, true)) {
                    return CURL_WRITEFUNC_PAUSE;
                }
                return b.length;
            });
            try {
                kit.add(e);
                kit.runUntil(paused::get, 30_000, "the pause");
                assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
                kit.kick();
                kit.runUntil(() -> kit.doneOf(e) != null, 30_000, "the transfer");
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(e), e.errorBuffer());
                assertEquals(List.of("HTTP/2 200 \r\n", "x-a: 1\r\n", "x-a: 1\r\n", "x-b: 2\r\n", "\r\n"), heads);
                assertEquals("hello", text(body));
            } finally {
                e.close();
            }
        }
    }

    @Test
    void uploadWaitsForTheServersWindow() {
        AtomicLong received = new AtomicLong();
        byte[] up = new byte[200_000];
        java.util.Arrays.fill(up, (byte) 'u');
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(new Http2Settings().set(Http2Settings.INITIAL_WINDOW_SIZE, 1000));
            c.requests(1);
            long granted = 65_535; // the connection's window: credit is given only as DATA is read
            for (;;) {
                Frame f = c.read();
                if (f.type() == Http2Frames.TYPE_DATA) {
                    if (received.addAndGet(f.payload().length) > granted) {
                        throw new IllegalStateException("beyond the window: " + received.get() + " > " + granted);
                    }
                    if (f.endStream()) {
                        break;
                    }
                    if (f.payload().length > 0) {
                        c.writer.windowUpdate(1, f.payload().length);
                        c.writer.windowUpdate(0, f.payload().length);
                        granted += f.payload().length;
                        c.flush();
                    }
                }
            }
            c.respond(1, 200, true);
            c.flush();
            c.drainUntilClosed();
        }); CurlEasy e = easy(server, "/", null)) {
            e.setopt(CURLOPT_POSTFIELDS, up);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(up.length, received.get());
            assertTrue(server.errors().isEmpty(), server.errors().toString());
        }
    }
}
