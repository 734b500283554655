package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;

import java.nio.ByteBuffer;

/**
 * Incremental HTTP/1.x response parser (RFC 9112): bytes in, events out. No I/O,
 * no callbacks, no threads; one instance per connection, reused via
 * {@link #reset(boolean)} for each response.
 *
 * <p>Contract: the caller feeds a buffer in read mode to {@link #next(ByteBuffer)}
 * and handles the event it returns; consumed bytes advance the buffer's position.
 * Status, header, blank and trailer lines are copied into an internal buffer (so
 * the caller may compact its buffer after every call), bounded by
 * {@link #MAX_HEADER_LINE} per line and {@link #MAX_HEADERS_TOTAL} per response.
 * Body bytes are never copied: {@link Event#BODY} points at them in the caller's
 * buffer, and the caller takes what it wants with {@link #consumeBody}. Whatever
 * follows a complete response stays in the buffer. Interim 1xx responses are
 * reported and followed by the next status line without a reset. When the peer
 * closes the connection the caller calls {@link #endOfInput()}.
 *
 * <p>Errors throw {@link HttpParseException} with the libcurl code a transfer
 * fails with. After an error the parser keeps throwing it until reset.
 *
 * <p>This class is the state machine and the body framing; the line buffer, the field split,
 * obs-fold unfolding, the counters and the head's answers are its {@link Http1ResponseHead}.
 */
public final class Http1ResponseParser extends Http1ResponseHead implements ResponseView {

    /** Longest status, header or trailer line, line end included (libcurl's CURL_MAX_HTTP_HEADER). */
    public static final int MAX_HEADER_LINE = 100 * 1024;

    /**
     * Most bytes of status, header and blank lines since {@link #reset(boolean)},
     * interim responses included, like libcurl's per-request count against
     * MAX_HTTP_RESP_HEADER_SIZE; it also bounds an endless stream of 1xx responses.
     * Trailer sections have their own budget of the same size.
     */
    public static final int MAX_HEADERS_TOTAL = 300 * 1024;

    /**
     * Most header and trailer fields since {@link #reset(boolean)}, interim responses included
     * (libcurl's MAX_HTTP_RESP_HEADER_COUNT): the next one fails with CURLE_TOO_LARGE.
     */
    public static final int MAX_HEADER_COUNT = 5000;

    /** What {@link #next(ByteBuffer)} found. */
    public enum Event { NEED_MORE, STATUS_LINE, HEADER, HEADERS_DONE, BODY, TRAILER, DONE }

    /** How the body of the response is delimited (RFC 9112 section 6.3). */
    public enum BodyMode { NONE, LENGTH, CHUNKED, CLOSE }

    private static final int ST_STATUS = 0;
    private static final int ST_HEADERS = 1;
    private static final int ST_LENGTH = 2;
    private static final int ST_CHUNKED = 3;
    private static final int ST_TRAILERS = 4;
    private static final int ST_CLOSE = 5;
    private static final int ST_DONE = 6;
    private static final int ST_FAILED = 7;

    private final ChunkedDecoder chunked = new ChunkedDecoder();
    private final Http1Framing framing = new Http1Framing();
    /** CURLOPT_HTTP_TRANSFER_DECODING 0: a chunked body goes on with its framing. */
    private final RawChunks raw = new RawChunks();
    private boolean rawChunks;

    private boolean noBody;
    // Per request (configure): HTTP/0.9 allowed, the connection already carried HTTP/1.x,
    // Content-Length to be ignored.
    private boolean http09Allowed;
    private boolean sawHttp1;
    private boolean ignoreCl;
    private int state;
    private HttpParseException failure;

    // Body.
    private long remaining;          // LENGTH: body bytes still to come
    private int bodyAvail;           // valid after BODY

    public Http1ResponseParser() {
        reset(false);
    }

    /** Prepare for a new response. {@code noBody}: the request was HEAD. Keeps no state from before. */
    public void reset(boolean noBody) {
        this.noBody = noBody;
        state = ST_STATUS;
        failure = null;
        resetHead();
        http09Allowed = false;
        sawHttp1 = false;
        ignoreCl = false;
        framing.transferDecoding(false);
        rawChunks = false;
        clearResponse();
        chunked.reset();
    }

