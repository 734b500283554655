package dev.hiper.internal.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP/1.1 codec on bytes: an in-memory filter chain stands in for the connection, a
 * recording listener for the exchange. What goes on the wire and which events come out, in every
 * split of the response.
 */
@Timeout(30)
class Http1CodecTest {
    private static final String UA = "hiper-test";

    /** The chain: takes what the codec writes (up to {@code room}), hands out scripted reads. */
    static final class Wire implements ConnectionFilter {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final ArrayDeque<byte[]> reads = new ArrayDeque<>();
        boolean eof;
        int room = Integer.MAX_VALUE;
        int readCalls;

        void arrive(String s) {
            reads.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        String sent() {
            return written.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public int read(ByteBuffer dst) {
            readCalls++;
            byte[] b = reads.poll();
            if (b == null) {
                return eof ? -1 : 0;
            }
            dst.put(b);
            return b.length;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), room);
            byte[] b = new byte[n];
            src.get(b);
            written.writeBytes(b);
            room -= n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** The exchange: records events and body bytes, feeds the upload, can stop at the first body event. */
    static final class Recorder implements ExchangeCodec.Listener {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final ArrayDeque<String> upload = new ArrayDeque<>();
        ExchangeCodec codec;
        boolean stopAtBody;
        boolean waited100;
        CurlCode failed;

        @Override
        public boolean onEvent(ExchangeCodec.Event event, ByteBuffer in) {
            events.add(event.name());
            if (event == ExchangeCodec.Event.BODY) {
                int n = codec.response().bodyAvailable();
                ByteBuffer view = codec.bodyView(in, n);
                byte[] b = new byte[view.remaining()];
                view.get(b);
                body.writeBytes(b);
                codec.consumeBody(in, n);
                if (stopAtBody) {
                    stopAtBody = false;
                    return false;
                }
            }
            return true;
        }

        @Override
        public void firstByte() {
        }

        @Override
        public int readBody(ByteBuffer dst) {
            String next = upload.poll();
            if (next == null) {
                return 0;
            }
            byte[] b = next.getBytes(StandardCharsets.ISO_8859_1);
            dst.put(b);
            return b.length;
        }

        @Override
        public void waitingFor100() {
            waited100 = true;
        }

        @Override
        public boolean running() {
            return failed == null;
        }

        @Override
        public void fail(CurlCode code, String message) {
            failed = code;
        }

        @Override
        public void trace(String text) {
        }

        @Override
        public void runSoon() {
        }
    }

    private final Wire wire = new Wire();
    private final Recorder rec = new Recorder();
    private final Http1Codec codec = new Http1Codec();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    private static final CurlUrl URL;

    static {
        try {
            URL = CurlUrl.parse("http://example.test/path?q=1");
        } catch (UrlException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ExchangeCodec.Request request(String method, Http1Request.Body body, long length, byte[] fields) {
        return new ExchangeCodec.Request(method, URL, URL.target(), UA, List.of(), body, length, fields != null,
                Http1Request.Extras.NONE, fields, 0, method.equals("HEAD"));
    }

    private void start(ExchangeCodec.Request r) {
        codec.attach(wire, readBuffer, readBuffer.asReadOnlyBuffer());
        rec.codec = codec;
        codec.writeRequest(r, false);
        codec.configure(false, false, false);
    }

    @Test
    void aGetGoesOutAsItsHeadAndTheResponseComesBackAsEventsInEverySplit() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello";
        for (int cut = 0; cut <= response.length(); cut++) {
            Wire w = new Wire();
            Recorder r = new Recorder();
            Http1Codec c = new Http1Codec();
            c.attach(w, readBuffer, readBuffer.asReadOnlyBuffer());
            r.codec = c;
            byte[] head = c.writeRequest(request("GET", Http1Request.Body.NONE, 0, null), false);
            c.configure(false, false, false);
            assertTrue(c.send(r));
            assertEquals(new String(head, StandardCharsets.ISO_8859_1), w.sent());
            assertTrue(c.sendDone());
            if (cut > 0) {
                w.arrive(response.substring(0, cut));
            }
            if (cut < response.length()) {
                w.arrive(response.substring(cut));
            }
            assertFalse(c.receive(r), "split at " + cut);
            assertTrue(c.responseDone(), "split at " + cut);
            assertEquals(List.of("STATUS_LINE", "HEADER", "HEADER", "HEADERS_DONE"), r.events.subList(0, 4));
            assertEquals("DONE", r.events.get(r.events.size() - 1));
            assertEquals("hello", r.body.toString(StandardCharsets.ISO_8859_1), "split at " + cut);
            assertEquals(200, c.response().statusCode());
            assertTrue(c.reusable());
            assertFalse(c.multiplexed());
        }
    }

    @Test
    void theHeadStartsWithTheRequestLineAndHost() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        assertTrue(wire.sent().startsWith("GET /path?q=1 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: hiper-test\r\n"),
                wire.sent());
        assertTrue(wire.sent().endsWith("\r\n\r\n"));
    }

    @Test
    void aBodyOfUnknownLengthGoesInChunksAndEndsWithTheLastChunk() throws Exception {
        start(request("POST", Http1Request.Body.CHUNKED, -1, null));
        rec.upload.add("hello");
        rec.upload.add("world!");
        assertTrue(codec.send(rec));
        assertTrue(codec.waiting100(), "a body of unknown size waits for 100 Continue, as curl's does");
        codec.stopWaiting100();
        assertTrue(codec.send(rec));
        assertTrue(codec.sendDone());
        String sent = wire.sent();
        assertTrue(sent.contains("Transfer-Encoding: chunked\r\n"), sent);
        assertTrue(sent.endsWith("\r\n\r\n5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n"), sent);
        assertEquals(11, codec.bodyRead());
        assertEquals(11, codec.bodySent());
        assertEquals(sent.length(), codec.requestBytes());
    }

    @Test
    void aSmallBodyInMemoryGoesInOneWriteWithTheHead() throws Exception {
        byte[] fields = "a=1&b=2".getBytes(StandardCharsets.ISO_8859_1);
        start(request("POST", Http1Request.Body.LENGTH, fields.length, fields));
        wire.room = Integer.MAX_VALUE;
        assertTrue(codec.send(rec));
        assertTrue(codec.sendDone());
        assertTrue(wire.sent().endsWith("\r\n\r\na=1&b=2"), wire.sent());
        assertTrue(wire.sent().contains("Content-Length: 7\r\n"));
    }

    @Test
    void aFullSocketLeavesTheRestForTheNextSend() throws Exception {
        start(request("PUT", Http1Request.Body.LENGTH, 4, null));
        rec.upload.add("abcd");
        wire.room = 10;
        assertTrue(codec.send(rec));
        assertFalse(codec.sendDone());
        assertTrue(codec.wantsToSend());
        assertEquals(10, wire.sent().length());
        wire.room = Integer.MAX_VALUE;
        assertTrue(codec.send(rec));
        assertTrue(codec.sendDone());
        assertTrue(wire.sent().endsWith("\r\n\r\nabcd"));
    }

    @Test
    void aBodyThatEndsShortOfItsLengthFailsWithReadError() throws Exception {
        start(request("PUT", Http1Request.Body.LENGTH, 10, null));
        rec.upload.add("abc");
        assertFalse(codec.send(rec));
        assertEquals(CurlCode.CURLE_READ_ERROR, rec.failed);
    }

    @Test
    void aLargeBodyIsAnnouncedWith100Continue() throws Exception {
        start(request("PUT", Http1Request.Body.LENGTH, Http1Request.EXPECT_100_THRESHOLD + 1, null));
        assertTrue(codec.send(rec));
        assertTrue(codec.expect100());
        assertTrue(wire.sent().contains("Expect: 100-continue\r\n"));
    }

    @Test
    void aBodyAnnouncedWith100ContinueWaitsForItBeforeItGoes() throws Exception {
        start(new ExchangeCodec.Request("PUT", URL, URL.target(), UA, List.of("Expect: 100-continue"),
                Http1Request.Body.LENGTH, 1, false, Http1Request.Extras.NONE, null, 0, false));
        rec.upload.add("x");
        assertTrue(codec.send(rec));
        assertTrue(codec.expect100());
        assertTrue(rec.waited100);
        assertTrue(codec.waiting100());
        assertFalse(codec.wantsToSend(), "nothing to write while waiting");
        assertTrue(wire.sent().contains("Expect: 100-continue\r\n"));
        assertTrue(wire.sent().endsWith("\r\n\r\n"), "the head only");

        wire.arrive("HTTP/1.1 100 Continue\r\n\r\n");
        assertFalse(codec.receive(rec));
        assertEquals(List.of("STATUS_LINE", "HEADERS_DONE"), rec.events);
        assertTrue(codec.response().interim());
        codec.stopWaiting100(); // the exchange's decision on the interim answer
        assertTrue(codec.send(rec));
        assertTrue(wire.sent().endsWith("\r\n\r\nx"));
    }

    @Test
    void bytesLeftWhenTheListenerStopsAreKeptAndReadBeforeTheSocket() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        rec.stopAtBody = true;
        codec.receive(rec);
        assertEquals("abc", rec.body.toString(StandardCharsets.ISO_8859_1));
        assertTrue(codec.hasBufferedInput(), "the rest is kept, not lost with the shared buffer");
        assertFalse(codec.reusable(), "not while bytes wait");
        int readsBefore = wire.readCalls;
        codec.receive(rec);
        assertEquals(readsBefore, wire.readCalls, "the kept bytes finish the response without a socket read");
        assertEquals("abcdef", rec.body.toString(StandardCharsets.ISO_8859_1));
        assertTrue(codec.responseDone());
        assertTrue(codec.reusable());
    }

