package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.Http1ResponseParser.BodyMode;
import dev.hiper.internal.http.Http1ResponseParser.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The head side of {@link Http1ResponseParser}: the line being read (status, header or trailer
 * line, copied into a buffer of its own and checked byte by byte), the field it holds split into
 * name and value, the unfolding of obs-fold continuation lines (RFC 9112 section 5.2), the
 * counters the limits are checked against, and what the status line and header section said.
 *
 * <p>Lifecycle: everything here is cleared by the parser's reset ({@link #resetHead}); the
 * parser's state machine fills a line ({@link #append}, then {@link #finishLine}), has it parsed
 * ({@link #parseField}) and hands out the result through the accessors, valid until its next
 * event. No I/O, no callbacks; one parser, one thread.
 */
abstract class Http1ResponseHead {

    static final byte[] HTTP_PREFIX = {'H', 'T', 'T', 'P', '/'};
    static final int INITIAL_LINE_CAPACITY = 512;
    static final int KEEP_LINE_CAPACITY = 8 * 1024;

    // The line being accumulated or the complete line of the last event.
    byte[] lineBuf = new byte[INITIAL_LINE_CAPACITY];
    ByteBuffer lineView;
    byte[] lineViewOf;
    int lineLen;
    boolean lineComplete;
    int contentEnd;          // line length without its CRLF / LF

    // Field line of the last HEADER / TRAILER event.
    int nameEnd;
    int valueStart;
    int valueEnd;
    String name;
    String value;

    // Counters since reset.
    long headerBytes;
    long trailerBytes;
    long bodyBytes;
    boolean anyBytes;
    int fieldCount;

    // obs-fold (RFC 9112 section 5.2): a complete field line waits for the next line's first
    // byte, which says whether that line continues it; unfolded, the field goes on after one space.
    boolean held;
    boolean unfoldLead;
    boolean firstField;

    // Per response (cleared at each status line).
    int statusCode;
    int minorVersion;
    boolean upgradeOffered;
    boolean interim;
    BodyMode bodyMode;
    long contentLength;
    boolean keepAlive;

    /** The reply is HTTP/0.9: no status line, no headers, all body. */
    boolean http09;
    /** The event {@link Http1ResponseParser#next(ByteBuffer)} returned last; null after an error. */
    Event lastEvent;

    /**
     * At the end of the input in a header section: a field line not passed on yet (held, or cut
     * off without its line end) becomes the current HEADER event; false when there is none. See
     * {@link Http1ResponseParser#lineAtEnd()}.
     */
    boolean lineCutOff() {
        if (!held && (lineComplete || lineLen == 0)) {
            return false;
        }
        if (unfoldLead) {
            lineLen--; // the joining space waited for the continuation's first byte
            headerBytes++;
        }
        held = false;
        unfoldLead = false;
        clearField();
        lineComplete = true;
        contentEnd = lineLen;
        headerBytes += lineLen;
        lastEvent = Event.HEADER;
        return true;
    }

    /** Forgets the line, the field, the counters and the status of the response before (a reset). */
    void resetHead() {
        lastEvent = null;
        if (lineBuf.length > KEEP_LINE_CAPACITY) {
            lineBuf = new byte[INITIAL_LINE_CAPACITY]; // do not pin a 100 KiB buffer on an idle connection
        }
        lineLen = 0;
        lineComplete = false;
        contentEnd = 0;
        clearField();
        headerBytes = 0;
        trailerBytes = 0;
        bodyBytes = 0;
        anyBytes = false;
        http09 = false;
        fieldCount = 0;
        held = false;
        unfoldLead = false;
        statusCode = 0;
        minorVersion = 0;
    }

    /**
     * Read-only view of the raw line of the last STATUS_LINE, HEADER, TRAILER or
     * HEADERS_DONE event (the blank line), with its line end as received. After a
     * DONE that ended a trailer section it is that section's blank line. Valid until
     * the next call to {@link Http1ResponseParser#next(ByteBuffer)}; every call returns the same buffer,
     * set to the line again.
     */
    public ByteBuffer line() {
        if (!lineComplete) {
            throw new IllegalStateException("no line: last event was " + lastEvent);
        }
        if (lineViewOf != lineBuf) { // one read-only view per line buffer, not three buffers a line
            lineView = ByteBuffer.wrap(lineBuf).asReadOnlyBuffer();
            lineViewOf = lineBuf;
        }
        return lineView.clear().limit(lineLen);
    }

    /** Status code of the current response, valid from its STATUS_LINE on. */
    public int statusCode() {
        return statusCode;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1; valid from STATUS_LINE on. */
    public int httpMinorVersion() {
        return minorVersion;
    }

    /** Field name as received, after HEADER or TRAILER. */
    public String headerName() {
        requireField();
        if (name == null) {
            name = new String(lineBuf, 0, nameEnd, StandardCharsets.ISO_8859_1);
        }
        return name;
    }

    /**
     * Whether the field name of the last HEADER or TRAILER is {@code lower} (a lower-case
     * literal), compared ASCII case-insensitively without making a String.
     */
    public boolean headerNameIs(String lower) {
        requireField();
        return nameIs(lineBuf, nameEnd, lower);
    }

    /** Whether the field value of the last HEADER or TRAILER is exactly {@code v} (ISO-8859-1). */
    public boolean headerValueIs(String v) {
        requireField();
        if (valueEnd - valueStart != v.length()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if ((lineBuf[valueStart + i] & 0xff) != v.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Field value without leading and trailing SP / HTAB, after HEADER or TRAILER. */
    public String headerValue() {
        requireField();
        if (value == null) {
            value = new String(lineBuf, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        }
        return value;
    }

    /** The request offered {@code Upgrade: h2c}: a 101 is interim, the next response comes over HTTP/2. */
    public void upgradeOffered(boolean offered) {
        upgradeOffered = offered;
    }

    /** After HEADERS_DONE: a 1xx response other than 101 (unless an upgrade was offered); the next status line follows. */
    public boolean interim() {
        return interim;
    }

    /** After HEADERS_DONE: how the body is delimited. */
    public BodyMode bodyMode() {
        return bodyMode;
    }

    /**
     * After HEADERS_DONE: the Content-Length value, also when the response has no
     * body (HEAD, 204, 304); -1 when absent or overridden by Transfer-Encoding.
     */
    public long contentLength() {
        return contentLength;
    }

    /** After HEADERS_DONE: whether the connection may carry another request after this response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Bytes of status, header and blank lines since reset, interim responses included. */
    public long headerBytes() {
        return headerBytes;
    }

    /** Body bytes consumed since reset, after de-chunking. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Whether any byte of a response arrived since reset. */
    public boolean anyBytesSeen() {
        return anyBytes;
    }

    /** After HEADERS_DONE: the reply is HTTP/0.9 (no status line, no headers; all body). */
    public boolean http09() {
        return http09;
    }

    static int indexOfLf(ByteBuffer in, int from, int to) {
        if (in.hasArray()) {
            byte[] a = in.array();
            int off = in.arrayOffset();
            for (int i = from + off, end = to + off; i < end; i++) {
                if (a[i] == '\n') {
                    return i - off;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    void append(ByteBuffer in, int pos, int n) {
        int need = lineLen + n;
        if (need > lineBuf.length) {
            int cap = Math.max(need, Math.min(Http1ResponseParser.MAX_HEADER_LINE, lineBuf.length * 2));
            byte[] grown = new byte[cap];
            System.arraycopy(lineBuf, 0, grown, 0, lineLen);
            lineBuf = grown;
        }
        in.get(pos, lineBuf, lineLen, n);
        lineLen = need;
    }

    /**
     * RFC 9112 section 2.3: a response starts with HTTP-name "HTTP" (case-sensitive)
     * and "/". Anything else is an HTTP/0.9 reply, which is refused as soon as the
     * first differing byte is in, not after a whole line.
     */
    boolean prefixMatches(int from) {
        int end = Math.min(lineLen, HTTP_PREFIX.length);
        for (int i = from; i < end; i++) {
            if (lineBuf[i] != HTTP_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Strip the line end and reject bytes no field or status line may hold. */
    void finishLine() throws HttpParseException {
        int end = lineLen - 1; // the LF
        // RFC 9112 section 2.2: CRLF terminates lines; a bare LF is accepted too.
        if (end > 0 && lineBuf[end - 1] == '\r') {
            end--;
        }
        contentEnd = end;
        byte[] b = lineBuf;
        for (int i = 0; i < end; i++) {
            byte c = b[i];
            if (c == 0) {
                // RFC 9110 section 5.5: NUL in a field value is invalid and must be rejected or replaced.
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
            }
            if (c == '\r') {
                // RFC 9112 section 2.2: a bare CR outside the line end is invalid.
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                        "CR without LF in response header line");
            }
        }
    }

    void countField() throws HttpParseException {
        if (++fieldCount > Http1ResponseParser.MAX_HEADER_COUNT) {
            throw new HttpParseException(CurlCode.CURLE_TOO_LARGE,
                    "Too many response headers, " + Http1ResponseParser.MAX_HEADER_COUNT + " is max");
        }
    }

    /** RFC 9112 section 5: field-line = field-name ":" OWS field-value OWS. */
    void parseField() throws HttpParseException {
        byte[] b = lineBuf;
        int end = contentEnd;
        int colon = -1;
        for (int i = 0; i < end; i++) {
            byte c = b[i];
            if (c == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Header without colon");
        }
        if (colon == 0) {
            throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Header with empty name");
        }
        for (int i = 0; i < colon; i++) {
            int c = b[i] & 0xff;
            if (c == ' ' || c == '\t') {
                // RFC 9112 section 5.1: no whitespace is allowed between field name and colon.
                throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                        "Whitespace in header name");
            }
            // Other control bytes pass, as in libcurl: only NUL and a bare CR (refused for the
            // whole line in finishLine) can split or hide a field, and neither gets this far.
        }
        int vs = colon + 1;
        while (vs < end && isWs(b[vs])) {
            vs++;
        }
        int ve = end;
        while (ve > vs && isWs(b[ve - 1])) {
            ve--;
        }
        nameEnd = colon;
        valueStart = vs;
        valueEnd = ve;
    }

    /**
     * The held field line continues on the next one: its line end and trailing blanks go, one
     * space joins it to the continuation, whose leading blanks are skipped (libcurl 8 unfolds so
     * before the header callback sees the line). {@code headerBytes} keeps counting raw bytes.
     */
    void unfold() {
        int end = contentEnd;
        while (end > 0 && isWs(lineBuf[end - 1])) {
            end--;
        }
        headerBytes += lineLen - end - 1;
        lineLen = end;
        lineBuf[lineLen++] = ' ';
        held = false;
        unfoldLead = true;
    }

    /** Skips the blanks that start a continuation line; false when the buffer ran out first. */
    boolean skipFoldBlanks(ByteBuffer in) throws HttpParseException {
        int pos = in.position();
        int lim = in.limit();
        while (pos < lim && isWs(in.get(pos))) {
            pos++;
        }
        headerBytes += pos - in.position();
        in.position(pos);
        if (headerBytes + lineLen > Http1ResponseParser.MAX_HEADERS_TOTAL) {
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    "Too large response headers: " + (headerBytes + lineLen) + " > "
                            + Http1ResponseParser.MAX_HEADERS_TOTAL);
        }
        if (pos == lim) {
            return false;
        }
        unfoldLead = false;
        return true;
    }

    void clearField() {
        nameEnd = 0;
        valueStart = 0;
        valueEnd = 0;
        name = null;
        value = null;
    }

    void requireField() {
        if (lastEvent != Event.HEADER && lastEvent != Event.TRAILER) {
            throw new IllegalStateException("no header field: last event was " + lastEvent);
        }
    }

    static boolean isWs(byte c) {
        return c == ' ' || c == '\t';
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean nameIs(byte[] b, int len, String lower) {
        return Http1Framing.regionIs(b, 0, len, lower);
    }
}
