package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.Http1ResponseParser.BodyMode;
import dev.hiper.internal.http.Http1ResponseParser.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The response parser fed whole and split at every position: the events, the
 * body, the bytes left over and the counters must not depend on how the bytes
 * arrived.
 */
class Http1ResponseParserTest {

    private static final int MAX_LINE = Http1ResponseParser.MAX_HEADER_LINE;
    private static final int MAX_TOTAL = Http1ResponseParser.MAX_HEADERS_TOTAL;

    // ---- harness ------------------------------------------------------------------------

    /** What one parse produced. BODY events are left out of the transcript; their bytes are in body. */
    private static final class Run {
        final StringBuilder transcript = new StringBuilder();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String leftover;
        long headerBytes;
        long bodyBytes;
        HttpParseException error;

        String body() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }

        /** Everything, except after an error how much was consumed (an early decision consumes less). */
        String summary() {
            if (error != null) {
                return transcript + "body=" + body() + "\nerror=" + error.code() + ": " + error.getMessage();
            }
            return transcript + "body=" + body() + "\nleftover=" + leftover + "\nheaderBytes=" + headerBytes
                    + " bodyBytes=" + bodyBytes;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String str(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    private static String esc(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    /**
     * Feed {@code data} in pieces ending at {@code cuts} (then the rest), into one buffer
     * that is compacted and refilled like a socket read buffer. At the end of the data,
     * if {@code eof}, report end of input.
     */
    private static Run run(byte[] data, int[] cuts, boolean noBody, boolean eof, boolean direct) {
        return run(data, cuts, noBody, eof, direct, false);
    }

    /** As above; {@code reused}: the connection already carried an HTTP/1.x response. */
    private static Run run(byte[] data, int[] cuts, boolean noBody, boolean eof, boolean direct, boolean reused) {
        Http1ResponseParser p = new Http1ResponseParser();
        p.reset(noBody);
        p.configure(false, reused, false);
        Run r = new Run();
        ByteBuffer buf = (direct ? ByteBuffer.allocateDirect(data.length + 1) : ByteBuffer.allocate(data.length + 1));
        buf.flip();
        int fed = 0;
        int ci = 0;
        try {
            loop:
            for (;;) {
                Event e = p.next(buf);
                switch (e) {
                    case NEED_MORE:
                        assertEquals(0, buf.remaining(), "NEED_MORE with unconsumed bytes");
                        if (fed == data.length) {
                            if (eof) {
                                assertEquals(Event.DONE, p.endOfInput());
                                r.transcript.append("EOF-DONE\n");
                            } else {
                                r.transcript.append("NEED_MORE\n");
                            }
                            break loop;
                        }
                        int cut = ci < cuts.length ? cuts[ci++] : data.length;
                        buf.compact().put(data, fed, cut - fed).flip();
                        fed = cut;
                        break;
                    case STATUS_LINE:
                        r.transcript.append("S ").append(p.statusCode()).append(" 1.").append(p.httpMinorVersion())
                                .append(" [").append(esc(str(p.line()))).append("]\n");
                        break;
                    case HEADER:
                    case TRAILER:
                        r.transcript.append(e == Event.HEADER ? "H " : "T ").append(p.headerName()).append('=')
                                .append(p.headerValue()).append(" [").append(esc(str(p.line()))).append("]\n");
                        break;
                    case HEADERS_DONE:
                        r.transcript.append("D interim=").append(p.interim()).append(" mode=").append(p.bodyMode())
                                .append(" cl=").append(p.contentLength()).append(" ka=").append(p.keepAlive())
                                .append(" [").append(esc(str(p.line()))).append("]\n");
                        break;
                    case BODY: {
                        int n = p.bodyAvailable();
                        assertTrue(n > 0 && n <= buf.remaining(), "bodyAvailable " + n);
                        byte[] chunk = new byte[n];
                        buf.duplicate().get(chunk);
                        r.body.writeBytes(chunk);
                        p.consumeBody(buf, n);
                        break;
                    }
                    case DONE: {
                        String line;
                        try {
                            line = " [" + esc(str(p.line())) + "]";
                        } catch (IllegalStateException noLine) {
                            line = "";
                        }
                        r.transcript.append("DONE").append(line).append('\n');
                        // DONE is sticky and consumes nothing.
                        int pos = buf.position();
                        assertEquals(Event.DONE, p.next(buf));
                        assertEquals(pos, buf.position());
                        break loop;
                    }
                    default:
                        fail("unexpected " + e);
                }
            }
        } catch (HttpParseException ex) {
            r.error = ex;
        }
        byte[] rest = new byte[buf.remaining()];
        buf.get(rest);
        r.leftover = new String(rest, StandardCharsets.ISO_8859_1)
                + new String(data, fed, data.length - fed, StandardCharsets.ISO_8859_1);
        r.headerBytes = p.headerBytes();
        r.bodyBytes = p.bodyBytes();
        return r;
    }

    /**
     * Parse whole, split in two at every position, and one byte at a time, on heap and
     * direct buffers; every way must give the same result. Returns it.
     */
    private static Run allSplits(String response, boolean noBody, boolean eof) {
        return allSplits(response, noBody, eof, false);
    }

    private static Run allSplits(String response, boolean noBody, boolean eof, boolean reused) {
        byte[] data = bytes(response);
        Run whole = run(data, new int[0], noBody, eof, false, reused);
        String expected = whole.summary();
        for (boolean direct : new boolean[] {false, true}) {
            for (int k = 0; k <= data.length; k++) {
                assertEquals(expected, run(data, new int[] {k}, noBody, eof, direct, reused).summary(),
                        "split at " + k + (direct ? " (direct)" : ""));
            }
            int[] bytewise = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                bytewise[i] = i + 1;
            }
            assertEquals(expected, run(data, bytewise, noBody, eof, direct, reused).summary(),
                    "byte at a time" + (direct ? " (direct)" : ""));
        }
        return whole;
    }

    private static Run ok(String response, boolean noBody, boolean eof) {
        Run r = allSplits(response, noBody, eof);
        if (r.error != null) {
            fail("unexpected error " + r.error);
        }
        return r;
    }

    private static HttpParseException error(CurlCode code, String response, boolean eof) {
        Run r = allSplits(response, false, eof);
        assertNotNull(r.error, "no error for " + esc(response) + ":\n" + r.summary());
        assertEquals(code, r.error.code(), r.error.getMessage());
        return r.error;
    }

    private static HttpParseException error(CurlCode code, String response) {
        return error(code, response, false);
    }

    /** The error on a connection that already carried an HTTP/1.x response. */
    private static HttpParseException errorReused(CurlCode code, String response) {
        Run r = allSplits(response, false, false, true);
        assertNotNull(r.error, "no error for " + esc(response) + ":\n" + r.summary());
        assertEquals(code, r.error.code(), r.error.getMessage());
        return r.error;
    }

    // ---- complete responses at every split ------------------------------------------

    @Test
    void contentLengthBody() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Y:  z z \t\r\n\r\n";
        Run r = ok(head + "helloEXTRA", false, false);
        assertEquals("S 200 1.1 [HTTP/1.1 200 OK\\r\\n]\n"
                + "H Content-Length=5 [Content-Length: 5\\r\\n]\n"
                + "H X-Y=z z [X-Y:  z z \t\\r\\n]\n"
                + "D interim=false mode=LENGTH cl=5 ka=true [\\r\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("hello", r.body());
        assertEquals("EXTRA", r.leftover);
        assertEquals(head.length(), r.headerBytes);
        assertEquals(5, r.bodyBytes);
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        Run r = ok(head + "5;foo=bar\r\nhello\r\n6 ; x\r\n world\r\n0;last\r\nX-Trailer: t1\r\nX-Other:t2\r\n\r\nNEXT",
                false, false);
        assertEquals("S 200 1.1 [HTTP/1.1 200 OK\\r\\n]\n"
                + "H Transfer-Encoding=chunked [Transfer-Encoding: chunked\\r\\n]\n"
                + "D interim=false mode=CHUNKED cl=-1 ka=true [\\r\\n]\n"
                + "T X-Trailer=t1 [X-Trailer: t1\\r\\n]\n"
                + "T X-Other=t2 [X-Other:t2\\r\\n]\n"
                + "DONE [\\r\\n]\n", r.transcript.toString());
        assertEquals("hello world", r.body());
        assertEquals("NEXT", r.leftover);
        assertEquals(head.length(), r.headerBytes, "trailers are not header bytes");
        assertEquals(11, r.bodyBytes);
    }

    @Test
    void interimResponsesThenFinal() {
        String head = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\nContent-Length: 7\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
        Run r = ok(head + "ok", false, false);
        assertEquals("S 100 1.1 [HTTP/1.1 100 Continue\\r\\n]\n"
                + "D interim=true mode=NONE cl=-1 ka=true [\\r\\n]\n"
                + "S 103 1.1 [HTTP/1.1 103 Early Hints\\r\\n]\n"
                + "H Link=</s.css> [Link: </s.css>\\r\\n]\n"
                + "H Content-Length=7 [Content-Length: 7\\r\\n]\n"
                + "D interim=true mode=NONE cl=7 ka=true [\\r\\n]\n"
                + "S 200 1.1 [HTTP/1.1 200 OK\\r\\n]\n"
                + "H Content-Length=2 [Content-Length: 2\\r\\n]\n"
                + "D interim=false mode=LENGTH cl=2 ka=true [\\r\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("ok", r.body());
        assertEquals("", r.leftover);
        assertEquals(head.length(), r.headerBytes, "interim responses count as header bytes");
    }

    @Test
    void interimHeadersDoNotLeakIntoFinalResponse() {
        // The 100 says close and has a length; the 200 has neither: a leak of either would
        // make it not reusable (close, or Content-Length with Transfer-Encoding).
        Run r = ok("HTTP/1.1 100 Continue\r\nConnection: close\r\nContent-Length: 3\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false, false);
        assertTrue(r.transcript.toString().contains("D interim=true mode=NONE cl=3 ka=false"), r.summary());
        assertTrue(r.transcript.toString().contains("D interim=false mode=CHUNKED cl=-1 ka=true"), r.summary());
        assertEquals("abc", r.body());
    }

    @Test
    void headResponseWithContentLengthHasNoBody() {
        Run r = ok("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\nHTTP/1.1", true, false);
        assertEquals("S 200 1.1 [HTTP/1.1 200 OK\\r\\n]\n"
                + "H Content-Length=1234 [Content-Length: 1234\\r\\n]\n"
                + "D interim=false mode=NONE cl=1234 ka=true [\\r\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("", r.body());
        assertEquals("HTTP/1.1", r.leftover);
        assertEquals(0, r.bodyBytes);
    }

    @Test
    void headResponseWithChunkedHasNoBody() {
        Run r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true, false);
        assertTrue(r.transcript.toString().endsWith("D interim=false mode=NONE cl=-1 ka=true [\\r\\n]\nDONE\n"),
                r.summary());
    }

    @Test
    void noContentHasNoBody() {
        Run r = ok("HTTP/1.1 204 No Content\r\nServer: s\r\n\r\nHTTP/1.1 200 OK\r\n", false, false);
        assertEquals("S 204 1.1 [HTTP/1.1 204 No Content\\r\\n]\n"
                + "H Server=s [Server: s\\r\\n]\n"
                + "D interim=false mode=NONE cl=-1 ka=true [\\r\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("HTTP/1.1 200 OK\r\n", r.leftover);
    }

    @Test
    void notModifiedHasNoBodyDespiteContentLength() {
        Run r = ok("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\nETag: \"x\"\r\n\r\n", false, false);
        assertEquals("S 304 1.1 [HTTP/1.1 304 Not Modified\\r\\n]\n"
                + "H Content-Length=100 [Content-Length: 100\\r\\n]\n"
                + "H ETag=\"x\" [ETag: \"x\"\\r\\n]\n"
                + "D interim=false mode=NONE cl=100 ka=true [\\r\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("", r.leftover);
    }

    @Test
    void closeDelimitedBodyEndsAtEof() {
        Run r = ok("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nsome body\r\nbytes", false, true);
        assertEquals("S 200 1.0 [HTTP/1.0 200 OK\\r\\n]\n"
                + "H Server=x [Server: x\\r\\n]\n"
                + "D interim=false mode=CLOSE cl=-1 ka=false [\\r\\n]\n"
                + "EOF-DONE\n", r.transcript.toString());
        assertEquals("some body\r\nbytes", r.body());
        assertEquals(16, r.bodyBytes);
    }

    @Test
    void closeDelimitedBodyWithoutEofIsNotDone() {
        Run r = ok("HTTP/1.1 200 OK\r\n\r\nabc", false, false);
        assertTrue(r.transcript.toString().endsWith("mode=CLOSE cl=-1 ka=false [\\r\\n]\nNEED_MORE\n"), r.summary());
        assertEquals("abc", r.body());
    }

    @Test
    void bareLfLineEnds() {
        Run r = ok("HTTP/1.1 200 OK\nContent-Length: 3\nA: b\n\nabc", false, false);
        assertEquals("S 200 1.1 [HTTP/1.1 200 OK\\n]\n"
                + "H Content-Length=3 [Content-Length: 3\\n]\n"
                + "H A=b [A: b\\n]\n"
                + "D interim=false mode=LENGTH cl=3 ka=true [\\n]\n"
                + "DONE\n", r.transcript.toString());
        assertEquals("abc", r.body());
        assertEquals("HTTP/1.1 200 OK\nContent-Length: 3\nA: b\n\n".length(), r.headerBytes);
    }

    @Test
    void bareLfInChunkedBody() {
        Run r = ok("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\nT: v\n\n", false, false);
        assertTrue(r.transcript.toString().endsWith("T T=v [T: v\\n]\nDONE [\\n]\n"), r.summary());
        assertEquals("abc", r.body());
    }

    @Test
    void contentLengthZeroIsDoneAfterHeaders() {
        Run r = ok("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nX", false, false);
        assertTrue(r.transcript.toString().endsWith("D interim=false mode=LENGTH cl=0 ka=true [\\r\\n]\nDONE\n"),
                r.summary());
        assertEquals("X", r.leftover);
    }

    @Test
    void switchingProtocolsIsFinalAndLeavesTheRest() {
        Run r = ok("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello",
                false, false);
        assertTrue(r.transcript.toString().endsWith("D interim=false mode=NONE cl=-1 ka=true [\\r\\n]\nDONE\n"),
                r.summary());
        assertEquals("\u0081\u0005hello", r.leftover);
    }

    @Test
    void statusLineVariants() {
        assertTrue(ok("HTTP/1.1 200\r\n\r\n", false, true).transcript.toString()
                .startsWith("S 200 1.1 [HTTP/1.1 200\\r\\n]\n"));
        assertTrue(ok("HTTP/1.1 200 \r\n\r\n", false, true).transcript.toString().startsWith("S 200 1.1 "));
        assertTrue(ok("HTTP/1.1 999 Whatever it is\r\n\r\n", false, true).transcript.toString()
                .startsWith("S 999 1.1 "));
        assertTrue(ok("HTTP/1.0 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\r\n\r\n", false, true)
                .transcript.toString().contains("S 404 1.0 "));
    }

    @Test
    void transferEncodingOverridesContentLengthAndPreventsReuse() {
        Run r = ok("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: identity, chunked\r\n\r\n"
                + "2\r\nab\r\n0\r\n\r\n", false, false);
        assertTrue(r.transcript.toString().contains("D interim=false mode=CHUNKED cl=-1 ka=false"), r.summary());
        assertEquals("ab", r.body());
    }

    @Test
    void chunkedBeforeAnotherCodingIsRefused() {
        // libcurl: a coding not asked for is refused; in another field than chunked it is unsolicited
        HttpParseException e = error(CurlCode.CURLE_BAD_CONTENT_ENCODING,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n2\r\nab", true);
        assertEquals("Unsolicited Transfer-Encoding (gzip) found", e.getMessage());
    }

    @Test
    void duplicateEqualContentLengthsAreAccepted() {
        Run r = ok("HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 3, 3\r\n\r\nabc", false, false);
        assertTrue(r.transcript.toString().contains("mode=LENGTH cl=3 ka=true"), r.summary());
        assertEquals("abc", r.body());
    }

    @Test
    void connectionPersistence() {
        assertEquals("true", keepAliveOf("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("false", keepAliveOf("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("false", keepAliveOf("HTTP/1.1 200 OK\r\nCONNECTION: Upgrade, Close\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("false", keepAliveOf("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("true", keepAliveOf("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("false", keepAliveOf("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"));
        assertEquals("false", keepAliveOf("HTTP/1.1 200 OK\r\n\r\n"));
    }

    private static String keepAliveOf(String head) {
        Run r = ok(head, false, false);
        String t = r.transcript.toString();
        int i = t.indexOf(" ka=");
        assertTrue(i > 0, r.summary());
        return t.substring(i + 4, t.indexOf(' ', i + 4));
    }

    // ---- status line errors -------------------------------------------------------------

    @Test
    void badStatusCodes() {
        // libcurl 8: a status line that is not "HTTP/1.x DDD" is not HTTP/1 at all (code 1)
        for (String line : new String[] {"HTTP/1.1 abc OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK",
                "HTTP/1.1 20x OK", "HTTP/1.1", "HTTP/1.1 ", "HTTP/1.1 200OK", "HTTP/1.1 -20 OK"}) {
            HttpParseException e = error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, line + "\r\n\r\n");
            assertEquals("Unsupported HTTP/1 subversion in response", e.getMessage(), line);
        }
        // and a code below 100 is refused with the same code
        for (String line : new String[] {"HTTP/1.1 099 OK", "HTTP/1.1 000 OK", "HTTP/1.0 042"}) {
            HttpParseException e = error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, line + "\r\n\r\n");
            assertEquals("Unsupported response code in HTTP response", e.getMessage(), line);
        }
    }

    @Test
    void twoAndFourDigitCodes() {
        assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                "HTTP/1.1 20 OK\r\n").code());
        assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                "HTTP/1.1 2000\r\n").code());
    }

    @Test
    void aBadStartOnAConnectionThatCarriedHttp1IsWeird() {
        // libcurl: no "HTTP/" prefix cannot be HTTP/0.9 on a reused connection
        HttpParseException e = errorReused(CurlCode.CURLE_WEIRD_SERVER_REPLY, "XTTP/1.1 200 OK\r\n\r\n");
        assertEquals("Invalid status line", e.getMessage());
    }

    @Test
    void http09IsRefused() {
        HttpParseException e = error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "<html><body>hi</body></html>\n");
        assertEquals("Received HTTP/0.9 when not allowed", e.getMessage());
        error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "http/1.1 200 OK\r\n\r\n");
        error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "HTTP\r\n\r\n");
        error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "\r\nHTTP/1.1 200 OK\r\n\r\n");
    }

    @Test
    void http09IsRefusedBeforeTheLineEnds() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        assertEquals(Event.NEED_MORE, p.next(ByteBuffer.wrap(bytes("HTT"))));
        assertTrue(p.anyBytesSeen());
        HttpParseException e = assertThrows(HttpParseException.class, () -> p.next(ByteBuffer.wrap(bytes("X"))));
        assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, e.code());

        Http1ResponseParser q = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("<!doctype html> and no line end in sight"));
        assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                assertThrows(HttpParseException.class, () -> q.next(in)).code());
    }

    @Test
    void otherHttpVersionsAreRefused() {
        for (String line : new String[] {"HTTP/2 200", "HTTP/2.0 200 OK", "HTTP/1.2 200 OK", "HTTP/1.10 200 OK",
                "HTTP/3 200", "HTTP/ 200", "HTTP/1 200"}) {
            HttpParseException e = error(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, line + "\r\n\r\n");
            assertEquals("Unsupported HTTP version in response", e.getMessage(), line);
        }
    }

    // ---- header errors ------------------------------------------------------------------

    @Test
    void headerWithoutColon() {
        HttpParseException e = error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX-Foo bar\r\n\r\n");
        assertEquals("Header without colon", e.getMessage());
    }

    @Test
    void nulInHeader() {
        HttpParseException e = error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX-F\0o: bar\r\n\r\n");
        assertEquals("Nul byte in header", e.getMessage());
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX-Foo: b\0ar\r\n\r\n");
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 O\0K\r\n\r\n");
    }

    @Test
    void controlCharacterInHeaderName() {
        // libcurl passes control bytes other than NUL and CR in names and values on
        Run r = ok("HTTP/1.1 200 OK\r\nX-\u0001Foo: b\u0002ar\r\nX-\u007fFoo: \u001b\r\nContent-Length: 0\r\n\r\n",
                false, false);
        assertTrue(r.transcript.toString().contains("DONE"), r.summary());
    }

    @Test
    void malformedHeaderLines() {
        assertEquals("Whitespace in header name",
                error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n").getMessage());
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX\tA: b\r\n\r\n");
        assertEquals("Header with empty name",
                error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\n: b\r\n\r\n").getMessage());
        // a CR that does not end the line
        assertEquals("CR without LF in response header line",
                error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nX-A: b\rc\r\n\r\n").getMessage());
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\r\n\r\n");
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\n\r\r\n");
    }

    @Test
    void malformedTrailer() {
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n");
    }

    // ---- size limits ------------------------------------------------------------------

    @Test
    void headerLineAtTheLimitIsAccepted() throws HttpParseException {
        String field = "X: " + "a".repeat(MAX_LINE - 5) + "\r\n";
        assertEquals(MAX_LINE, field.length());
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\n" + field + "\r\n"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals(MAX_LINE - 5, p.headerValue().length());
        assertEquals(MAX_LINE, p.line().remaining());
        assertEquals(Event.HEADERS_DONE, p.next(in));
    }

    @Test
    void headerLineOverTheLimitIsRefused() {
        String field = "X: " + "a".repeat(MAX_LINE - 4) + "\r\n";
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\n" + field + "\r\n"));
        HttpParseException e = assertThrows(HttpParseException.class, () -> {
            while (p.next(in) != Event.NEED_MORE) {
                // drain
            }
        });
        assertEquals(CurlCode.CURLE_TOO_LARGE, e.code());
        assertEquals("Too large response header line: " + (MAX_LINE + 1) + " > " + MAX_LINE, e.getMessage());
    }

    @Test
    void endlessHeaderLineFailsWithoutBufferingIt() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        assertEquals(Event.STATUS_LINE, p.next(ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\n"))));
        assertEquals(Event.NEED_MORE, p.next(ByteBuffer.wrap(bytes("X-Long: "))));
        byte[] piece = new byte[8192];
        Arrays.fill(piece, (byte) 'a');
        long fed = 0;
        HttpParseException e = null;
        while (fed < 10L * 1024 * 1024) {
            ByteBuffer in = ByteBuffer.wrap(piece);
            try {
                assertEquals(Event.NEED_MORE, p.next(in));
            } catch (HttpParseException ex) {
                e = ex;
                break;
            }
            fed += piece.length;
        }
        assertNotNull(e, "10 MiB line without LF accepted");
        assertEquals(CurlCode.CURLE_TOO_LARGE, e.code());
        assertTrue(fed < MAX_LINE, "failed only after " + fed + " bytes");
        // Once failed, it stays failed.
        assertSame(e, assertThrows(HttpParseException.class, () -> p.next(ByteBuffer.wrap(piece))));
        assertSame(e, assertThrows(HttpParseException.class, p::endOfInput));
    }

    @Test
    void endlessStatusLineFails() {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 " + "r".repeat(MAX_LINE)));
        assertEquals(CurlCode.CURLE_TOO_LARGE, assertThrows(HttpParseException.class, () -> p.next(in)).code());
        assertEquals(MAX_LINE, in.position(), "consumed exactly up to the limit");
    }

    /** Field lines of at most ~1000 bytes adding up to exactly {@code total} bytes. */
    private static String fields(int total) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (total > 0) {
            int len = total > 1100 ? 1000 : total;
            String name = "X-" + i++ + ": ";
            sb.append(name).append("a".repeat(len - name.length() - 2)).append("\r\n");
            total -= len;
        }
        return sb.toString();
    }

    private static Event drain(Http1ResponseParser p, ByteBuffer in) throws HttpParseException {
        for (;;) {
            Event e = p.next(in);
            if (e == Event.NEED_MORE || e == Event.DONE) {
                return e;
            }
        }
    }

    @Test
    void headersAtTheTotalLimitAreAccepted() throws HttpParseException {
        String status = "HTTP/1.1 200 OK\r\n";
        String cl = "Content-Length: 0\r\n";
        String head = status + cl + fields(MAX_TOTAL - status.length() - cl.length() - 2) + "\r\n";
        assertEquals(MAX_TOTAL, head.length());
        Http1ResponseParser p = new Http1ResponseParser();
        assertEquals(Event.DONE, drain(p, ByteBuffer.wrap(bytes(head))));
        assertEquals(MAX_TOTAL, p.headerBytes());
    }

    @Test
    void headersOverTheTotalLimitAreRefused() {
        String status = "HTTP/1.1 200 OK\r\n";
        String cl = "Content-Length: 0\r\n";
        String head = status + cl + fields(MAX_TOTAL - status.length() - cl.length() - 1) + "\r\n";
        assertEquals(MAX_TOTAL + 1, head.length());
        for (boolean bytewise : new boolean[] {false, true}) {
            Http1ResponseParser p = new Http1ResponseParser();
            byte[] data = bytes(head);
            HttpParseException e = assertThrows(HttpParseException.class, () -> {
                if (bytewise) {
                    for (byte b : data) {
                        drain(p, ByteBuffer.wrap(new byte[] {b}));
                    }
                } else {
                    drain(p, ByteBuffer.wrap(data));
                }
            });
            assertEquals(CurlCode.CURLE_RECV_ERROR, e.code()); // as libcurl
            assertEquals("Too large response headers: " + (MAX_TOTAL + 1) + " > " + MAX_TOTAL, e.getMessage());
        }
    }

    @Test
    void endlessInterimResponsesHitTheTotalLimit() {
        String cont = "HTTP/1.1 100 Continue\r\n\r\n";
        byte[] data = bytes(cont.repeat(MAX_TOTAL / cont.length() + 1));
        Http1ResponseParser p = new Http1ResponseParser();
        HttpParseException e = assertThrows(HttpParseException.class, () -> drain(p, ByteBuffer.wrap(data)));
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
    }

    // ---- Content-Length / Transfer-Encoding errors --------------------------------------

    @Test
    void conflictingContentLength() {
        error(CurlCode.CURLE_WEIRD_SERVER_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
        HttpParseException e = error(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n");
        assertEquals("Conflicting Content-Length values: 5 and 6", e.getMessage());
    }

    @Test
    void invalidContentLength() {
        for (String v : new String[] {"-1", "+5", "5a", "", "0x10", "5 5", "5,", ",5", "1.0"}) {
            HttpParseException e = error(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                    "HTTP/1.1 200 OK\r\nContent-Length: " + v + "\r\n\r\n");
            assertTrue(e.getMessage().contains("Content-Length"), e.getMessage());
        }
    }

    @Test
    void overflowingContentLengthIsIgnoredAndTheBodyEndsWithTheConnection() {
        // libcurl: "Overflow Content-Length: value", the size stays unknown, the connection closes
        for (String v : new String[] {"99999999999999999999", "9223372036854775808"}) {
            Run r = ok("HTTP/1.1 200 OK\r\nContent-Length: " + v + "\r\n\r\nbody", false, true);
            assertTrue(r.transcript.toString().contains("mode=CLOSE cl=-1 ka=false"), r.summary());
            assertTrue(r.transcript.toString().endsWith("EOF-DONE\n"), r.summary());
        }
    }

    @Test
    void obsFoldIsUnfolded() {
        // RFC 9112 section 5.2: libcurl 8 joins a continuation line to its field with one space
        Run r = ok("HTTP/1.1 200 OK\r\nX-A: b\r\n  folded\r\nContent-Length: 1\r\n\r\nz", false, false);
        assertEquals("z", r.body());
        assertTrue(r.transcript.toString().contains("H X-A=b folded [X-A: b folded\\r\\n]"), r.summary());
    }

    @Test
    void tooManyHeaderFields() throws HttpParseException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < Http1ResponseParser.MAX_HEADER_COUNT; i++) {
            sb.append("X:").append(i % 10).append("\r\n");
        }
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes(sb + "Content-Length: 0\r\n\r\n"));
        Event ev;
        int fields = 0;
        HttpParseException e = null;
        try {
            while ((ev = p.next(in)) != Event.NEED_MORE && ev != Event.DONE) {
                if (ev == Event.HEADER) {
                    fields++;
                }
            }
        } catch (HttpParseException x) {
            e = x;
        }
        assertNotNull(e, "field number 5001 is refused");
        assertEquals(CurlCode.CURLE_TOO_LARGE, e.code());
        assertEquals("Too many response headers, 5000 is max", e.getMessage());
        assertEquals(Http1ResponseParser.MAX_HEADER_COUNT, fields);
        // exactly 5000 pass
        Http1ResponseParser q = new Http1ResponseParser();
        ByteBuffer all = ByteBuffer.wrap(bytes(sb.toString().replace("200 OK", "204 No Content") + "\r\n"));
        while ((ev = q.next(all)) != Event.DONE) {
            assertNotEquals(Event.NEED_MORE, ev);
        }
    }

    @Test
    void largestContentLengthIsAccepted() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nab"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals(Event.HEADERS_DONE, p.next(in));
        assertEquals(Long.MAX_VALUE, p.contentLength());
        assertEquals(Event.BODY, p.next(in));
        assertEquals(2, p.bodyAvailable());
    }

    // ---- chunked errors -----------------------------------------------------------------

    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void badChunkSize() {
        HttpParseException e = error(CurlCode.CURLE_RECV_ERROR, CHUNKED_HEAD + "xyz\r\nabc\r\n0\r\n\r\n");
        assertEquals("Illegal or missing hexadecimal sequence in chunked-encoding", e.getMessage());
    }

    @Test
    void chunkSizeOverflow() {
        error(CurlCode.CURLE_RECV_ERROR, CHUNKED_HEAD + "10000000000000000\r\n");
        error(CurlCode.CURLE_RECV_ERROR, CHUNKED_HEAD + "8000000000000000\r\n");
    }

    @Test
    void hugeChunkSizeDoesNotAllocate() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes(CHUNKED_HEAD + "4000000000000000\r\nabc"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals(Event.HEADERS_DONE, p.next(in));
        assertEquals(Event.BODY, p.next(in));
        assertEquals(3, p.bodyAvailable());
        p.consumeBody(in, 3);
        assertEquals(Event.NEED_MORE, p.next(in));
        HttpParseException e = assertThrows(HttpParseException.class, p::endOfInput);
        assertEquals(CurlCode.CURLE_PARTIAL_FILE, e.code());
    }

    @Test
    void missingCrlfAfterChunkData() {
        HttpParseException e = error(CurlCode.CURLE_RECV_ERROR, CHUNKED_HEAD + "3\r\nabcd\r\n0\r\n\r\n");
        assertEquals("Malformed encoding found in chunked-encoding", e.getMessage());
    }

    // ---- end of input -------------------------------------------------------------------

    @Test
    void eofBeforeAnything() {
        HttpParseException e = error(CurlCode.CURLE_GOT_NOTHING, "", true);
        assertEquals("Empty reply from server", e.getMessage());
    }

    @Test
    void eofInHeaders() {
        // libcurl: without a final status line nothing counts as received (52)
        error(CurlCode.CURLE_GOT_NOTHING, "H", true);
        HttpParseException e = error(CurlCode.CURLE_GOT_NOTHING, "HTTP/1.1 200 OK", true);
        assertEquals("Empty reply from server", e.getMessage());
        error(CurlCode.CURLE_GOT_NOTHING, "HTTP/1.1 100 Continue\r\n\r\n", true);
        error(CurlCode.CURLE_GOT_NOTHING, "HTTP/1.1 100 Continue\r\nX: y\r\n", true);
        // after one, each header line counts: the response ends there, unless a Content-Length
        // promised a body (18); a line still held for a continuation is not acted on
        assertTrue(ok("HTTP/1.1 200 OK\r\nContent-Le", false, true).transcript.toString().endsWith("EOF-DONE\n"));
        assertTrue(ok("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n", false, true).transcript.toString()
                .endsWith("EOF-DONE\n"));
        e = error(CurlCode.CURLE_PARTIAL_FILE, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX: y\r\n", true);
        assertEquals("transfer closed with 6 bytes remaining to read", e.getMessage());
        assertTrue(ok("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: y\r\n", false, true).transcript.toString()
                .endsWith("EOF-DONE\n"));
    }

    @Test
    void eofInLengthBody() {
        HttpParseException e = error(CurlCode.CURLE_PARTIAL_FILE,
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcdefg", true);
        assertEquals("transfer closed with 3 bytes remaining to read", e.getMessage());
    }

    @Test
    void eofInChunkedBody() {
        for (String body : new String[] {"", "5\r\nab", "5\r\nabcde", "5\r\nabcde\r\n", "5\r\nabcde\r\n0\r\n",
                "5\r\nabcde\r\n0\r\nT: x\r\n"}) {
            HttpParseException e = error(CurlCode.CURLE_PARTIAL_FILE, CHUNKED_HEAD + body, true);
            assertEquals("transfer closed with outstanding read data remaining", e.getMessage());
        }
    }

    @Test
    void eofAfterCompleteResponseIsDone() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab"));
        assertEquals(Event.DONE, drainBody(p, in));
        assertEquals(Event.DONE, p.endOfInput());
        assertEquals(Event.DONE, p.endOfInput());
    }

    private static Event drainBody(Http1ResponseParser p, ByteBuffer in) throws HttpParseException {
        for (;;) {
            Event e = p.next(in);
            if (e == Event.BODY) {
                p.consumeBody(in, p.bodyAvailable());
            } else if (e == Event.NEED_MORE || e == Event.DONE) {
                return e;
            }
        }
    }

    // ---- consumption and API details ----------------------------------------------------

    @Test
    void partialConsumptionReturnsTheRestAgain() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdefNEXT"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals(Event.HEADERS_DONE, p.next(in));
        int bodyStart = in.position();
        assertEquals(Event.BODY, p.next(in));
        assertEquals(6, p.bodyAvailable());
        assertEquals(bodyStart, in.position(), "BODY does not consume");
        // Paused: the caller takes nothing.
        p.consumeBody(in, 0);
        assertEquals(Event.BODY, p.next(in));
        assertEquals(6, p.bodyAvailable());
        p.consumeBody(in, 2);
        assertEquals(bodyStart + 2, in.position());
        assertEquals(4, p.bodyAvailable());
        p.consumeBody(in, 1);
        assertEquals(3, p.bodyAvailable());
        assertThrows(IllegalArgumentException.class, () -> p.consumeBody(in, 4));
        assertThrows(IllegalArgumentException.class, () -> p.consumeBody(in, -1));
        assertEquals(Event.BODY, p.next(in));
        assertEquals(3, p.bodyAvailable());
        assertEquals('d', in.get(in.position()));
        p.consumeBody(in, 3);
        assertEquals(Event.DONE, p.next(in));
        assertEquals("NEXT", str(in));
        assertEquals(6, p.bodyBytes());
        assertThrows(IllegalStateException.class, () -> p.consumeBody(in, 0));
    }

    @Test
    void partialConsumptionInChunkedBody() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes(CHUNKED_HEAD + "4\r\nabcd\r\n2\r\nef\r\n0\r\n\r\n"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals(Event.HEADERS_DONE, p.next(in));
        assertEquals(Event.BODY, p.next(in));
        assertEquals(4, p.bodyAvailable());
        assertEquals('a', in.get(in.position()));
        p.consumeBody(in, 3);
        assertEquals(Event.BODY, p.next(in));
        assertEquals(1, p.bodyAvailable());
        assertEquals('d', in.get(in.position()));
        p.consumeBody(in, 1);
        assertEquals(Event.BODY, p.next(in));
        assertEquals(2, p.bodyAvailable());
        assertEquals('e', in.get(in.position()));
        p.consumeBody(in, 2);
        assertEquals(Event.DONE, p.next(in));
        assertFalse(in.hasRemaining());
        assertEquals(6, p.bodyBytes());
    }

    @Test
    void bodyIsHandedOutInWholeBufferSlices() throws HttpParseException {
        int size = 1 << 20;
        int piece = 64 * 1024;
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer head = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n"));
        assertEquals(Event.STATUS_LINE, p.next(head));
        assertEquals(Event.HEADER, p.next(head));
        assertEquals(Event.HEADERS_DONE, p.next(head));
        assertEquals(Event.NEED_MORE, p.next(head));
        int events = 0;
        for (int sent = 0; sent < size; sent += piece) {
            ByteBuffer in = ByteBuffer.allocateDirect(piece);
            Event e;
            while ((e = p.next(in)) == Event.BODY) {
                assertEquals(piece, p.bodyAvailable());
                p.consumeBody(in, p.bodyAvailable());
                events++;
            }
            assertEquals(sent + piece == size ? Event.DONE : Event.NEED_MORE, e);
        }
        assertEquals(size / piece, events);
        assertEquals(size, p.bodyBytes());
    }

    @Test
    void lineIsReadOnlyAndOnlyValidAfterLineEvents() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nA: b\r\n\r\nxyz"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        ByteBuffer line = p.line();
        assertTrue(line.isReadOnly());
        assertEquals(0, line.position());
        assertThrows(ReadOnlyBufferException.class, () -> line.put(0, (byte) 'x'));
        assertThrows(IllegalStateException.class, p::headerName);
        assertEquals(Event.HEADER, p.next(in));
        assertEquals("A: b\r\n", str(p.line()));
        assertEquals(Event.HEADERS_DONE, p.next(in));
        assertEquals("\r\n", str(p.line()));
        assertThrows(IllegalStateException.class, p::headerValue);
        assertEquals(Event.BODY, p.next(in));
        assertThrows(IllegalStateException.class, p::line);
    }

    @Test
    void headerNameKeepsCaseAndValueIsTrimmed() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nX-MiXeD:\t \tv a l \t \r\nEmpty:\r\n\r\n"));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.HEADER, p.next(in));
        assertEquals("X-MiXeD", p.headerName());
        assertEquals("v a l", p.headerValue());
        assertEquals(Event.HEADER, p.next(in));
        assertEquals("Empty", p.headerName());
        assertEquals("", p.headerValue());
    }

    @Test
    void resetForgetsEverything() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        assertEquals(Event.NEED_MORE, p.next(ByteBuffer.allocate(0)));
        assertFalse(p.anyBytesSeen());
        ByteBuffer first = ByteBuffer.wrap(bytes("HTTP/1.0 404 Nope\r\nContent-Length: 9\r\n\r\nabc"));
        assertEquals(Event.NEED_MORE, drainBody(p, first));
        assertTrue(p.anyBytesSeen());
        assertEquals(3, p.bodyBytes());

        p.reset(false);
        assertFalse(p.anyBytesSeen());
        assertEquals(0, p.headerBytes());
        assertEquals(0, p.bodyBytes());
        assertEquals(CurlCode.CURLE_GOT_NOTHING, assertThrows(HttpParseException.class, p::endOfInput).code());

        p.reset(false);
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
        ByteBuffer second = ByteBuffer.wrap(bytes(head + "hi"));
        assertEquals(Event.DONE, drainBody(p, second));
        assertEquals(200, p.statusCode());
        assertEquals(1, p.httpMinorVersion());
        assertEquals(head.length(), p.headerBytes());
        assertEquals(2, p.bodyBytes());
        assertTrue(p.keepAlive());

        // A reset clears a failure too.
        p.reset(false);
        assertThrows(HttpParseException.class, () -> drain(p, ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nbad\r\n\r\n"))));
        p.reset(true);
        assertEquals(Event.DONE, drainBody(p, ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))));
        assertEquals(BodyMode.NONE, p.bodyMode());
        assertEquals(5, p.contentLength());
    }

    @Test
    void exceptionCarriesCode() {
        HttpParseException e = new HttpParseException(CurlCode.CURLE_RECV_ERROR, "msg");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertEquals("msg", e.getMessage());
        assertThrows(NullPointerException.class, () -> new HttpParseException(null, "x"));
        assertTrue(Objects.requireNonNull(e.toString()).contains("CURLE_RECV_ERROR"));
    }

    @Test
    void lineBytesAreExactlyTheReceivedBytes() {
        String resp = "HTTP/1.1 200 OK\r\nA: 1\nB:2\r\n\n";
        Run r = ok(resp, false, true);
        assertArrayEquals(bytes("S 200 1.1 [HTTP/1.1 200 OK\\r\\n]\nH A=1 [A: 1\\n]\nH B=2 [B:2\\r\\n]\n"
                + "D interim=false mode=CLOSE cl=-1 ka=false [\\n]\nEOF-DONE\n"), bytes(r.transcript.toString()));
        assertEquals(resp.length(), r.headerBytes);
    }
}