    /**
     * Per request, after {@link #reset(boolean)}: {@code http09Allowed}, a reply without a status
     * line is an HTTP/0.9 body (CURLOPT_HTTP09_ALLOWED); {@code reused}, the connection already
     * carried an HTTP/1.x response, so such a reply is a weird one instead; {@code ignoreCl},
     * the body ends when the connection closes whatever Content-Length says.
     */
    public void configure(boolean http09Allowed, boolean reused, boolean ignoreCl) {
        this.http09Allowed = http09Allowed;
        this.sawHttp1 = reused;
        this.ignoreCl = ignoreCl;
    }

    /**
     * Per request, after {@link #reset(boolean)}: {@code CURLOPT_TRANSFER_ENCODING} asked for
     * transfer codings, so Transfer-Encoding may name others than chunked and identity.
     */
    public void transferDecoding(boolean on) {
        framing.transferDecoding(on);
    }

    /** Per request, after {@link #reset(boolean)}: a chunked body is handed on with its framing (libcurl's --raw). */
    public void rawChunks(boolean on) {
        rawChunks = on;
    }

    /** Pull the next event from {@code in} (read mode; consumed bytes advance its position). */
    public Event next(ByteBuffer in) throws HttpParseException {
        if (failure != null) {
            throw failure;
        }
        if (lineComplete) {
            lineLen = 0;
            lineComplete = false;
        }
        clearField();
        bodyAvail = 0;
        lastEvent = null;
        try {
            Event e = step(in);
            lastEvent = e;
            return e;
        } catch (HttpParseException ex) {
            fail(ex);
            throw ex;
        }
    }

    /**
     * The peer closed the connection. Returns {@link Event#DONE} when that ends the
     * response legitimately (a close-delimited body, or the response was already
     * complete); otherwise throws the error the transfer fails with.
     */
    public Event endOfInput() throws HttpParseException {
        if (failure != null) {
            throw failure;
        }
        if (lineComplete) {
            lineLen = 0;
            lineComplete = false;
        }
        clearField();
        bodyAvail = 0;
        lastEvent = null;
        HttpParseException ex;
        switch (state) {
            case ST_CLOSE:
            case ST_DONE:
                // RFC 9112 section 6.3 item 8: a body without framing ends when the connection closes.
                state = ST_DONE;
                lastEvent = Event.DONE;
                return Event.DONE;
            case ST_LENGTH:
                if (remaining == 0) {
                    state = ST_DONE;
                    lastEvent = Event.DONE;
                    return Event.DONE;
                }
                // RFC 9112 section 8: a message shorter than its Content-Length is incomplete.
                ex = new HttpParseException(CurlCode.CURLE_PARTIAL_FILE,
                        "transfer closed with " + remaining + " bytes remaining to read");
                break;
            case ST_CHUNKED:
            case ST_TRAILERS:
                ex = new HttpParseException(CurlCode.CURLE_PARTIAL_FILE,
                        "transfer closed with outstanding read data remaining");
                break;
            case ST_HEADERS:
                if (statusCode >= 200) {
                    // libcurl counts each header line of a final response as received: cut off in
                    // its head, the response is complete unless a Content-Length said more comes
                    if (!noBody && !ignoreCl && framing.contentLengthKnown() && framing.contentLength() > 0) {
                        ex = new HttpParseException(CurlCode.CURLE_PARTIAL_FILE, "transfer closed with "
                                + framing.contentLength() + " bytes remaining to read");
                        break;
                    }
                    state = ST_DONE;
                    lastEvent = Event.DONE;
                    return Event.DONE;
                }
                // an interim head does not count (libcurl deducts it): an empty reply
                ex = new HttpParseException(CurlCode.CURLE_GOT_NOTHING, "Empty reply from server");
                break;
            case ST_STATUS:
                // no complete status line of a final response: nothing counts as received
                ex = new HttpParseException(CurlCode.CURLE_GOT_NOTHING, "Empty reply from server");
                break;
            default:
                throw new IllegalStateException("state " + state);
        }
        fail(ex);
        throw ex;
    }

