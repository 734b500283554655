package dev.hiper.testkit;

import static dev.hiper.testkit.RawIo.ascii;
import static dev.hiper.testkit.RawIo.connect;
import static dev.hiper.testkit.RawIo.readN;
import static dev.hiper.testkit.RawIo.readResponse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScriptedServerTest {

    private static final String OK_EMPTY = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    private static final long TAKE_MS = 5000;

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(TAKE_MS);
        assertNotNull(r, "no request recorded within " + TAKE_MS + " ms");
        return r;
    }

    private static void send(Socket s, String data) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(ascii(data));
        out.flush();
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    /** Polls until the value equals {@code want} (at most 10 s), then asserts it. */
    private static void awaitValue(int want, IntSupplier value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != want && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(want, value.getAsInt(), what);
    }

    /** Asserts that the peer ended the connection: EOF or reset, not a timeout. */
    private static void assertConnectionEnds(InputStream in) throws IOException {
        try {
            int b = in.read();
            assertEquals(-1, b, "expected end of stream, got a byte");
        } catch (SocketTimeoutException e) {
            fail("connection still open after " + RawIo.READ_TIMEOUT_MS + " ms");
        } catch (SocketException e) {
            assertTrue(e.getMessage().contains("reset"), e.toString());
        }
    }

    private static void assertNothingArrives(Socket s, int ms) throws IOException {
        int old = s.getSoTimeout();
        s.setSoTimeout(ms);
        try {
            int b = s.getInputStream().read();
            fail("expected silence, got " + (b < 0 ? "EOF" : "byte " + b));
        } catch (SocketTimeoutException expected) {
            // silence
        } finally {
            s.setSoTimeout(old);
        }
    }

    @Test
    void urlAndPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/a?b=c", server.url("/a?b=c"));
    }

    @Test
    void recordsExactBytesAndWritesExactBytes() throws Exception {
        String request = "POST /upload?x=1 HTTP/1.1\r\nHost: h\r\nX-Custom:  spaced value \r\n"
                + "x-dup: a\r\nX-Dup: b\r\nContent-Length: 5\r\n\r\nhello";
        String response = "HTTP/1.1 201 Created\r\nX-A: 1\r\nContent-Length: 3\r\n\r\nabc";
        server.enqueue(Action.respond(response));
        try (Socket s = connect(server.port())) {
            send(s, request);
            assertEquals(response, ascii(readN(s.getInputStream(), response.length())));
            assertNothingArrives(s, 200); // nothing more, connection kept open

            RecordedRequest r = take();
            assertArrayEquals(ascii(request), r.raw());
            assertEquals(request.substring(0, request.length() - 5), ascii(r.head()));
            assertEquals("hello", ascii(r.body()));
            assertEquals("hello", ascii(r.decodedBody()));
            assertEquals(5, r.bodySize());
            assertTrue(r.complete());
            assertFalse(r.truncated());
            assertEquals("POST /upload?x=1 HTTP/1.1", r.requestLine());
            assertEquals("POST", r.method());
            assertEquals("/upload?x=1", r.target());
            assertEquals(List.of("Host: h", "X-Custom:  spaced value ", "x-dup: a", "X-Dup: b", "Content-Length: 5"),
                    r.headerLines());
            assertEquals("spaced value", r.header("x-custom"));
            assertEquals("a", r.header("X-DUP"));
            assertEquals(List.of("a", "b"), r.headers("x-dup"));
            assertNull(r.header("Missing"));
            assertEquals(0, r.connectionIndex());
            assertEquals(0, r.sequenceOnConnection());
            assertEquals(1, server.requestCount());
            assertEquals(1, server.connectionCount());
        }
    }

    @Test
    void readBodyPartRecordsWhatArrivedThenTheScriptGoesOn() throws Exception {
        server.enqueue(Action.noContinue(), Action.readBodyPart(4), Action.respond(200, "part"), Action.close());
        try (Socket s = connect(server.port())) {
            send(s, "PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("part", readResponse(s.getInputStream()).bodyText());
        }
        RecordedRequest r = take();
        assertFalse(r.complete(), "only part of the body was read");
        assertEquals(4, r.bodySize());
        assertEquals("0123", ascii(r.body()));
        // a part as large as the body reads it whole
        server.enqueue(Action.noContinue(), Action.readBodyPart(100), Action.respond(200, "all"));
        try (Socket s = connect(server.port())) {
            send(s, "PUT /q HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals("all", readResponse(s.getInputStream()).bodyText());
        }
        RecordedRequest whole = take();
        assertTrue(whole.complete());
        assertEquals("abc", ascii(whole.body()));
    }

    @Test
    void respondConvenienceFormat() throws Exception {
        server.enqueue(Action.respond(404, "nope"));
        server.enqueue(Action.respond(200, "\u00e9"));
        try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            send(s, get("/a"));
            String want = "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope";
            assertEquals(want, ascii(readN(in, want.length())));
            send(s, get("/b"));
            byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
            byte[] got = readN(in, head.length + 2);
            assertEquals(ascii(head), ascii(got).substring(0, head.length));
            assertEquals("\u00e9", new String(got, head.length, 2, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void defaultResponseAndSetDefault() throws Exception {
        try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            send(s, get("/1"));
            assertEquals(OK_EMPTY, ascii(readN(in, OK_EMPTY.length())));
            server.setDefault(Action.respond(503, "busy"));
            send(s, get("/2"));
            assertEquals(503, readResponse(in).status());
            server.enqueue(Action.respond(200, "queued"));
            send(s, get("/3"));
            assertEquals("queued", readResponse(in).bodyText());
            send(s, get("/4"));
            assertEquals("busy", readResponse(in).bodyText());
        }
    }

    @Test
    void keepAliveConnectionIndexAndSequence() throws Exception {
        try (Socket a = connect(server.port())) {
            send(a, get("/a0"));
            readResponse(a.getInputStream());
            send(a, get("/a1"));
            readResponse(a.getInputStream());
            try (Socket b = connect(server.port())) {
                send(b, get("/b0"));
                readResponse(b.getInputStream());
            }
            send(a, get("/a2"));
            readResponse(a.getInputStream());

            String[] targets = {"/a0", "/a1", "/b0", "/a2"};
            int[] conn = {0, 0, 1, 0};
            int[] seq = {0, 1, 0, 2};
            for (int i = 0; i < targets.length; i++) {
                RecordedRequest r = take();
                assertEquals(targets[i], r.target());
                assertEquals(conn[i], r.connectionIndex(), "connection of " + targets[i]);
                assertEquals(seq[i], r.sequenceOnConnection(), "sequence of " + targets[i]);
            }
            assertEquals(2, server.connectionCount());
            assertEquals(4, server.requestCount());
            assertEquals(2, server.maxOpenConnections());
            awaitValue(1, server::openConnections, "open connections after b closed");
        }
        awaitValue(0, server::openConnections, "open connections after all closed");
    }

    @Test
    void pipelinedRequestsInOneWrite() throws Exception {
        server.enqueue(Action.respond(200, "one"));
        server.enqueue(Action.respond(200, "two"));
        try (Socket s = connect(server.port())) {
            send(s, "POST /p1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get("/p2"));
            assertEquals("one", readResponse(s.getInputStream()).bodyText());
            assertEquals("two", readResponse(s.getInputStream()).bodyText());
        }
        RecordedRequest r1 = take();
        RecordedRequest r2 = take();
        assertEquals("/p1", r1.target());
        assertEquals("abc", ascii(r1.body()));
        assertEquals("/p2", r2.target());
        assertEquals(0, r2.body().length);
        assertEquals(0, r1.sequenceOnConnection());
        assertEquals(1, r2.sequenceOnConnection());
        assertEquals(r1.connectionIndex(), r2.connectionIndex());
    }

    @Test
    void scriptsAreFifoAcrossConnections() throws Exception {
        server.enqueue(Action.respond(200, "first"));
        server.enqueue(Action.respond(200, "second"));
        server.enqueue(Action.respond(200, "third"));
        try (Socket a = connect(server.port()); Socket b = connect(server.port())) {
            send(a, get("/"));
            assertEquals("first", readResponse(a.getInputStream()).bodyText());
            send(b, get("/"));
            assertEquals("second", readResponse(b.getInputStream()).bodyText());
            send(a, get("/"));
            assertEquals("third", readResponse(a.getInputStream()).bodyText());
            send(b, get("/"));
            assertEquals("", readResponse(b.getInputStream()).bodyText()); // queue empty: default
        }
    }

    @Test
    void closeSendsFinAfterResponse() throws Exception {
        server.enqueue(Action.respond(200, "bye"), Action.close());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            InputStream in = s.getInputStream();
            assertEquals("bye", readResponse(in).bodyText());
            assertEquals(-1, in.read(), "expected FIN after the response");
        }
        awaitValue(0, server::openConnections, "open connections");
        assertEquals(1, server.connectionCount());
    }

    @Test
    void shutdownOutputHalfCloses() throws Exception {
        server.enqueue(Action.respond(200, "half"), Action.shutdownOutput());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            InputStream in = s.getInputStream();
            assertEquals("half", readResponse(in).bodyText());
            assertEquals(-1, in.read());
            assertEquals(1, server.openConnections(), "server keeps the half-closed connection");
        }
        awaitValue(0, server::openConnections, "open connections after the client closed");
    }

    @Test
    void resetIsSeenAsConnectionReset() throws Exception {
        server.enqueue(Action.reset());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            InputStream in = s.getInputStream();
            SocketException e = assertThrows(SocketException.class, in::read);
            assertTrue(e.getMessage().contains("Connection reset"), e.toString());
        }
        assertEquals("/", take().target());
    }

    @Test
    void expect100ContinueThenBody() throws Exception {
        server.enqueue(Action.respond(200, "got it"));
        try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            send(s, "PUT /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            String cont = "HTTP/1.1 100 Continue\r\n\r\n";
            assertEquals(cont, ascii(readN(in, cont.length())));
            assertEquals(0, server.requestCount(), "recorded before the body arrived");
            send(s, "hello");
            assertEquals("got it", readResponse(in).bodyText());
        }
        RecordedRequest r = take();
        assertEquals("hello", ascii(r.body()));
        assertEquals("100-continue", r.header("expect"));
        assertTrue(r.complete());
    }

    @Test
    void noContinueAnswersRightAfterHead() throws Exception {
        String reject = "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n";
        server.enqueue(Action.noContinue(), Action.respond(reject), Action.close());
        try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            send(s, "POST /up HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(reject, ascii(readN(in, reject.length())));
            assertEquals(-1, in.read());
        }
        RecordedRequest r = take();
        assertEquals("/up", r.target());
        assertEquals(0, r.body().length);
        assertFalse(r.complete(), "body was announced but not read");
    }

    @Test
    void noContinueWithReadBodyRecordsAfterTheBody() throws Exception {
        server.enqueue(Action.noContinue(), Action.sleep(400), Action.readBody(), Action.respond(200, "late"));
        try (Socket s = connect(server.port())) {
            send(s, "POST /slow HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertNothingArrives(s, 150); // no 100 Continue
            assertEquals(0, server.requestCount(), "recorded before readBody");
            send(s, "hello");
            assertEquals("late", readResponse(s.getInputStream()).bodyText());
        }
        RecordedRequest r = take();
        assertEquals("hello", ascii(r.body()));
        assertTrue(r.complete());
    }

    @Test
    void chunkedRequestBodyDecoded() throws Exception {
        String chunked = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
        String head = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (Socket s = connect(server.port())) {
            send(s, head + chunked + get("/after"));
            readResponse(s.getInputStream());
            readResponse(s.getInputStream());
        }
        RecordedRequest r = take();
        assertEquals(chunked, ascii(r.body()));
        assertEquals("hello world", ascii(r.decodedBody()));
        assertEquals("hello world", r.decodedBodyUtf8());
        assertEquals(chunked.length(), r.bodySize());
        assertEquals(11, r.decodedBodySize());
        assertEquals(head + chunked, ascii(r.raw()));
        assertTrue(r.complete());
        RecordedRequest after = take();
        assertEquals("/after", after.target());
        assertEquals(1, after.sequenceOnConnection());
    }

    @Test
    void chunkedBodyWithExpectContinue() throws Exception {
        try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            send(s, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            String cont = "HTTP/1.1 100 Continue\r\n\r\n";
            assertEquals(cont, ascii(readN(in, cont.length())));
            send(s, "3\r\nabc\r\n0\r\n\r\n");
            assertEquals(200, readResponse(in).status());
        }
        assertEquals("abc", ascii(take().decodedBody()));
    }

    @Test
    void malformedChunkRecordsPartialAndCloses() throws Exception {
        try (Socket s = connect(server.port())) {
            send(s, "POST /bad HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n");
            assertConnectionEnds(s.getInputStream());
        }
        RecordedRequest r = take();
        assertEquals("/bad", r.target());
        assertEquals("abc", ascii(r.decodedBody()));
        assertFalse(r.complete());
    }

    @Test
    void bodyLimitTruncatesButKeepsFraming() throws Exception {
        server.setBodyLimit(4);
        try (Socket s = connect(server.port())) {
            send(s, "POST /big HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789" + get("/next"));
            readResponse(s.getInputStream());
            readResponse(s.getInputStream());
        }
        RecordedRequest r = take();
        assertEquals("0123", ascii(r.body()));
        assertEquals(10, r.bodySize());
        assertTrue(r.truncated());
        assertTrue(r.complete());
        assertEquals("/next", take().target());
    }

    @Test
    void clientClosingMidBodyRecordsPartial() throws Exception {
        try (Socket s = connect(server.port())) {
            send(s, "POST /part HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
            s.shutdownOutput();
            assertConnectionEnds(s.getInputStream());
        }
        RecordedRequest r = take();
        assertEquals("abc", ascii(r.body()));
        assertEquals(3, r.bodySize());
        assertFalse(r.complete());
    }

    @Test
    void clientClosingMidHeadRecordsNothing() throws Exception {
        try (Socket s = connect(server.port())) {
            send(s, "GET / HT");
            s.shutdownOutput();
            assertConnectionEnds(s.getInputStream());
        }
        awaitValue(0, server::openConnections, "open connections");
        assertEquals(1, server.connectionCount());
        assertEquals(0, server.requestCount());
        assertNull(server.takeRequest(50));
    }

    @Test
    void closeBeforeReading() throws Exception {
        server.enqueue(Action.closeBeforeReading());
        try (Socket s = connect(server.port())) {
            send(s, "POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n");
            assertConnectionEnds(s.getInputStream());
        }
        RecordedRequest r = take();
        assertEquals("10", r.header("Content-Length"));
        assertEquals(0, r.body().length);
        assertFalse(r.complete());
    }

    @Test
    void dripWritesOneByteAtATime() throws Exception {
        byte[] data = ascii("abcdef");
        server.enqueue(Action.drip(data, 60), Action.close());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int first = in.read(buf);
            long t0 = System.nanoTime();
            assertTrue(first >= 1 && first < data.length, "first read got " + first + " bytes");
            byte[] rest = RawIo.readToEof(in);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("abcdef", ascii(buf).substring(0, first) + ascii(rest));
            long minMs = (long) ((data.length - first) * 60 * 0.8);
            assertTrue(ms >= minMs, "rest took " + ms + " ms, expected at least " + minMs);
        }
    }

    @Test
    void sleepDelaysResponse() throws Exception {
        server.enqueue(Action.sleep(300), Action.respond(200, "x"));
        try (Socket s = connect(server.port())) {
            long t0 = System.nanoTime();
            send(s, get("/"));
            assertEquals("x", readResponse(s.getInputStream()).bodyText());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 280, "answered after " + ms + " ms");
        }
    }

    @Test
    void stallHoldsUntilServerCloses() throws Exception {
        server.enqueue(Action.stall());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            take();
            assertNothingArrives(s, 300);
            assertEquals(1, server.openConnections());
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5000, "close took " + ms + " ms");
            assertConnectionEnds(s.getInputStream());
            assertEquals(0, server.openConnections());
        }
    }

    @Test
    void stallEndsWhenClientLeaves() throws Exception {
        server.enqueue(Action.stall());
        try (Socket s = connect(server.port())) {
            send(s, get("/"));
            take();
            assertEquals(1, server.openConnections());
        }
        awaitValue(0, server::openConnections, "open connections");
    }

    @Test
    void closeEndsIdleConnectionsAndListener() throws Exception {
        int port = server.port();
        try (Socket s = connect(port)) {
            send(s, get("/"));
            readResponse(s.getInputStream());
            server.close();
            assertConnectionEnds(s.getInputStream());
        }
        assertThrows(ConnectException.class, () -> connect(port).close());
        server.close(); // idempotent
    }

    @Test
    void takeRequestTimesOut() throws Exception {
        long t0 = System.nanoTime();
        assertNull(server.takeRequest(100));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 90 && ms < 3000, "took " + ms + " ms");
    }

    @Test
    void ipv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        ScriptedServer s6;
        try {
            s6 = ScriptedServer.start(v6);
        } catch (UncheckedIOException e) {
            Assumptions.abort("no IPv6 loopback: " + e.getCause());
            return;
        }
        try (ScriptedServer srv = s6; Socket s = connect(v6, srv.port())) {
            assertEquals("http://[0:0:0:0:0:0:0:1]:" + srv.port() + "/v6", srv.url("/v6"));
            srv.enqueue(Action.respond(200, "six"));
            send(s, get("/v6"));
            assertEquals("six", readResponse(s.getInputStream()).bodyText());
            RecordedRequest r = srv.takeRequest(TAKE_MS);
            assertNotNull(r);
            assertEquals("/v6", r.target());
        }
    }

    @Test
    void thousandConcurrentConnections() throws Exception {
        int n = 1000;
        List<Socket> sockets = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = connect(server.port());
                sockets.add(s);
                send(s, get("/c" + i));
            }
            for (Socket s : sockets) {
                assertEquals(200, readResponse(s.getInputStream()).status());
            }
            assertEquals(n, server.connectionCount());
            assertEquals(n, server.requestCount());
            assertEquals(n, server.openConnections());
            assertEquals(n, server.maxOpenConnections());
            Set<Integer> indexes = new HashSet<>();
            for (int i = 0; i < n; i++) {
                RecordedRequest r = take();
                assertEquals(0, r.sequenceOnConnection());
                indexes.add(r.connectionIndex());
            }
            assertEquals(n, indexes.size());
            assertTrue(indexes.contains(0) && indexes.contains(n - 1));
        } finally {
            for (Socket s : sockets) s.close();
        }
        awaitValue(0, server::openConnections, "open connections after clients closed");
        assertEquals(n, server.maxOpenConnections());
    }
}
