package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken peers, one fault per test, each run by {@link FaultHarness} beside 100
 * well-behaved transfers on the same multi. Every test states the code libcurl 8 returns for the
 * fault and why; hiper must return the same, within a bound, with every socket of the failed
 * transfer told REMOVE and closed, and the bystanders untouched.
 */
@Timeout(60)
class FaultTest {
    /** Bound for faults that fail on their own (no timeout involved). */
    private static final long QUICK_MS = 10_000;
    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

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

    private FaultHarness.Outcome fault(String name, Action[] script, CurlCode expected, long boundMs,
            Consumer<CurlEasy> setup, Sink sink) throws IOException {
        if (script != null) {
            server.enqueue(script);
        }
        try (CurlEasy bad = easy(server.url("/" + name), sink)) {
            setup.accept(bad);
            return FaultHarness.run(jetty, name, bad, expected, boundMs);
        }
    }

    private FaultHarness.Outcome fault(String name, CurlCode expected, Action... script) throws IOException {
        return fault(name, script, expected, QUICK_MS, e -> { }, new Sink());
    }

    private static Action[] script(Action... a) {
        return a;
    }

    /** An upload of {@code size} bytes sent at once (no Expect: 100-continue). */
    private static Consumer<CurlEasy> upload(byte[] data) {
        return e -> {
            e.setopt(CURLOPT_UPLOAD, 1L);
            e.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            e.setopt(CURLOPT_HTTPHEADER, List.of("Expect:"));
            e.setopt(CURLOPT_READFUNCTION, reader(data, 65536));
        };
    }

    // ---- connecting ------------------------------------------------------------------------

    @Test
    void refused() throws IOException {
        // Nothing listens: the connect fails at once. libcurl: CURLE_COULDNT_CONNECT (7).
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (CurlEasy bad = easy("http://127.0.0.1:" + port + "/", new Sink())) {
            FaultHarness.run(jetty, "refused", bad, CurlCode.CURLE_COULDNT_CONNECT, QUICK_MS);
        }
    }

    @Test
    void acceptThenClose() throws IOException {
        // The server closes without a byte: libcurl's "Empty reply from server", CURLE_GOT_NOTHING (52).
        fault("accept-close", CurlCode.CURLE_GOT_NOTHING, Action.close());
    }

    // ---- resets (RST) in every phase ------------------------------------------------------

