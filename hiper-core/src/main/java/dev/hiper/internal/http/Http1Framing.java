package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.Http1ResponseParser.BodyMode;

import java.nio.charset.StandardCharsets;

/**
 * What the framing fields of one HTTP/1.x response say: {@code Content-Length},
 * {@code Transfer-Encoding} and {@code Connection}, each field fed as it arrives (repeated
 * fields add up), then the body's delimitation and whether the connection may be reused.
 *
 * <p>Transfer-Encoding follows libcurl 8. Each field is a list read from left to right:
 * {@code chunked} frames the body (listed again, it is ignored); {@code identity} changes
 * nothing; any other coding is refused unless {@code CURLOPT_TRANSFER_ENCODING} asked for
 * codings ("Unsolicited Transfer-Encoding (x) found", or "A Transfer-Encoding (x) was listed
 * after chunked" when the same field named chunked before it). When codings were asked for,
 * one listed after chunked (in any field) is refused, and a Transfer-Encoding without chunked
 * makes the body end with the connection, whatever Content-Length says. Otherwise a response
 * whose only transfer coding is identity is framed by its Content-Length.
 */
final class Http1Framing {

    // Per request.
    private boolean transferDecoding;

    // Per response.
    private long clValue;
    private boolean clSeen;
    private boolean clOverflow;
    private boolean teSeen;
    private boolean chunked;
    private boolean connClose;
    private boolean connKeepAlive;

    /** {@code CURLOPT_TRANSFER_ENCODING}: transfer codings other than chunked were asked for. */
    void transferDecoding(boolean on) {
        transferDecoding = on;
    }

    /** Forgets the fields of the last response. */
    void clear() {
        clValue = 0;
        clSeen = false;
        clOverflow = false;
        teSeen = false;
        chunked = false;
        connClose = false;
        connKeepAlive = false;
    }

    /** The Content-Length value, valid when {@link #contentLengthKnown()}. */
    long contentLength() {
        return clValue;
    }

    /** A Content-Length past 63 bits arrived (and is ignored). */
    boolean overflow() {
        return clOverflow;
    }

    /** A usable Content-Length arrived (present, not past 63 bits). */
    boolean contentLengthKnown() {
        return clSeen && !clOverflow;
    }

