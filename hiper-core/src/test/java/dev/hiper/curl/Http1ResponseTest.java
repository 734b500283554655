package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Response framing, connection reuse, callbacks, tracing and transfer information over HTTP/1.1. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http1ResponseTest {
    private static JettyServer jetty;
    private ScriptedServer server;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server got a request");
        return r;
    }

    private static void ok(CurlEasy easy) {
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
    }

    /** A debug callback that keeps every trace record. */
    static final class Trace implements CurlDebugFunction {
        final List<CurlInfoType> types = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        @Override
        public int debug(CurlEasy easy, CurlInfoType type, ByteBuffer data, Object userdata) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            types.add(type);
            texts.add(new String(b, StandardCharsets.ISO_8859_1));
            return 0;
        }

        List<String> of(CurlInfoType t) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i) == t) {
                    out.add(texts.get(i));
                }
            }
            return out;
        }

        String joined(CurlInfoType t) {
            return String.join("", of(t));
        }
    }

    // ---- framing ----

    @Test
    void contentLengthBodyAndHeaderLines() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"));
        Sink body = new Sink();
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/cl"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            ok(easy);
            assertEquals("hello", body.text());
            assertEquals(List.of("HTTP/1.1 200 OK\r\n", "Content-Length: 5\r\n", "Content-Type: text/plain\r\n", "\r\n"),
                    headers.lines);
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(5L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
            assertEquals("text/plain", easy.getinfo(CURLINFO_CONTENT_TYPE));
        }
    }

    @Test
    void chunkedBodyWithTrailersSeenByHeaderCallback() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Sum: abc\r\nX-Other: 2\r\n\r\n"));
        Sink body = new Sink();
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/chunked"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            ok(easy);
            assertEquals("hello world", body.text());
            int blank = headers.lines.indexOf("\r\n");
            assertTrue(blank > 0, "end of the header section: " + headers.lines);
            int sum = headers.lines.indexOf("X-Sum: abc\r\n");
            int other = headers.lines.indexOf("X-Other: 2\r\n");
            assertTrue(sum > blank && other > sum, "trailers after the headers, in order: " + headers.lines);
            assertEquals(11L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
            // the connection stays usable after the trailer section
            ok(easy);
        }
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertEquals(first.connectionIndex(), second.connectionIndex());
        assertEquals(1, second.sequenceOnConnection());
    }

    @Test
    void chunkedBodyFromJettyLarge() throws Exception {
        Sink body = new Sink();
        try (CurlEasy easy = easy(jetty.url("/bytes?n=777777&seed=4&chunked=1"), body)) {
            ok(easy);
            assertEquals(777_777, body.out.size());
            assertEquals(JettyServer.crc32(777_777, 4), crc(body.bytes()));
            assertEquals(-1L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
        }
    }

    @Test
    void closeDelimitedBody() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Type: x/y\r\n\r\nabcdef"), Action.sleep(50),
                Action.respond("ghi"), Action.close());
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/eof"), body)) {
            ok(easy);
            assertEquals("abcdefghi", body.text());
            ok(easy);
        }
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertNotEquals(first.connectionIndex(), second.connectionIndex(), "a close-delimited response ends the connection");
    }

    @Test
    void interimResponsesThenFinal() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 102 Processing\r\n\r\n"), Action.sleep(30),
                Action.respond("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Sink body = new Sink();
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/1xx"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            ok(easy);
            assertEquals("ok", body.text());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(List.of("HTTP/1.1 102 Processing\r\n", "\r\n", "HTTP/1.1 103 Early Hints\r\n",
                    "Link: </style.css>\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "Content-Length: 2\r\n", "\r\n"), headers.lines);
            long all = 0;
            for (String l : headers.lines) {
                all += l.length();
            }
            assertEquals(all, easy.getinfo(CURLINFO_HEADER_SIZE), "header size counts the interim responses too");
            ok(easy); // reused after interim responses
        }
        RecordedRequest first = take();
        assertEquals(first.connectionIndex(), take().connectionIndex());
    }

    @Test
    void headHasNoBodyAndReusesTheConnection() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: a/b\r\n\r\n"));
        server.enqueue(Action.respond(200, "after"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/head"), body)) {
            easy.setopt(CURLOPT_NOBODY, 1L);
            ok(easy);
            assertEquals(0, body.out.size());
            assertEquals(1000L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
            assertEquals(0L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
            easy.setopt(CURLOPT_NOBODY, 0L);
            easy.setopt(CURLOPT_HTTPGET, 1L);
            ok(easy);
            assertEquals("after", body.text());
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        RecordedRequest head = take();
        RecordedRequest get = take();
        assertEquals("HEAD", head.method());
        assertEquals("GET", get.method());
        assertEquals(head.connectionIndex(), get.connectionIndex());
    }

    @Test
    void headAgainstJetty() throws Exception {
        Sink body = new Sink();
        try (CurlEasy easy = easy(jetty.url("/bytes?n=5000"), body)) {
            easy.setopt(CURLOPT_NOBODY, 1L);
            ok(easy);
            assertEquals(0, body.out.size());
            assertEquals(5000L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
            ok(easy);
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS), "reused after HEAD");
        }
    }

    @Test
    void noBodyFor204And304() throws Exception {
        // a 204 and a 304 that announce a length (a 304 may repeat the entity's) carry no body
        server.enqueue(Action.respond("HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"));
        server.enqueue(Action.respond("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: \"x\"\r\n\r\n"));
        server.enqueue(Action.respond(200, "third"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/nobody"), body)) {
            ok(easy);
            assertEquals(204L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0, body.out.size());
            ok(easy);
            assertEquals(304L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0, body.out.size());
            ok(easy);
            assertEquals("third", body.text());
        }
        RecordedRequest a = take();
        RecordedRequest b = take();
        RecordedRequest c = take();
        assertEquals(a.connectionIndex(), b.connectionIndex());
        assertEquals(a.connectionIndex(), c.connectionIndex());
        assertEquals(2, c.sequenceOnConnection());
    }

    @Test
    void connectionCloseIsNotReused() throws Exception {
        // the server keeps the socket open: the client alone must decide not to reuse it
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        server.enqueue(Action.respond(200, "two"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/close"), body)) {
            ok(easy);
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS));
            ok(easy);
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "a new connection");
            assertEquals("oktwo", body.text());
        }
        assertEquals(0, take().connectionIndex());
        assertEquals(1, take().connectionIndex());
    }

    @Test
    void http10WithoutKeepAliveIsNotReused() throws Exception {
        server.enqueue(Action.respond("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        try (CurlEasy easy = easy(server.url("/10"), new Sink())) {
            ok(easy);
            assertEquals(CURL_HTTP_VERSION_1_0, easy.getinfo(CURLINFO_HTTP_VERSION));
            ok(easy);
        }
        assertEquals(0, take().connectionIndex());
        assertEquals(1, take().connectionIndex());
    }

    @Test
    void forbidReuseClosesTheConnection() throws Exception {
        try (CurlEasy easy = easy(server.url("/forbid"), new Sink())) {
            easy.setopt(CURLOPT_FORBID_REUSE, 1L);
            ok(easy);
            easy.setopt(CURLOPT_FORBID_REUSE, 0L);
            ok(easy);
            ok(easy);
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        assertEquals(0, take().connectionIndex());
        assertEquals(1, take().connectionIndex());
        assertEquals(1, take().connectionIndex());
    }

    @Test
    void keepAliveReuse() throws Exception {
        server.setDefault(Action.respond(200, "same"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/ka"), body)) {
            ok(easy);
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS));
            long localPort = easy.getinfo(CURLINFO_LOCAL_PORT);
            for (int i = 0; i < 3; i++) {
                ok(easy);
                assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
                assertEquals(localPort, easy.getinfo(CURLINFO_LOCAL_PORT), "same local port on reuse");
            }
            assertEquals("samesamesamesame", body.text());
        }
        for (int i = 0; i < 4; i++) {
            RecordedRequest r = take();
            assertEquals(0, r.connectionIndex());
            assertEquals(i, r.sequenceOnConnection());
        }
        assertEquals(1, server.connectionCount());
    }

    @Test
    void keepAliveReuseAcrossHandlesOfOneMulti() throws Exception {
        server.setDefault(Action.respond(200, "x"));
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi);
                CurlEasy a = easy(server.url("/m1"), new Sink()); CurlEasy b = easy(server.url("/m2"), new Sink())) {
            List<CurlCode> results = new ArrayList<>();
            loop.onDone(m -> results.add(m.result()));
            multi.addHandle(a);
            assertEquals(CurlMCode.CURLM_OK, loop.run());
            multi.removeHandle(a);
            multi.addHandle(b);
            assertEquals(CurlMCode.CURLM_OK, loop.run());
            multi.removeHandle(b);
            assertEquals(List.of(CurlCode.CURLE_OK, CurlCode.CURLE_OK), results);
            assertEquals(1L, a.getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals(0L, b.getinfo(CURLINFO_NUM_CONNECTS));
        }
        RecordedRequest r1 = take();
        RecordedRequest r2 = take();
        assertEquals(r1.connectionIndex(), r2.connectionIndex());
        assertEquals(1, r2.sequenceOnConnection());
    }

    @Test
    void largeDownloadFromJettyDeliversInPiecesOfAtMostMaxWriteSize() throws Exception {
        int[] biggest = {0};
        boolean[] readOnly = {true};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CurlEasy easy = easy(jetty.url("/bytes?n=3000000&seed=9"), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                biggest[0] = Math.max(biggest[0], data.remaining());
                readOnly[0] &= data.isReadOnly();
                byte[] b = new byte[data.remaining()];
                data.get(b);
                out.write(b, 0, b.length);
                return b.length;
            });
            ok(easy);
            assertEquals(3_000_000L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
        assertEquals(JettyServer.crc32(3_000_000, 9), crc(out.toByteArray()));
        assertTrue(biggest[0] <= CURL_MAX_WRITE_SIZE, "write pieces at most CURL_MAX_WRITE_SIZE: " + biggest[0]);
        assertTrue(readOnly[0], "the write callback's buffer is read-only");
    }

    // ---- Expect: 100-continue ----

    @Test
    void expect100LargeUploadEchoedByJetty() throws Exception {
        byte[] data = randomBytes(1_500_000, 21);
        Sink body = new Sink();
        Trace trace = new Trace();
        try (CurlEasy easy = easy(jetty.url("/echo"), body)) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_READFUNCTION, reader(data, 40_000));
            easy.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 20_000L);
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, trace);
            long t0 = System.nanoTime();
            ok(easy);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 15_000, "the 100 released the body, not the 20 s timeout: " + ms + " ms");
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals((long) data.length, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
        assertArrayEquals(data, body.bytes());
        String out = trace.joined(CurlInfoType.CURLINFO_HEADER_OUT);
        assertTrue(out.startsWith("PUT /echo HTTP/1.1\r\n"), out);
        assertTrue(out.contains("\r\nContent-Length: 1500000\r\nExpect: 100-continue\r\n\r\n"), out);
        assertTrue(trace.joined(CurlInfoType.CURLINFO_HEADER_IN).contains("HTTP/1.1 100 Continue\r\n"));
    }

    @Test
    void expect100LargePostFieldsScripted() throws Exception {
        byte[] data = randomBytes(1_200_000, 22);
        server.enqueue(Action.respond(200, "got it"));
        HeaderSink headers = new HeaderSink();
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/up"), body)) {
            easy.setopt(CURLOPT_POSTFIELDS, data);
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            easy.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 20_000L);
            long t0 = System.nanoTime();
            ok(easy);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "the 100 released the body");
            assertEquals("got it", body.text());
        }
        assertEquals("HTTP/1.1 100 Continue\r\n", headers.lines.get(0));
        RecordedRequest r = take();
        assertEquals("100-continue", r.header("Expect"));
        assertEquals("1200000", r.header("Content-Length"));
        assertTrue(r.complete());
        assertArrayEquals(data, r.body());
    }

    @Test
    void expect100ServerIgnoresItBodyGoesAfterTimeout() throws Exception {
        byte[] data = randomBytes(1_100_000, 23);
        server.enqueue(Action.noContinue(), Action.readBody(), Action.respond(200, "late"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/ignore"), body)) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_READFUNCTION, reader(data, 65536));
            easy.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 400L);
            long t0 = System.nanoTime();
            ok(easy);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 350, "waited for the 100 first: " + ms + " ms");
            assertEquals("late", body.text());
        }
        RecordedRequest r = take();
        assertTrue(r.complete());
        assertArrayEquals(data, r.body());
    }

    @Test
    void expect100FinalResponseInsteadStopsTheUpload() throws Exception {
        byte[] data = randomBytes(2_000_000, 24);
        int[] read = {0};
        server.enqueue(Action.noContinue(), Action.respond("HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope"));
        server.enqueue(Action.respond(200, "fresh"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/refuse"), body)) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            CurlReadFunction r = reader(data, 65536);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                int n = r.read(dst, ud);
                read[0] += n;
                return n;
            });
            easy.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 10_000L);
            long t0 = System.nanoTime();
            ok(easy);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 8_000, "did not wait for the 100 timeout");
            assertEquals(403L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("nope", body.text());
            assertEquals(0, read[0], "no body was read for a refused upload");
            // the connection is out of step: the next transfer must not reuse it
            easy.setopt(CURLOPT_UPLOAD, 0L);
            easy.setopt(CURLOPT_HTTPGET, 1L);
            ok(easy);
            assertEquals("nopefresh", body.text());
        }
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertNotEquals(first.connectionIndex(), second.connectionIndex());
    }

    // ---- pausing ----

    @Test
    void writePauseAndResumeDeliversEverythingInOrder() throws Exception {
        int n = 1_000_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] calls = {0};
        int[] pauses = {0};
        boolean[] paused = {false};
        boolean[] calledWhilePaused = {false};
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi);
                CurlEasy easy = easy(jetty.url("/bytes?n=" + n + "&seed=31"), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                if (paused[0]) {
                    calledWhilePaused[0] = true;
                }
                if (++calls[0] % 4 == 1) { // refuse every fourth piece once: it must come again
                    paused[0] = true;
                    pauses[0]++;
                    return CURL_WRITEFUNC_PAUSE;
                }
                byte[] b = new byte[data.remaining()];
                data.get(b);
                out.write(b, 0, b.length);
                return b.length;
            });
            List<CurlCode> results = new ArrayList<>();
            loop.onDone(m -> results.add(m.result()));
            multi.addHandle(easy);
            long pausedAt = 0;
            while (results.isEmpty()) {
                if (paused[0]) {
                    if (pausedAt == 0) {
                        pausedAt = System.nanoTime();
                    } else if (System.nanoTime() - pausedAt > 5_000_000L) {
                        paused[0] = false;
                        pausedAt = 0;
                        assertEquals(CurlCode.CURLE_OK, easy.pause(CURLPAUSE_CONT));
                    }
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(2));
            }
            multi.removeHandle(easy);
            assertEquals(List.of(CurlCode.CURLE_OK), results, easy.errorBuffer());
            assertEquals((long) n, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
        assertFalse(calledWhilePaused[0], "no data while paused");
        assertTrue(pauses[0] >= 5, "paused several times: " + pauses[0]);
        assertEquals(n, out.size());
        assertEquals(JettyServer.crc32(n, 31), crc(out.toByteArray()), "all bytes, in order");
    }

    @Test
    void pauseRecvFromOutsideThenContinue() throws Exception {
        int n = 600_000;
        Sink sink = new Sink();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi);
                CurlEasy easy = easy(jetty.url("/bytes?n=" + n + "&seed=32"), sink)) {
            List<CurlCode> results = new ArrayList<>();
            loop.onDone(m -> results.add(m.result()));
            multi.addHandle(easy);
            while (results.isEmpty() && sink.out.size() == 0) {
                loop.runOnce(5);
            }
            assertEquals(CurlCode.CURLE_OK, easy.pause(CURLPAUSE_RECV));
            int before = sink.calls;
            for (int i = 0; i < 20; i++) {
                loop.runOnce(5);
            }
            assertEquals(before, sink.calls, "no write callback while receiving is paused");
            assertEquals(CurlCode.CURLE_OK, easy.pause(CURLPAUSE_CONT));
            while (results.isEmpty()) {
                loop.runOnce(5);
            }
            multi.removeHandle(easy);
            assertEquals(List.of(CurlCode.CURLE_OK), results, easy.errorBuffer());
        }
        assertEquals(JettyServer.crc32(n, 32), crc(sink.bytes()));
    }

    /** A write callback that refuses every {@code every}-th piece once with CURL_WRITEFUNC_PAUSE. */
    static CurlWriteFunction pausing(ByteArrayOutputStream out, boolean[] paused, int every, int[] pauses) {
        int[] calls = {0};
        return (data, ud) -> {
            assertFalse(paused[0], "write callback called while paused");
            if (++calls[0] % every == 1 || every == 1 && calls[0] % 2 == 1) {
                paused[0] = true;
                pauses[0]++;
                return CURL_WRITEFUNC_PAUSE;
            }
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.write(b, 0, b.length);
            return b.length;
        };
    }

    @Test
    void pauseOnASmallCompleteResponseKeepsTheConnection() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
        server.enqueue(Action.respond(200, "third"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] paused = {false};
        int[] pauses = {0};
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(server.url("/p"), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, pausing(out, paused, 1, pauses));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            assertEquals("hello", out.toString(StandardCharsets.ISO_8859_1));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            assertEquals("helloabc", out.toString(StandardCharsets.ISO_8859_1));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            assertEquals("helloabcthird", out.toString(StandardCharsets.ISO_8859_1));
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        assertEquals(3, pauses[0]);
        RecordedRequest a = take();
        RecordedRequest b = take();
        RecordedRequest c = take();
        assertEquals(a.connectionIndex(), b.connectionIndex());
        assertEquals(a.connectionIndex(), c.connectionIndex());
    }

    @Test
    void pauseWithACloseDelimitedBody() throws Exception {
        byte[] data = randomBytes(300_000, 51);
        byte[] head = ascii("HTTP/1.1 200 OK\r\n\r\n");
        byte[] all = new byte[head.length + data.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        server.enqueue(Action.respond(all), Action.close());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] paused = {false};
        int[] pauses = {0};
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(server.url("/eofpause"), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, pausing(out, paused, 3, pauses));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
        }
        assertTrue(pauses[0] > 3);
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void pauseWithAChunkedBody() throws Exception {
        int n = 500_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] paused = {false};
        int[] pauses = {0};
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(jetty.url("/bytes?chunked=1&seed=52&n=" + n), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, pausing(out, paused, 3, pauses));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
        }
        assertTrue(pauses[0] > 3);
        assertEquals(JettyServer.crc32(n, 52), crc(out.toByteArray()));
    }

    @Test
    void pauseCalledInsideTheWriteCallback() throws Exception {
        int n = 400_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] paused = {false};
        int[] calls = {0};
        CurlEasy[] self = {null};
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(jetty.url("/bytes?seed=53&n=" + n), null)) {
            self[0] = easy;
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                assertFalse(paused[0], "write callback called while paused");
                byte[] b = new byte[data.remaining()];
                data.get(b);
                out.write(b, 0, b.length);
                if (++calls[0] % 3 == 0) {
                    assertEquals(CurlCode.CURLE_OK, self[0].pause(CURLPAUSE_RECV));
                    paused[0] = true;
                }
                return b.length; // taken: the pause applies to what comes next
            });
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
        }
        assertEquals(JettyServer.crc32(n, 53), crc(out.toByteArray()));
    }

    @Test
    void readPauseAndResumeUploadsEverything() throws Exception {
        byte[] data = randomBytes(700_000, 54);
        boolean[] paused = {false};
        int[] calls = {0};
        int[] pos = {0};
        Sink echo = new Sink();
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(jetty.url("/echo"), echo)) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                assertFalse(paused[0], "read callback called while paused");
                if (++calls[0] % 3 == 1) {
                    paused[0] = true;
                    return CURL_READFUNC_PAUSE;
                }
                int k = Math.min(Math.min(dst.remaining(), 50_000), data.length - pos[0]);
                dst.put(data, pos[0], k);
                pos[0] += k;
                return k;
            });
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
        }
        assertArrayEquals(data, echo.bytes(), "the chunked upload came back whole");
    }

    // ---- robustness of the framing ----

    @Test
    void responseDrippedOneByteAtATime() throws Exception {
        server.enqueue(Action.drip("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                + "4\r\nwiki\r\n5\r\npedia\r\n0\r\nX-T: 2\r\n\r\n", 1));
        server.enqueue(Action.drip("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxyz", 1));
        Sink body = new Sink();
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/drip"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            ok(easy);
            assertEquals("wikipedia", body.text());
            assertTrue(headers.lines.contains("X-T: 2\r\n"), headers.lines.toString());
            ok(easy);
            assertEquals("wikipediaxyz", body.text());
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
    }

    @Test
    void bareLineFeedsAccepted() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\nContent-Length: 2\nContent-Type: t/x\n\nok"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/lf"), body)) {
            ok(easy);
            assertEquals("ok", body.text());
            assertEquals("t/x", easy.getinfo(CURLINFO_CONTENT_TYPE));
        }
    }

    @Test
    void excessBytesAfterTheResponseCloseTheConnection() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE"));
        server.enqueue(Action.respond(200, "clean"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/excess"), body)) {
            ok(easy);
            assertEquals("ok", body.text());
            ok(easy);
            assertEquals("okclean", body.text());
        }
        RecordedRequest a = take();
        RecordedRequest b = take();
        assertNotEquals(a.connectionIndex(), b.connectionIndex(), "not reused after excess bytes");
    }

    @Test
    void headerLineJustUnderTheLimitIsAccepted() throws Exception {
        String value = "v".repeat(99 * 1024);
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nX-Long: " + value + "\r\nContent-Length: 2\r\n\r\nok"));
        HeaderSink headers = new HeaderSink();
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/long"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            ok(easy);
        }
        assertEquals("ok", body.text());
        assertTrue(headers.lines.contains("X-Long: " + value + "\r\n"));
    }

    @Test
    void connectTimeoutDoesNotLimitTheTransfer() throws Exception {
        server.enqueue(Action.sleep(600), Action.respond(200, "slow"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/slow"), body)) {
            easy.setopt(CURLOPT_CONNECTTIMEOUT_MS, 200L);
            ok(easy);
            assertEquals("slow", body.text());
        }
    }

    @Test
    void totalTimeoutLongEnoughSucceedsAndDoesNotFireLater() throws Exception {
        server.setDefault(Action.sleep(100), Action.respond(200, "t"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/t"), body)) {
            easy.setopt(CURLOPT_TIMEOUT_MS, 2000L);
            ok(easy);
            Thread.sleep(50);
            ok(easy);
            assertEquals("tt", body.text());
        }
    }

    // ---- progress ----

    @Test
    void xferInfoCalledWithTotals() throws Exception {
        int n = 2_000_000;
        List<long[]> calls = new ArrayList<>();
        Object marker = new Object();
        Object[] seenClientp = {null};
        try (CurlEasy easy = easy(jetty.url("/bytes?n=" + n + "&seed=41"), new Sink())) {
            easy.setopt(CURLOPT_NOPROGRESS, 0L);
            easy.setopt(CURLOPT_XFERINFODATA, marker);
            easy.setopt(CURLOPT_XFERINFOFUNCTION, (clientp, dltotal, dlnow, ultotal, ulnow) -> {
                seenClientp[0] = clientp;
                calls.add(new long[] {dltotal, dlnow, ultotal, ulnow});
                return 0;
            });
            ok(easy);
        }
        assertSame(marker, seenClientp[0]);
        assertTrue(calls.size() >= 2, "called more than once: " + calls.size());
        long prev = 0;
        for (long[] c : calls) {
            assertTrue(c[1] >= prev, "dlnow never goes back");
            prev = c[1];
        }
        long[] last = calls.get(calls.size() - 1);
        assertEquals(n, last[0], "dltotal");
        assertEquals(n, last[1], "dlnow at the end");
    }

    @Test
    void xferInfoSeesUploadProgress() throws Exception {
        byte[] data = randomBytes(500_000, 42);
        List<long[]> calls = new ArrayList<>();
        Sink body = new Sink();
        try (CurlEasy easy = easy(jetty.url("/echo"), body)) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_READFUNCTION, reader(data, 30_000));
            easy.setopt(CURLOPT_NOPROGRESS, 0L);
            easy.setopt(CURLOPT_XFERINFOFUNCTION, (clientp, dltotal, dlnow, ultotal, ulnow) -> {
                calls.add(new long[] {dltotal, dlnow, ultotal, ulnow});
                return 0;
            });
            ok(easy);
        }
        assertArrayEquals(data, body.bytes());
        long[] last = calls.get(calls.size() - 1);
        assertEquals(data.length, last[2], "ultotal");
        assertEquals(data.length, last[3], "ulnow at the end");
    }

    @Test
    void xferInfoNotCalledWhileNoProgress() throws Exception {
        int[] calls = {0};
        try (CurlEasy easy = easy(jetty.url("/bytes?n=100000"), new Sink())) {
            easy.setopt(CURLOPT_XFERINFOFUNCTION, (clientp, a, b, c, d) -> {
                calls[0]++;
                return 0;
            });
            ok(easy); // CURLOPT_NOPROGRESS is 1 by default
        }
        assertEquals(0, calls[0]);
    }

    @Test
    void xferInfoAbort() throws Exception {
        try (CurlEasy easy = easy(jetty.url("/bytes?n=5000000"), new Sink())) {
            easy.setopt(CURLOPT_NOPROGRESS, 0L);
            easy.setopt(CURLOPT_XFERINFOFUNCTION, (clientp, dltotal, dlnow, ultotal, ulnow) -> dlnow > 0 ? 1 : 0);
            assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, easy.perform());
            assertEquals(42, CurlCode.CURLE_ABORTED_BY_CALLBACK.code());
            assertFalse(easy.errorBuffer().isEmpty());
            assertTrue(easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T) < 5_000_000L);
        }
    }

    // ---- tracing ----

    @Test
    void verboseTraceThroughDebugFunction() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: b\r\n\r\nabc"));
        Trace trace = new Trace();
        Object marker = new Object();
        Object[] seen = {null};
        String head;
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGDATA, marker);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (e, type, data, ud) -> {
                seen[0] = ud;
                assertSame(easy, e);
                return trace.debug(e, type, data, ud);
            });
            ok(easy);
            head = ascii(take().head());
        }
        assertSame(marker, seen[0]);
        List<String> out = trace.of(CurlInfoType.CURLINFO_HEADER_OUT);
        assertFalse(out.isEmpty());
        assertTrue(out.get(0).startsWith("GET / HTTP/1.1\r\n"), out.get(0));
        assertEquals(head, String.join("", out), "HEADER_OUT is the request head as sent");
        List<String> in = trace.of(CurlInfoType.CURLINFO_HEADER_IN);
        assertTrue(in.get(0).startsWith("HTTP/1.1 200"), in.toString());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: b\r\n\r\n", String.join("", in));
        assertEquals("abc", trace.joined(CurlInfoType.CURLINFO_DATA_IN));
        List<String> text = trace.of(CurlInfoType.CURLINFO_TEXT);
        assertFalse(text.isEmpty());
        for (String t : text) {
            assertTrue(t.endsWith("\n") && !t.isBlank(), "TEXT lines are whole lines: '" + t + "'");
        }
        assertTrue(text.stream().anyMatch(t -> t.contains("Connected to 127.0.0.1")), text.toString());
        // the order of a -v trace: connect, request out, response in
        int connected = -1;
        int firstOut = trace.types.indexOf(CurlInfoType.CURLINFO_HEADER_OUT);
        int firstIn = trace.types.indexOf(CurlInfoType.CURLINFO_HEADER_IN);
        for (int i = 0; i < trace.texts.size(); i++) {
            if (trace.types.get(i) == CurlInfoType.CURLINFO_TEXT && trace.texts.get(i).contains("Connected to")) {
                connected = i;
                break;
            }
        }
        assertTrue(connected < firstOut && firstOut < firstIn, trace.types.toString());
    }

    @Test
    void noTraceWithoutVerbose() throws Exception {
        Trace trace = new Trace();
        try (CurlEasy easy = easy(server.url("/quiet"), new Sink())) {
            easy.setopt(CURLOPT_DEBUGFUNCTION, trace);
            ok(easy);
        }
        assertTrue(trace.types.isEmpty(), trace.types.toString());
    }

    @Test
    void verboseWithoutDebugFunctionPrintsCurlStyleToStderr() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String s;
        try (CurlEasy easy = easy(server.url("/v"), new Sink())) {
            System.setErr(new PrintStream(err, true, StandardCharsets.ISO_8859_1));
            try {
                easy.setopt(CURLOPT_VERBOSE, 1L);
                ok(easy);
            } finally {
                System.setErr(saved);
            }
            s = err.toString(StandardCharsets.ISO_8859_1);
        }
        assertTrue(s.contains("> GET /v HTTP/1.1\r\n"), s);
        assertTrue(s.contains("> Host: 127.0.0.1:" + server.port() + "\r\n"), s);
        assertTrue(s.contains("< HTTP/1.1 200 OK\r\n"), s);
        assertTrue(s.contains("* Connected to 127.0.0.1"), s);
        assertFalse(s.contains("hi\n") || s.endsWith("hi"), "body data is not shown");
    }

    // ---- transfer information ----

    @Test
    void everyInfoHasAPlausibleValue() throws Exception {
        String resp = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\n\r\n";
        server.enqueue(Action.respond(resp + "hello world"));
        server.enqueue(Action.respond(resp + "hello again"));
        Object priv = new Object();
        String url = server.url("/info?x=1");
        try (CurlEasy easy = easy(url, new Sink())) {
            easy.setopt(CURLOPT_PRIVATE, priv);
            easy.setopt(CURLOPT_POSTFIELDS, ascii("abc=def"));
            ok(easy);
            RecordedRequest req = take();
            checkInfo(easy, url, priv, resp, req, 1L);

            // every CURLINFO_* key that Curl declares answers something
            for (Field f : Curl.class.getFields()) {
                if (f.getType() == EasyInfo.class && Modifier.isStatic(f.getModifiers())) {
                    EasyInfo<?> key = (EasyInfo<?>) f.get(null);
                    if (key == CURLINFO_REDIRECT_URL) {
                        assertNull(easy.getinfo(key), "no redirect: null, as libcurl answers");
                        continue;
                    }
                    if (key == CURLINFO_TLS_SSL_PTR) {
                        assertNull(easy.getinfo(key), "no TLS: no session");
                        continue;
                    }
                    if (key == CURLINFO_REFERER) {
                        assertNull(easy.getinfo(key), "no Referer sent: null, as libcurl answers");
                        continue;
                    }
                    assertNotNull(easy.getinfo(key), f.getName() + " has a value after a transfer");
                }
            }

            ok(easy);
            RecordedRequest again = take();
            assertEquals(req.connectionIndex(), again.connectionIndex());
            checkInfo(easy, url, priv, resp, again, 0L);
        }
    }

    private void checkInfo(CurlEasy easy, String url, Object priv, String resp, RecordedRequest req, long connects) {
        assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
        assertEquals(url, easy.getinfo(CURLINFO_EFFECTIVE_URL));
        assertSame(priv, easy.getinfo(CURLINFO_PRIVATE));
        assertEquals("text/html; charset=utf-8", easy.getinfo(CURLINFO_CONTENT_TYPE));
        assertEquals(11L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        assertEquals(7L, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        assertEquals(11L, easy.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T));
        assertEquals((long) resp.length(), easy.getinfo(CURLINFO_HEADER_SIZE));
        // libcurl 8 counts every byte it sent for the request: head and body
        assertEquals((long) req.raw().length, easy.getinfo(CURLINFO_REQUEST_SIZE), "request size");
        assertEquals(connects, easy.getinfo(CURLINFO_NUM_CONNECTS));
        assertEquals("127.0.0.1", easy.getinfo(CURLINFO_PRIMARY_IP));
        assertEquals((long) server.port(), easy.getinfo(CURLINFO_PRIMARY_PORT));
        assertEquals("127.0.0.1", easy.getinfo(CURLINFO_LOCAL_IP));
        long local = easy.getinfo(CURLINFO_LOCAL_PORT);
        assertTrue(local > 0 && local <= 65535 && local != server.port(), "local port " + local);
        assertEquals(CURL_HTTP_VERSION_1_1, easy.getinfo(CURLINFO_HTTP_VERSION));
        assertTrue("http".equalsIgnoreCase(easy.getinfo(CURLINFO_SCHEME)));
        long nl = easy.getinfo(CURLINFO_NAMELOOKUP_TIME_T);
        long co = easy.getinfo(CURLINFO_CONNECT_TIME_T);
        long pre = easy.getinfo(CURLINFO_PRETRANSFER_TIME_T);
        long st = easy.getinfo(CURLINFO_STARTTRANSFER_TIME_T);
        long total = easy.getinfo(CURLINFO_TOTAL_TIME_T);
        String times = nl + " " + co + " " + pre + " " + st + " " + total;
        assertTrue(0 <= nl && nl <= co && co <= pre && pre <= st && st <= total, times);
        assertTrue(st > 0 && total > 0 && total < 10_000_000, times);
        long speed = easy.getinfo(CURLINFO_SPEED_DOWNLOAD_T);
        assertTrue(speed > 0, "download speed " + speed);
        long expected = 11L * 1_000_000L / total;
        assertTrue(Math.abs(speed - expected) <= Math.max(2, expected / 10), "speed " + speed + " ~ " + expected);
        assertTrue(easy.getinfo(CURLINFO_SPEED_UPLOAD_T) > 0);
    }

    @Test
    void infoBeforeAnyTransfer() {
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(0L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0L, easy.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
    }

    @Test
    void infoForConcurrentTransfersOnOneMulti() throws Exception {
        List<CurlEasy> handles = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Sink s = new Sink();
            sinks.add(s);
            handles.add(easy(jetty.url("/bytes?n=" + (100_000 * (i + 1)) + "&seed=" + i), s));
        }
        try {
            Map<CurlEasy, CurlCode> results = runAll(handles);
            for (int i = 0; i < handles.size(); i++) {
                CurlEasy e = handles.get(i);
                assertEquals(CurlCode.CURLE_OK, results.get(e), e.errorBuffer());
                assertEquals(100_000L * (i + 1), e.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
                assertEquals(JettyServer.crc32(100_000L * (i + 1), i), crc(sinks.get(i).bytes()));
                assertEquals("application/octet-stream", e.getinfo(CURLINFO_CONTENT_TYPE));
                assertEquals((long) jetty.port(), e.getinfo(CURLINFO_PRIMARY_PORT));
            }
        } finally {
            handles.forEach(CurlEasy::close);
        }
    }
}