    /**
     * The input ended inside a header section, before {@link #endOfInput()}: a field line not
     * passed on yet (held for a possible continuation, or cut off without its line end) becomes
     * the current {@link Event#HEADER}, with no field name, as libcurl 8 hands such a line to the
     * application as it is without acting on it. Returns whether there was one.
     */
    public boolean lineAtEnd() {
        if (failure != null || state != ST_HEADERS) {
            return false;
        }
        return lineCutOff();
    }

    // ---- accessors ------------------------------------------------------------------

    @Override
    public boolean contentLengthOverflow() {
        return framing.overflow();
    }

    /** After BODY: body bytes available at the buffer's position. */
    public int bodyAvailable() {
        return bodyAvail;
    }

    /** The caller took {@code n} (0..bodyAvailable()) body bytes; advances {@code in} by n. */
    public void consumeBody(ByteBuffer in, int n) {
        if (lastEvent != Event.BODY) {
            throw new IllegalStateException("consumeBody() after " + lastEvent);
        }
        if (n < 0 || n > bodyAvail) {
            throw new IllegalArgumentException("consumeBody(" + n + ") with " + bodyAvail + " available");
        }
        if (n == 0) {
            return;
        }
        in.position(in.position() + n);
        bodyAvail -= n;
        bodyBytes += n;
        if (state == ST_LENGTH) {
            remaining -= n;
        } else if (state == ST_CHUNKED && rawChunks) {
            raw.consumed(n);
        } else if (state == ST_CHUNKED) {
            chunked.consumed(n);
        }
    }

    // ---- state machine --------------------------------------------------------------