    /**
     * RFC 9110 section 8.6: Content-Length = 1*DIGIT. A list of identical values
     * (from a comma list or repeated fields) may be accepted as one; differing
     * values make the framing unknowable (RFC 9112 section 6.3 item 5).
     */
    void contentLength(byte[] b, int from, int to) throws HttpParseException {
        int i = from;
        for (;;) {
            while (i < to && isWs(b[i])) {
                i++;
            }
            int start = i;
            long v = 0;
            while (i < to && isDigit(b[i])) {
                int d = b[i] - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    // libcurl ignores a value past 63 bits ("Overflow Content-Length"): the body
                    // then ends with the connection, which is not reused.
                    clOverflow = true;
                    return;
                }
                v = v * 10 + d;
                i++;
            }
            if (i == start) {
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                        "Invalid Content-Length: " + clip(b, from, to));
            }
            while (i < to && isWs(b[i])) {
                i++;
            }
            if (i < to && b[i] != ',') {
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                        "Invalid Content-Length: " + clip(b, from, to));
            }
            if (clSeen && v != clValue) {
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                        "Conflicting Content-Length values: " + clValue + " and " + v);
            }
            clSeen = true;
            clValue = v;
            if (i == to) {
                return;
            }
            i++; // the comma
        }
    }

    /**
     * One Transfer-Encoding field (RFC 9112 section 6.1: the codings in the order applied).
     * The names are split at commas, blanks around them dropped, as libcurl reads them.
     */
    void transferEncoding(byte[] b, int from, int to) throws HttpParseException {
        teSeen = true;
        boolean chunkedInField = false;
        int i = from;
        while (i < to) {
            while (i < to && (isWs(b[i]) || b[i] == ',')) {
                i++;
            }
            int s = i;
            int e = i;
            while (i < to && b[i] != ',') {
                if ((b[i] & 0xff) > ' ') {
                    e = i + 1;
                }
                i++;
            }
            if (e == s) {
                continue;
            }
            boolean isChunked = regionIs(b, s, e, "chunked");
            if (!isChunked && !transferDecoding) {
                if (chunkedInField) {
                    throw new HttpParseException(CurlCode.CURLE_BAD_CONTENT_ENCODING,
                            "A Transfer-Encoding (" + text(b, s, e) + ") was listed after chunked");
                }
                if (regionIs(b, s, e, "identity")) {
                    continue;
                }
                throw new HttpParseException(CurlCode.CURLE_BAD_CONTENT_ENCODING,
                        "Unsolicited Transfer-Encoding (" + text(b, s, e) + ") found");
            }
            if (!isChunked && chunked) {
                // RFC 9112 section 6.1: chunked is the final coding
                throw new HttpParseException(CurlCode.CURLE_BAD_CONTENT_ENCODING,
                        "Reject response due to 'chunked' not being the last Transfer-Encoding");
            }
            // a repeated chunked is ignored (RFC 9112 section 6.1 forbids applying it twice)
            chunked |= isChunked;
            chunkedInField |= isChunked;
        }
    }

    /** RFC 9110 section 7.6.1: Connection = #connection-option. */
    void connection(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int elemEnd = i;
            while (elemEnd < to && b[elemEnd] != ',') {
                elemEnd++;
            }
            int s = i;
            int e = elemEnd;
            while (s < e && isWs(b[s])) {
                s++;
            }
            while (e > s && isWs(b[e - 1])) {
                e--;
            }
            if (regionIs(b, s, e, "close")) {
                connClose = true;
            } else if (regionIs(b, s, e, "keep-alive")) {
                connKeepAlive = true;
            }
            i = elemEnd + 1;
        }
    }

    /** Whether Transfer-Encoding decides the framing: chunked, or codings asked for. */
    private boolean teFrames() {
        return chunked || (teSeen && transferDecoding);
    }

    /**
     * RFC 9112 section 6.3, in its order of precedence, for a response that may have a body
     * ({@code bodyless}: HEAD, 1xx, 204, 304 have none). {@code ignoreCl}: the body ends with the
     * connection whatever Content-Length says.
     */
    BodyMode mode(boolean bodyless, boolean ignoreCl) {
        if (bodyless) {
            return BodyMode.NONE; // item 1
        }
        if (teFrames()) {
            return chunked ? BodyMode.CHUNKED : BodyMode.CLOSE; // items 3 and 4
        }
        if (clSeen && !ignoreCl && !clOverflow) {
            return BodyMode.LENGTH; // item 6
        }
        return BodyMode.CLOSE; // item 8
    }

    /** The Content-Length to report: -1 when absent, overflowing or overridden by Transfer-Encoding. */
    long reportedLength() {
        return clSeen && !teFrames() && !clOverflow ? clValue : -1;
    }

    /**
     * Whether the connection may carry another request after a response framed by {@code mode}.
     * Both framings sent (a possible smuggling attempt, item 3), Transfer-Encoding in HTTP/1.0
     * (section 6.1), "close", or HTTP/1.0 without "keep-alive" (section 9.3) end it.
     */
    boolean keepAlive(BodyMode mode, int minorVersion, boolean ignoreCl) {
        boolean te = teFrames();
        return !connClose && !ignoreCl && !clOverflow
                && (minorVersion == 1 || connKeepAlive)
                && mode != BodyMode.CLOSE
                && !(clSeen && te)
                && !(te && minorVersion == 0);
    }

    // ---- helpers --------------------------------------------------------------------

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String clip(byte[] b, int from, int to) {
        int n = Math.min(to - from, 64);
        return new String(b, from, n, StandardCharsets.ISO_8859_1) + (n < to - from ? "..." : "");
    }

    static boolean isWs(byte c) {
        return c == ' ' || c == '\t';
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII case-insensitive comparison of b[from, to) with a lower-case literal. */
    static boolean regionIs(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