    @Test
    void resetWhileTheRequestIsSent() throws IOException, InterruptedException {
        // The server takes 64 KiB of a 32 MiB upload and resets: the next send fails.
        // libcurl: CURLE_SEND_ERROR (55). (32 MiB is more than both sides' socket buffers can
        // hold, so the client is still sending when the reset comes.)
        byte[] data = randomBytes(32 << 20, 41);
        fault("reset-while-sending", script(Action.noContinue(), Action.readBodyPart(64 * 1024), Action.reset()),
                CurlCode.CURLE_SEND_ERROR, QUICK_MS, upload(data), new Sink());
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r);
        assertFalse(r.complete(), "the server saw only part of the body");
        assertEquals(64 * 1024, r.bodySize());
    }

    @Test
    void resetAfterTheStatusLine() throws IOException {
        // A recv error in the middle of the head: libcurl's "Recv failure", CURLE_RECV_ERROR (56).
        fault("reset-after-status-line", CurlCode.CURLE_RECV_ERROR,
                Action.respond("HTTP/1.1 200 OK\r\n"), Action.sleep(50), Action.reset());
    }

    @Test
    void resetInsideTheHeaders() throws IOException {
        // Same failure half way through a header line: CURLE_RECV_ERROR (56).
        fault("reset-inside-headers", CurlCode.CURLE_RECV_ERROR,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Half: ab"), Action.sleep(50),
                Action.reset());
    }

    @Test
    void resetInsideAContentLengthBody() throws IOException {
        // 3 of 100 body bytes, then a reset: CURLE_RECV_ERROR (56), not 18 (nothing was closed cleanly).
        Sink sink = new Sink();
        fault("reset-inside-length-body", script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"),
                Action.sleep(50), Action.reset()), CurlCode.CURLE_RECV_ERROR, QUICK_MS, e -> { }, sink);
        assertEquals("abc", sink.text(), "what arrived before the reset was delivered");
    }

    @Test
    void resetInsideAChunkedBody() throws IOException {
        // A reset between chunks: CURLE_RECV_ERROR (56).
        Sink sink = new Sink();
        fault("reset-inside-chunked-body", script(Action.respond(CHUNKED_HEAD + "5\r\nhello\r\n8\r\nwor"),
                Action.sleep(50), Action.reset()), CurlCode.CURLE_RECV_ERROR, QUICK_MS, e -> { }, sink);
        assertEquals("hellowor", sink.text());
    }

    // ---- slow and silent peers ---------------------------------------------------------------

    @Test
    void dripOneByteEvery100Ms() throws IOException {
        // A response that would take 14 s; CURLOPT_TIMEOUT_MS 700 ends it:
        // libcurl's "Operation timed out", CURLE_OPERATION_TIMEDOUT (28).
        String resp = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100);
        FaultHarness.Outcome o = fault("drip-100ms", script(Action.drip(resp, 100)),
                CurlCode.CURLE_OPERATION_TIMEDOUT, 700 + QUICK_MS, e -> e.setopt(CURLOPT_TIMEOUT_MS, 700L),
                new Sink());
        assertTrue(o.millis >= 690, "not before the timeout: " + o.millis);
    }

    @Test
    void stallForever() throws IOException {
        // The server accepts, reads the request and never answers: CURLE_OPERATION_TIMEDOUT (28).
        FaultHarness.Outcome o = fault("stall", script(Action.stall()), CurlCode.CURLE_OPERATION_TIMEDOUT,
                500 + QUICK_MS, e -> e.setopt(CURLOPT_TIMEOUT_MS, 500L), new Sink());
        assertTrue(o.millis >= 490, "not before the timeout: " + o.millis);
    }

    @Test
    void stallInsideTheHead() throws IOException {
        // Half a head, then silence: CURLE_OPERATION_TIMEDOUT (28).
        fault("stall-inside-head", script(Action.respond("HTTP/1.1 200 OK\r\nX-A: "), Action.stall()),
                CurlCode.CURLE_OPERATION_TIMEDOUT, 500 + QUICK_MS, e -> e.setopt(CURLOPT_TIMEOUT_MS, 500L),
                new Sink());
    }

    // ---- oversized heads ------------------------------------------------------------------

    @Test
    void headerLineOf200KiB() throws IOException {
        // Over libcurl's CURL_MAX_HTTP_HEADER (100 KiB) for one line: CURLE_TOO_LARGE (100).
        fault("header-line-200KiB", CurlCode.CURLE_TOO_LARGE,
                Action.respond("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200 * 1024) + "\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void tenThousandHeaders() throws IOException {
        // 10,000 small fields (about 100 KiB, under the 300 KiB size limit): over libcurl's
        // MAX_HTTP_RESP_HEADER_COUNT of 5,000, "Too many response headers": CURLE_TOO_LARGE (100).
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        FaultHarness.Outcome o = fault("10000-headers", CurlCode.CURLE_TOO_LARGE, Action.respond(sb.toString()));
        assertTrue(o.error.contains("Too many response headers"), o.error);
    }

    @Test
    void floodOf100Continue() throws IOException {
        // Interim responses count against the 300 KiB of a response's headers in libcurl:
        // an endless stream of them ends in CURLE_RECV_ERROR (56, as curl's tests 497 and 498
        // show for headers over the total), not a loop.
        String flood = "HTTP/1.1 100 Continue\r\n\r\n".repeat(15_000);
        fault("100-continue-flood", CurlCode.CURLE_RECV_ERROR, Action.respond(flood), Action.stall());
    }

    // ---- chunked framing ----------------------------------------------------------------------

    @Test
    void chunkSizeNotHex() throws IOException {
        // libcurl's chunk parser: "Illegal or missing hexadecimal sequence", CURLE_RECV_ERROR (56).
        fault("chunk-size-not-hex", CurlCode.CURLE_RECV_ERROR, Action.respond(CHUNKED_HEAD + "zz\r\nhello\r\n0\r\n\r\n"));
    }

    @Test
    void chunkSizeOverflows64Bits() throws IOException {
        // 17 hex digits, and 16 that do not fit a signed 64-bit size: libcurl's
        // "Too long hexadecimal number" / "Illegal or missing hexadecimal sequence", CURLE_RECV_ERROR (56).
        fault("chunk-size-17-digits", CurlCode.CURLE_RECV_ERROR,
                Action.respond(CHUNKED_HEAD + "10000000000000000\r\nx\r\n0\r\n\r\n"));
        server.enqueue(Action.respond(CHUNKED_HEAD + "FFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n"));
        try (CurlEasy bad = easy(server.url("/chunk-size-64-bits"), new Sink())) {
            FaultHarness.run(jetty, "chunk-size-64-bits", bad, CurlCode.CURLE_RECV_ERROR, QUICK_MS);
        }
    }

    @Test
    void chunkSizeLiesUpward() throws IOException {
        // Says 0x100 bytes, sends 5 and the last chunk, then closes: the rest counts as chunk
        // data, then the connection ends inside the chunk: libcurl's "transfer closed with
        // outstanding read data remaining", CURLE_PARTIAL_FILE (18).
        fault("chunk-size-too-big", CurlCode.CURLE_PARTIAL_FILE,
                Action.respond(CHUNKED_HEAD + "100\r\nhello\r\n0\r\n\r\n"), Action.close());
    }

    @Test
    void chunkSizeLiesDownward() throws IOException {
        // Says 3 bytes, sends 5: the byte after the chunk is not CRLF: libcurl's
        // "Malformed encoding found in chunked-encoding", CURLE_RECV_ERROR (56).
        fault("chunk-size-too-small", CurlCode.CURLE_RECV_ERROR,
                Action.respond(CHUNKED_HEAD + "3\r\nhello\r\n0\r\n\r\n"));
    }

    // ---- Content-Length and smuggling shapes ----------------------------------------------------

    @Test
    void negativeContentLength() throws IOException {
        // libcurl's "Invalid Content-Length: value", CURLE_WEIRD_SERVER_REPLY (8).
        fault("content-length-negative", CurlCode.CURLE_WEIRD_SERVER_REPLY,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nbody"));
    }

    @Test
    void contentLengthsThatDisagree() throws IOException {
        // Two values for one length: the framing is unknowable (RFC 9112 section 6.3), and
        // libcurl 8 refuses it: CURLE_WEIRD_SERVER_REPLY (8). Once as two fields, once as a list.
        fault("content-length-twice", CurlCode.CURLE_WEIRD_SERVER_REPLY,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nbody"));
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 4, 40\r\n\r\nbody"));
        try (CurlEasy bad = easy(server.url("/content-length-list"), new Sink())) {
            FaultHarness.run(jetty, "content-length-list", bad, CurlCode.CURLE_WEIRD_SERVER_REPLY, QUICK_MS);
        }
    }

    @Test
    void contentLengthWithChunked() throws IOException, InterruptedException {
        // Both framings (the classic smuggling shape): chunked wins (RFC 9112 section 6.3 item 3,
        // and libcurl), the transfer succeeds (CURLE_OK) with the de-chunked body, and hiper does
        // not trust the connection for another request.
        Sink sink = new Sink();
        fault("content-length-and-chunked", script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGARBAGE")), CurlCode.CURLE_OK, QUICK_MS,
                e -> { }, sink);
        assertEquals("hello", sink.text());
        server.enqueue(Action.respond(200, "again"));
        Sink again = new Sink();
        try (CurlEasy e = easy(server.url("/again"), again)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        }
        assertEquals(2, server.connectionCount(), "the smuggling-shaped connection was not reused");
    }

    @Test
    void overflowingContentLength() throws IOException {
        // 20 digits: libcurl says "Overflow Content-Length: value", ignores it and reads to the
        // close: CURLE_OK with the body.
        Sink sink = new Sink();
        fault("content-length-overflow", script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: "
                + "99999999999999999999\r\n\r\nbody"), Action.close()), CurlCode.CURLE_OK, QUICK_MS, e -> { }, sink);
        assertEquals("body", sink.text());
    }

    // ---- bytes that do not belong ------------------------------------------------------------

    @Test
    void bareLineFeeds() throws IOException {
        // RFC 9112 section 2.2 lets a recipient take LF alone as a line end, and libcurl does: CURLE_OK.
        Sink sink = new Sink();
        fault("bare-lf", script(Action.respond("HTTP/1.1 200 OK\nContent-Length: 5\nX-A: b\n\nhello")),
                CurlCode.CURLE_OK, QUICK_MS, e -> { }, sink);
        assertEquals("hello", sink.text());
    }

    @Test
    void nulInAHeaderName() throws IOException {
        // libcurl's "Nul byte in header", CURLE_WEIRD_SERVER_REPLY (8).
        fault("nul-in-name", CurlCode.CURLE_WEIRD_SERVER_REPLY,
                Action.respond("HTTP/1.1 200 OK\r\nX-\0A: b\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void nulInAHeaderValue() throws IOException {
        // The same for a value: CURLE_WEIRD_SERVER_REPLY (8).
        fault("nul-in-value", CurlCode.CURLE_WEIRD_SERVER_REPLY,
                Action.respond("HTTP/1.1 200 OK\r\nX-A: b\0c\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void controlBytesInHeaderNamesAndValues() throws IOException {
        // libcurl rejects only NUL (and a CR that is not a line end); other control bytes pass
        // to the header callback: CURLE_OK.
        HeaderSink headers = new HeaderSink();
        Sink sink = new Sink();
        fault("control-bytes", script(Action.respond("HTTP/1.1 200 OK\r\nX-\u0001A: b\u0007c\u001bd\r\n"
                + "X\u007f: e\r\nContent-Length: 2\r\n\r\nok")), CurlCode.CURLE_OK, QUICK_MS,
                e -> e.setopt(CURLOPT_HEADERFUNCTION, headers), sink);
        assertTrue(headers.lines.contains("X-\u0001A: b\u0007c\u001bd\r\n"), headers.lines.toString());
        assertEquals("ok", sink.text());
    }

    @Test
    void bareCarriageReturnInAHeader() throws IOException {
        // A CR inside a line could hide a line end from one parser and not another:
        // CURLE_WEIRD_SERVER_REPLY (8).
        fault("bare-cr", CurlCode.CURLE_WEIRD_SERVER_REPLY,
                Action.respond("HTTP/1.1 200 OK\r\nX-A: b\rContent-Length: 99\r\nContent-Length: 0\r\n\r\n"));
    }

    // ---- status lines ---------------------------------------------------------------------------

    @Test
    void statusCodeBelow100() throws IOException {
        // libcurl's "Unsupported response code in HTTP response", CURLE_UNSUPPORTED_PROTOCOL (1).
        fault("status-099", CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                Action.respond("HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void statusCodeAbove999() throws IOException {
        // Four digits are not "HTTP/1.x DDD": libcurl's "Unsupported HTTP/1 subversion in
        // response", CURLE_UNSUPPORTED_PROTOCOL (1).
        fault("status-1000", CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                Action.respond("HTTP/1.1 1000 High\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void http09Reply() throws IOException {
        // No status line at all: libcurl's "Received HTTP/0.9 when not allowed", CURLE_UNSUPPORTED_PROTOCOL (1).
        fault("http-0.9", CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                Action.respond("<html>hello</html>\r\n"), Action.close());
    }

    @Test
    void headCutOff() throws IOException {
        // The server closes half way through the headers, after a Content-Length: libcurl counts
        // the header lines as received and fails on the missing body (18).
        fault("head-cut-off", CurlCode.CURLE_PARTIAL_FILE,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Ty"), Action.close());
    }

    // ---- uploads and half-closed connections ------------------------------------------------

    @Test
    void responseArrivesAndClosesWhileTheUploadIsSent() throws IOException, InterruptedException {
        // The server answers 200 with "Connection: close" after 64 KiB of a 32 MiB upload, reads
        // no more, and resets the connection 200 ms later. libcurl: "we are done reading and this
        // is set to close, stop send": CURLE_OK with the body. (A client that kept sending would
        // meet the reset: 55.)
        byte[] data = randomBytes(32 << 20, 42);
        Sink sink = new Sink();
        FaultHarness.Outcome o = fault("response-during-upload", script(Action.noContinue(),
                Action.readBodyPart(64 * 1024),
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                Action.sleep(200), Action.reset()),
                CurlCode.CURLE_OK, QUICK_MS, upload(data), sink);
        assertEquals("ok", sink.text(), o.error);
    }

    @Test
    void errorResponseWhileTheUploadIsSent() throws IOException {
        // A 413 before the body went out: libcurl's "HTTP error before end of send, stop sending";
        // the transfer itself succeeds (CURLE_OK) with the 413, and the connection closes.
        byte[] data = randomBytes(8 << 20, 43);
        Sink sink = new Sink();
        try (CurlEasy bad = easy(server.url("/too-large"), sink)) {
            upload(data).accept(bad);
            server.enqueue(Action.noContinue(), Action.readBodyPart(64 * 1024),
                    Action.respond("HTTP/1.1 413 Content Too Large\r\nContent-Length: 4\r\n\r\nnope"), Action.close());
            FaultHarness.run(jetty, "413-during-upload", bad, CurlCode.CURLE_OK, QUICK_MS);
            assertEquals(413L, bad.getinfo(CURLINFO_RESPONSE_CODE));
        }
        assertEquals("nope", sink.text());
    }

    @Test
    void halfClosedBeforeAnyResponse() throws IOException {
        // The server shuts its output (FIN) but keeps reading: the client sees the end of the
        // stream with no response: CURLE_GOT_NOTHING (52).
        fault("half-closed-empty", CurlCode.CURLE_GOT_NOTHING, Action.shutdownOutput());
    }

    @Test
    void halfClosedAfterACloseDelimitedResponse() throws IOException {
        // A body without framing ends with the FIN (RFC 9112 section 6.3 item 8), even though the
        // server still reads: CURLE_OK.
        Sink sink = new Sink();
        fault("half-closed-body", script(Action.respond("HTTP/1.1 200 OK\r\n\r\nall of it"), Action.shutdownOutput()),
                CurlCode.CURLE_OK, QUICK_MS, e -> { }, sink);
        assertEquals("all of it", sink.text());
    }

    @Test
    void halfClosedInsideAContentLengthBody() throws IOException {
        // FIN with 3 of 10 body bytes: libcurl's "transfer closed with 7 bytes remaining to read",
        // CURLE_PARTIAL_FILE (18).
        fault("half-closed-short-body", CurlCode.CURLE_PARTIAL_FILE,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), Action.shutdownOutput());
    }
}