    private Event step(ByteBuffer in) throws HttpParseException {
        for (;;) {
            switch (state) {
                case ST_STATUS: {
                    if (!readLine(in, headerBytes, true)) {
                        return http09 ? Event.HEADERS_DONE : Event.NEED_MORE;
                    }
                    headerBytes += lineLen;
                    parseStatusLine();
                    firstField = true;
                    sawHttp1 = true;
                    state = ST_HEADERS;
                    return Event.STATUS_LINE;
                }
                case ST_HEADERS:
                    if (held) {
                        if (!in.hasRemaining()) {
                            return Event.NEED_MORE;
                        }
                        if (!isWs(in.get(in.position()))) {
                            held = false;
                            return field();
                        }
                        unfold();
                    }
                    if (unfoldLead && !skipFoldBlanks(in)) {
                        return Event.NEED_MORE;
                    }
                    if (!readLine(in, headerBytes, false)) {
                        return Event.NEED_MORE;
                    }
                    if (contentEnd == 0) {
                        headerBytes += lineLen;
                        headersDone();
                        return Event.HEADERS_DONE;
                    }
                    lineComplete = false;
                    held = true;
                    continue;
                case ST_LENGTH: {
                    if (remaining == 0) {
                        state = ST_DONE;
                        return Event.DONE;
                    }
                    int n = in.remaining();
                    if (n == 0) {
                        return Event.NEED_MORE;
                    }
                    bodyAvail = remaining < n ? (int) remaining : n;
                    return Event.BODY;
                }
                case ST_CLOSE: {
                    int n = in.remaining();
                    if (n == 0) {
                        return Event.NEED_MORE;
                    }
                    bodyAvail = n;
                    return Event.BODY;
                }
                case ST_CHUNKED:
                    if (rawChunks) {
                        return rawStep(in);
                    }
                    switch (chunked.next(in)) {
                        case NEED_MORE:
                            return Event.NEED_MORE;
                        case DATA:
                            bodyAvail = chunked.available();
                            return Event.BODY;
                        case TRAILERS:
                            state = ST_TRAILERS;
                            continue;
                        default:
                            throw new IllegalStateException();
                    }
                case ST_TRAILERS:
                    // RFC 9112 section 7.1.2: trailer-section = *( field-line CRLF ), then CRLF.
                    if (!readLine(in, trailerBytes, false)) {
                        return Event.NEED_MORE;
                    }
                    trailerBytes += lineLen;
                    if (contentEnd == 0) {
                        state = ST_DONE;
                        return Event.DONE;
                    }
                    countField();
                    parseField();
                    return Event.TRAILER;
                case ST_DONE:
                    return Event.DONE;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    private Event rawStep(ByteBuffer in) throws HttpParseException {
        int n = raw.scan(in);
        if (n > 0) {
            bodyAvail = n;
            return Event.BODY;
        }
        if (raw.done()) {
            state = ST_DONE;
            return Event.DONE;
        }
        return Event.NEED_MORE;
    }

    /**
     * Accumulate one line into {@code lineBuf}. Returns true when it is complete
     * (ends with LF) and validated. Limits are enforced on every call, so a line
     * without LF fails once it passes the limit instead of being buffered whole.
     */
    private boolean readLine(ByteBuffer in, long sectionBytes, boolean statusLine) throws HttpParseException {
        int pos = in.position();
        int lim = in.limit();
        if (pos == lim) {
            return false;
        }
        int lineRoom = MAX_HEADER_LINE - lineLen;
        long totalRoom = MAX_HEADERS_TOTAL - sectionBytes - lineLen;
        int room = (int) Math.max(0, Math.min(lineRoom, totalRoom));
        int scanEnd = lim - pos > room ? pos + room : lim;
        int lf = indexOfLf(in, pos, scanEnd);
        int take = (lf >= 0 ? lf + 1 : scanEnd) - pos;
        if (take > 0) {
            int before = lineLen;
            append(in, pos, take);
            in.position(pos + take);
            anyBytes = true;
            if (statusLine && before < HTTP_PREFIX.length && !prefixMatches(before)) {
                // bytes of this line that came in earlier buffers are not recovered as body
                invalidStatusLine(in, pos);
                return false;
            }
        }
        if (lf >= 0) {
            lineComplete = true;
            finishLine();
            return true;
        }
        if (scanEnd < lim) {
            // More bytes are waiting, none of them may join this line: it is too long.
            if (lineRoom <= totalRoom) {
                throw new HttpParseException(CurlCode.CURLE_TOO_LARGE,
                        "Too large response header line: " + (lineLen + 1L) + " > " + MAX_HEADER_LINE);
            }
            // libcurl fails the accumulated size as a receive error
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    (state == ST_TRAILERS ? "Too large response trailers: " : "Too large response headers: ")
                            + (sectionBytes + lineLen + 1) + " > " + MAX_HEADERS_TOTAL);
        }
        return false;
    }

    /**
     * A reply that does not start with a valid status line, as libcurl judges it: on a connection
     * that already carried HTTP/1.x (reused, or after a 1xx) it is weird; otherwise it is
     * HTTP/0.9, refused unless allowed (and never for HEAD); allowed, the whole reply from
     * {@code bodyFrom} in {@code in} is the body, read until the connection closes.
     */
    private void invalidStatusLine(ByteBuffer in, int bodyFrom) throws HttpParseException {
        if (sawHttp1 || (http09Allowed && noBody)) {
            throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Invalid status line");
        }
        if (!http09Allowed) {
            throw new HttpParseException(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "Received HTTP/0.9 when not allowed");
        }
        in.position(bodyFrom);
        lineLen = 0;
        lineComplete = false;
        http09 = true;
        statusCode = 200;
        minorVersion = 0;
        interim = false;
        bodyMode = BodyMode.CLOSE;
        contentLength = -1;
        keepAlive = false;
        state = ST_CLOSE;
    }

    /** RFC 9112 section 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
    private void parseStatusLine() throws HttpParseException {
        clearResponse();
        byte[] b = lineBuf;
        int end = contentEnd;
        int p = HTTP_PREFIX.length; // checked by prefixMatches while the line came in
        int vEnd = p;
        while (vEnd < end && !isWs(b[vEnd])) {
            vEnd++;
        }
        // RFC 9112 section 2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT; only 1.0 and 1.1 are HTTP/1.x.
        if (vEnd - p == 1 && (b[p] == '2' || b[p] == '3') && end - vEnd > 4 && isDigit(b[vEnd + 1])
                && isDigit(b[vEnd + 2]) && isDigit(b[vEnd + 3]) && isWs(b[vEnd + 4])) {
            // libcurl: an HTTP/2 or HTTP/3 status line answering an HTTP/1.x request
            throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY,
                    "Version mismatch (from HTTP/1 to HTTP/" + (char) b[p] + ")");
        }
        if (vEnd - p != 3 || b[p] != '1' || b[p + 1] != '.' || (b[p + 2] != '0' && b[p + 2] != '1')) {
            throw new HttpParseException(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                    "Unsupported HTTP version in response");
        }
        int minor = b[p + 2] - '0';
        p = vEnd;
        int wsStart = p;
        while (p < end && isWs(b[p])) {
            p++;
        }
        // status-code = 3DIGIT, then SP and a possibly empty reason, or (leniently) the line end.
        // libcurl 8 refuses any other shape (a code of 2 or 4 digits, letters, no code) as not
        // being HTTP/1.x at all: CURLE_UNSUPPORTED_PROTOCOL, as it does a code below 100.
        if (p == wsStart || end - p < 3 || !isDigit(b[p]) || !isDigit(b[p + 1]) || !isDigit(b[p + 2])
                || (end > p + 3 && !isWs(b[p + 3]))) {
            throw new HttpParseException(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                    "Unsupported HTTP/1 subversion in response");
        }
        int code = (b[p] - '0') * 100 + (b[p + 1] - '0') * 10 + (b[p + 2] - '0');
        if (code < 100) {
            throw new HttpParseException(CurlCode.CURLE_UNSUPPORTED_PROTOCOL,
                    "Unsupported response code in HTTP response");
        }
        statusCode = code;
        minorVersion = minor;
    }

    /**
     * The field line in {@code lineBuf} is complete (no continuation follows): one HEADER event.
     * The first one after the status line cannot continue it, so a leading blank stays there,
     * and the line is passed on as it came, as libcurl does.
     */
    private Event field() throws HttpParseException {
        lineComplete = true;
        headerBytes += lineLen;
        countField();
        boolean first = firstField;
        firstField = false;
        if (first && isWs(lineBuf[0])) {
            for (int i = 0; i < contentEnd; i++) {
                if (lineBuf[i] == ':') {
                    return Event.HEADER;
                }
            }
            throw new HttpParseException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Header without colon");
        }
        parseField();
        applyHeader();
        return Event.HEADER;
    }

    private void applyHeader() throws HttpParseException {
        byte[] b = lineBuf;
        if (nameIs(b, nameEnd, "content-length")) {
            framing.contentLength(b, valueStart, valueEnd);
        } else if (nameIs(b, nameEnd, "transfer-encoding")) {
            // libcurl applies no transfer coding to a response without a body (HEAD, 1xx, 204, 304)
            if (!bodyless()) {
                framing.transferEncoding(b, valueStart, valueEnd);
            }
        } else if (nameIs(b, nameEnd, "connection")) {
            framing.connection(b, valueStart, valueEnd);
        }
    }

    private boolean bodyless() {
        int code = statusCode;
        return noBody || code < 200 || code == 204 || code == 304;
    }

    /** Decide the body framing, RFC 9112 section 6.3, in its order of precedence. */
    private void headersDone() {
        int code = statusCode;
        interim = code < 200 && (code != 101 || upgradeOffered);
        // Item 1: responses to HEAD, 1xx, 204 and 304 end with the header section.
        // 101 too: what follows belongs to the upgraded protocol.
        BodyMode mode = framing.mode(bodyless(), ignoreCl);
        bodyMode = mode;
        contentLength = framing.reportedLength();
        keepAlive = framing.keepAlive(mode, minorVersion, ignoreCl);
        if (interim) {
            state = ST_STATUS;
            return;
        }
        switch (mode) {
            case NONE:
                state = ST_DONE;
                break;
            case LENGTH:
                remaining = framing.contentLength();
                state = ST_LENGTH;
                break;
            case CHUNKED:
                chunked.reset();
                raw.reset();
                state = ST_CHUNKED;
                break;
            default:
                state = ST_CLOSE;
                break;
        }
    }

    // ---- helpers --------------------------------------------------------------------

    private void clearResponse() {
        framing.clear();
        interim = false;
        bodyMode = BodyMode.NONE;
        contentLength = -1;
        keepAlive = false;
        remaining = 0;
        bodyAvail = 0;
    }

    private void fail(HttpParseException ex) {
        failure = ex;
        state = ST_FAILED;
        lastEvent = null;
        lineComplete = false;
        held = false;
        unfoldLead = false;
        bodyAvail = 0;
    }
}
