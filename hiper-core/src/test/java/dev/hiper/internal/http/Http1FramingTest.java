package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.Http1ResponseParser.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Transfer-Encoding beside Content-Length, repeated Transfer-Encoding fields and folded
 * field lines, as libcurl 8 reads them; each response parsed whole, split in two at every
 * byte, and one byte at a time, which must all give the same events, body and leftover.
 */
class Http1FramingTest {

    /** Events (BODY left out), body, leftover, header bytes, or the error; "…" when input ran out. */
    private static String parse(byte[] data, int[] cuts, boolean transferDecoding) {
        Http1ResponseParser p = new Http1ResponseParser();
        p.reset(false);
        p.configure(false, false, false);
        p.transferDecoding(transferDecoding);
        StringBuilder t = new StringBuilder();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(data.length + 1).flip();
        int fed = 0;
        int ci = 0;
        try {
            for (;;) {
                Event e = p.next(buf);
                if (e == Event.NEED_MORE) {
                    if (fed == data.length) {
                        t.append("NEED_MORE\n");
                        break;
                    }
                    int cut = ci < cuts.length ? cuts[ci++] : data.length;
                    buf.compact().put(data, fed, cut - fed).flip();
                    fed = cut;
                } else if (e == Event.HEADER || e == Event.TRAILER) {
                    t.append(e == Event.HEADER ? "H " : "T ").append(p.headerName()).append('=')
                            .append(p.headerValue()).append(" [").append(esc(p.line())).append("]\n");
                } else if (e == Event.HEADERS_DONE) {
                    t.append("D mode=").append(p.bodyMode()).append(" cl=").append(p.contentLength())
                            .append(" ka=").append(p.keepAlive()).append('\n');
                } else if (e == Event.BODY) {
                    byte[] chunk = new byte[p.bodyAvailable()];
                    buf.duplicate().get(chunk);
                    body.writeBytes(chunk);
                    p.consumeBody(buf, chunk.length);
                } else if (e == Event.DONE) {
                    t.append("DONE\n");
                    break;
                }
            }
        } catch (HttpParseException ex) {
            return t + "error " + ex.code() + ": " + ex.getMessage();
        }
        String rest = StandardCharsets.ISO_8859_1.decode(buf).toString()
                + new String(data, fed, data.length - fed, StandardCharsets.ISO_8859_1);
        return t + "body=" + body.toString(StandardCharsets.ISO_8859_1) + "\nleftover=" + rest
                + "\nheaderBytes=" + p.headerBytes();
    }

    private static String esc(ByteBuffer b) {
        return StandardCharsets.ISO_8859_1.decode(b.duplicate()).toString().replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String allSplits(String response, boolean transferDecoding) {
        byte[] data = response.getBytes(StandardCharsets.ISO_8859_1);
        String whole = parse(data, new int[0], transferDecoding);
        for (int k = 0; k <= data.length; k++) {
            assertEquals(whole, parse(data, new int[] {k}, transferDecoding), "split at " + k);
        }
        int[] bytewise = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            bytewise[i] = i + 1;
        }
        assertEquals(whole, parse(data, bytewise, transferDecoding), "byte at a time");
        return whole;
    }

    private static String ok(String response) {
        return ok(response, false);
    }

    private static String ok(String response, boolean transferDecoding) {
        String r = allSplits(response, transferDecoding);
        if (r.contains("error ")) {
            fail(r);
        }
        return r;
    }

    private static void refused(String response, boolean transferDecoding, String message) {
        String r = allSplits(response, transferDecoding);
        assertTrue(r.endsWith("error " + CurlCode.CURLE_BAD_CONTENT_ENCODING + ": " + message), r);
    }

    // ---- Transfer-Encoding and Content-Length ------------------------------------------

    @Test
    void identityBesideContentLengthEndsAtTheLength() {
        // libcurl: identity is skipped, the Content-Length frames the body; the connection stays
        String r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhelloNEXT");
        assertTrue(r.contains("D mode=LENGTH cl=5 ka=true\n"), r);
        assertTrue(r.contains("DONE\nbody=hello\nleftover=NEXT\n"), r);
    }

    @Test
    void repeatedIdentityInOneFieldAndInSeveral() {
        for (String head : new String[] {
                "Transfer-Encoding: identity, identity\r\nContent-Length: 3\r\n",
                "Content-Length: 3\r\nTransfer-Encoding: identity\r\ntransfer-encoding: IDENTITY ,, \r\n",
                "Transfer-Encoding:\r\nContent-Length: 3\r\nTransfer-Encoding: identity\r\n"}) {
            String r = ok("HTTP/1.1 200 OK\r\n" + head + "\r\nabcdef");
            assertTrue(r.contains("D mode=LENGTH cl=3 ka=true\nDONE\nbody=abc\nleftover=def\n"), r);
        }
    }

    @Test
    void identityWithoutContentLengthEndsWithTheConnection() {
        String r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nabc");
        assertTrue(r.contains("D mode=CLOSE cl=-1 ka=false\nNEED_MORE\nbody=abc\n"), r);
    }