    @Test
    void bytesKeptForAnAbandonedExchangeAreNotTheNextOnes() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        rec.stopAtBody = true;
        codec.receive(rec);
        assertTrue(codec.hasBufferedInput());

        codec.reset(); // the handle's next transfer
        assertFalse(codec.hasBufferedInput());
        Recorder next = new Recorder();
        codec.attach(wire, readBuffer, readBuffer.asReadOnlyBuffer());
        next.codec = codec;
        codec.writeRequest(request("GET", Http1Request.Body.NONE, 0, null), false);
        codec.send(next);
        wire.arrive("HTTP/1.1 204 No Content\r\n\r\n");
        codec.receive(next);
        assertEquals(204, codec.response().statusCode());
        assertEquals(0, next.body.size());
        assertTrue(codec.responseDone());
    }

    @Test
    void bytesPastTheResponseCloseTheConnectionAfterIt() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAjunk");
        codec.receive(rec);
        assertTrue(codec.responseDone());
        assertFalse(codec.reusable());
    }

    @Test
    void connectionCloseMakesTheConnectionUnusableAfterTheResponse() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        codec.receive(rec);
        assertTrue(codec.responseDone());
        assertFalse(codec.reusable());
    }

    @Test
    void theEndOfInputCompletesABodyDelimitedByTheClose() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\n\r\nuntil the end");
        wire.eof = true;
        assertTrue(codec.receive(rec), "the input ended");
        assertTrue(codec.endOfInput());
        assertTrue(codec.responseDone());
        assertEquals("until the end", rec.body.toString(StandardCharsets.ISO_8859_1));
        assertFalse(codec.reusable());
    }

    @Test
    void theEndOfInputInsideALengthBodyIsAnError() throws Exception {
        start(request("GET", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        wire.eof = true;
        assertTrue(codec.receive(rec));
        HttpParseException e = assertThrows(HttpParseException.class, codec::endOfInput);
        assertEquals(CurlCode.CURLE_PARTIAL_FILE, e.code());
    }

    @Test
    void aHeadRequestExpectsNoBodyWhateverTheLength() throws Exception {
        start(request("HEAD", Http1Request.Body.NONE, 0, null));
        codec.send(rec);
        wire.arrive("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        codec.receive(rec);
        assertTrue(codec.responseDone());
        assertEquals(100, codec.response().contentLength());
        assertTrue(codec.reusable());
    }

    @Test
    void writingFailuresOfTheChainReachTheCaller() {
        ConnectionFilter broken = new ConnectionFilter() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                throw new IOException("reset");
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("reset");
            }

            @Override
            public void close() {
            }
        };
        codec.attach(broken, readBuffer, readBuffer.asReadOnlyBuffer());
        rec.codec = codec;
        codec.writeRequest(request("GET", Http1Request.Body.NONE, 0, null), false);
        assertThrows(IOException.class, () -> codec.send(rec));
        assertThrows(IOException.class, () -> codec.receive(rec));
    }
}