    @Test
    void chunkedRepeatedInOneFieldOrInSeveralIsChunkedOnce() {
        for (String te : new String[] {
                "Transfer-Encoding: chunked, chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: identity, chunked\r\n",
                "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n"}) {
            String r = ok("HTTP/1.1 200 OK\r\n" + te + "Content-Length: 99\r\n\r\n3\r\nabc\r\n0\r\n\r\nNEXT");
            // both framings sent: chunked wins and the connection is not reused
            assertTrue(r.contains("D mode=CHUNKED cl=-1 ka=false\nDONE\nbody=abc\nleftover=NEXT\n"), r);
        }
    }

    @Test
    void unsolicitedCodingsAreRefused() {
        refused("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nTransfer-Encoding: identityx\r\n\r\n-foo-\n", false,
                "Unsolicited Transfer-Encoding (identityx) found");
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false,
                "Unsolicited Transfer-Encoding (gzip) found");
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", false,
                "Unsolicited Transfer-Encoding (chunked;x=1) found");
    }

    @Test
    void aCodingAfterChunkedInTheSameFieldIsRefused() {
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked, another\r\n\r\n", false,
                "A Transfer-Encoding (another) was listed after chunked");
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n", false,
                "A Transfer-Encoding (identity) was listed after chunked");
    }

    @Test
    void askedCodingsWithoutChunkedEndWithTheConnection() {
        // CURLOPT_TRANSFER_ENCODING: Content-Length is not trusted beside a transfer coding
        String r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n2\r\nab", true);
        assertTrue(r.contains("D mode=CLOSE cl=-1 ka=false\nNEED_MORE\nbody=2\r\nab\n"), r);
        r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nabcd", true);
        assertTrue(r.contains("D mode=CLOSE cl=-1 ka=false\nNEED_MORE\nbody=abcd\n"), r);
        r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
                true);
        assertTrue(r.contains("D mode=CHUNKED cl=-1 ka=true\nDONE\nbody=ab\n"), r);
    }

    @Test
    void askedCodingAfterChunkedInAnyFieldIsRefused() {
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", true,
                "Reject response due to 'chunked' not being the last Transfer-Encoding");
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", true,
                "Reject response due to 'chunked' not being the last Transfer-Encoding");
    }

    @Test
    void bodylessResponsesIgnoreTransferEncoding() {
        String r = ok("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: gzip\r\n\r\nNEXT");
        assertTrue(r.contains("D mode=NONE cl=-1 ka=true\nDONE\nbody=\nleftover=NEXT\n"), r);
        r = ok("HTTP/1.1 204 No Content\r\nTransfer-Encoding: bogus, chunked\r\n\r\n");
        assertTrue(r.contains("D mode=NONE"), r);
    }

    @Test
    void anHttp2Or3StatusLineIsAVersionMismatch() {
        for (String v : new String[] {"2", "3"}) {
            String r = allSplits("HTTP/" + v + " 200 OK\r\nContent-Length: 0\r\n\r\n", false);
            assertTrue(r.endsWith("error " + CurlCode.CURLE_WEIRD_SERVER_REPLY + ": Version mismatch (from HTTP/1 to HTTP/"
                    + v + ")"), r);
        }
    }

    // ---- obs-fold -------------------------------------------------------------------------

    @Test
    void foldedLinesAreJoinedWithOneSpace() {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Server: test-server/\r\n fake\r\n folded\r\n"
                + "Tabs: tab-instead/\t\r\n\tonly\r\n\t mixed\r\n"
                + "Content-Length: 6\r\n"
                + "Connection:      \r\n   close\r\n"
                + "\r\n";
        String r = ok(head + "-foo-\nNEXT");
        assertEquals("H Server=test-server/ fake folded [Server: test-server/ fake folded\\r\\n]\n"
                + "H Tabs=tab-instead/ only mixed [Tabs: tab-instead/ only mixed\\r\\n]\n"
                + "H Content-Length=6 [Content-Length: 6\\r\\n]\n"
                + "H Connection=close [Connection: close\\r\\n]\n"
                + "D mode=LENGTH cl=6 ka=false\n"
                + "DONE\nbody=-foo-\n\nleftover=NEXT\nheaderBytes=" + head.length(), r.substring(r.indexOf("H ")));
    }

    @Test
    void foldedFramingFieldsCount() {
        String r = ok("HTTP/1.1 200 OK\r\nContent-Length:\r\n 4\r\nTransfer-Encoding: identity,\r\n\tidentity\r\n\r\n"
                + "abcdef");
        assertTrue(r.contains("D mode=LENGTH cl=4 ka=true\nDONE\nbody=abcd\nleftover=ef\n"), r);
        r = ok("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity,\n chunked\n\n3\nabc\n0\n\n");
        assertTrue(r.contains("H Transfer-Encoding=identity, chunked [Transfer-Encoding: identity, chunked\\n]\n"), r);
        assertTrue(r.contains("D mode=CHUNKED cl=-1 ka=true\nDONE\nbody=abc\n"), r);
    }

    @Test
    void blankContinuationAndBareLf() {
        String r = ok("HTTP/1.1 200 OK\nX-A: a\n \t \nX-B: b\n\n");
        assertTrue(r.contains("H X-A=a [X-A: a \\n]\nH X-B=b [X-B: b\\n]\n"), r);
    }

    @Test
    void aFirstFieldStartingWithABlankStaysItsOwnLine() {
        // it cannot continue the status line: passed on as it came (libcurl), and may itself be folded
        String r = ok("HTTP/1.1 200 OK\r\n Date: Tue, 09 Nov 2010\r\n more\r\nContent-Length: 1\r\n\r\nx");
        assertTrue(r.contains("H = [ Date: Tue, 09 Nov 2010 more\\r\\n]\nH Content-Length=1"), r);
        String bad = allSplits("HTTP/1.1 200 OK\r\n no colon\r\n\r\n", false);
        assertTrue(bad.endsWith("error " + CurlCode.CURLE_WEIRD_SERVER_REPLY + ": Header without colon"), bad);
    }

    @Test
    void foldsAfterAnInterimResponseAndNotInTrailers() {
        String r = ok("HTTP/1.1 100 Continue\r\nX-I: 1\r\n 2\r\n\r\nHTTP/1.1 200 OK\r\nX-F: a\r\n b\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\nT: v\r\n\r\n");
        assertTrue(r.contains("H X-I=1 2 [X-I: 1 2\\r\\n]\n"), r);
        assertTrue(r.contains("H X-F=a b [X-F: a b\\r\\n]\n"), r);
        assertTrue(r.contains("T T=v [T: v\\r\\n]\nDONE\n"), r);
    }

    @Test
    void aFieldWaitsForTheNextLineBeforeItIsPassedOn() throws HttpParseException {
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap("HTTP/1.1 200 OK\r\nX-A: a\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Event.STATUS_LINE, p.next(in));
        assertEquals(Event.NEED_MORE, p.next(in), "X-A may go on in the next line");
        // the input ends: the held line is passed on as it came, then the response is over
        assertTrue(p.lineAtEnd());
        assertEquals("X-A: a\r\n", StandardCharsets.ISO_8859_1.decode(p.line()).toString());
        assertEquals("", p.headerName());
        assertFalse(p.lineAtEnd());
        assertEquals(Event.DONE, p.endOfInput());
        assertEquals(25, p.headerBytes()); // every byte of the head
        // a line cut off without its end, and one whose continuation had only begun
        Http1ResponseParser q = new Http1ResponseParser();
        ByteBuffer in2 = ByteBuffer.wrap("HTTP/1.1 200 OK\r\nX-A: a\r\n \t".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Event.STATUS_LINE, q.next(in2));
        assertEquals(Event.NEED_MORE, q.next(in2));
        assertTrue(q.lineAtEnd());
        assertEquals("X-A: a", StandardCharsets.ISO_8859_1.decode(q.line()).toString());
        Http1ResponseParser r = new Http1ResponseParser();
        ByteBuffer in3 = ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-B: part".getBytes(
                StandardCharsets.ISO_8859_1));
        while (r.next(in3) != Event.NEED_MORE) {
            // the status line and Content-Length
        }
        assertTrue(r.lineAtEnd());
        assertEquals("X-B: part", StandardCharsets.ISO_8859_1.decode(r.line()).toString());
        HttpParseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpParseException.class,
                r::endOfInput);
        assertEquals(CurlCode.CURLE_PARTIAL_FILE, e.code());
    }

    @Test
    void endlessFoldingIsBoundedByTheHeaderLimits() {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\nX-A: a\r\n");
        while (sb.length() < 2 * Http1ResponseParser.MAX_HEADER_LINE + 10) { // two raw bytes per kept one
            sb.append(" b\r\n");
        }
        Http1ResponseParser p = new Http1ResponseParser();
        ByteBuffer in = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        HttpParseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpParseException.class, () -> {
            while (p.next(in) != Event.NEED_MORE) {
                // events until the limit
            }
        });
        assertEquals(CurlCode.CURLE_TOO_LARGE, e.code());
        StringBuilder blanks = new StringBuilder("HTTP/1.1 200 OK\r\nX-A: a\r\n");
        blanks.append(" ".repeat(Http1ResponseParser.MAX_HEADERS_TOTAL + 1));
        Http1ResponseParser q = new Http1ResponseParser();
        ByteBuffer in2 = ByteBuffer.wrap(blanks.toString().getBytes(StandardCharsets.ISO_8859_1));
        HttpParseException e2 = org.junit.jupiter.api.Assertions.assertThrows(HttpParseException.class, () -> {
            while (q.next(in2) != Event.NEED_MORE) {
                // events until the limit
            }
        });
        assertEquals(CurlCode.CURLE_RECV_ERROR, e2.code());
    }
}
