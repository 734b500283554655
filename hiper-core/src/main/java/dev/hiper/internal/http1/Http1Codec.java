package dev.hiper.internal.http1;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.ReadLoop;
import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.http.Http1ResponseParser;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.http.ResponseView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 on a connection, one exchange at a time: the request head as curl writes it
 * ({@link Http1Request}), the body framed by Content-Length or in chunks, and the response
 * parser's loop over the connection's bytes ({@link Http1ResponseParser}).
 *
 * <p>One per easy handle, kept across its transfers (the keep-alive loop of a client builds
 * nothing it built before): the parser, the last head with the inputs it came from, the send
 * buffers. Lifecycle: 1. {@link #attach} to the connection and the engine's shared read buffer;
 * 2. {@link #writeRequest}; 3. {@link #send} and {@link #receive} until both sides are done;
 * 4. {@link #release}. Receiving reads into the engine's one read buffer and hands body bytes on
 * through a read-only view of it; only bytes that cannot be delivered now (a pause, or bytes read
 * past the response) are copied, into a buffer of the codec's own.
 */
public final class Http1Codec implements ExchangeCodec {
    /** Reads per run before yielding to other transfers (fairness); more is signalled by a timer of 0. */
    private static final int UPLOAD_BUFFER = 64 * 1024;
    /** A body in memory up to this size goes out in one write with the head, as curl sends it. */
    private static final int SMALL_BODY = 64 * 1024;
    /** Room in front of an upload chunk for its size line (16 hex digits would never fit a 64 KiB chunk). */
    private static final int CHUNK_PREFIX = 10;

    /** Made when first needed ({@link #parser()}): a handle whose transfers go over HTTP/2 holds none. */
    private Http1ResponseParser parser;
    /** Made at the first request written over HTTP/1.1. */
    private Http1HeadCache heads;

    // ---- the connection ----
    private ConnectionFilter filter;
    /** Where the peer's HTTP version is remembered for the next request on it; null in tests on bytes. */
    private Connection conn;
    private boolean closeAfter;

    // ---- the request ----
    private Request request;
    private ByteBuffer sendBuf;
    private boolean headSent;
    private boolean expect100;
    private boolean waiting100;
    private boolean chunked;
    private long uploadSize = -1;
    private long uploaded;
    private long uploadedReported;
    private long readFromApp;
    private long requestBytes;
    private long skip;
    /** CURLMOPT_MAX_CONCURRENT_STREAMS, offered in the HTTP2-Settings of an h2c upgrade. */
    private int maxStreams = 100;
    private boolean bodyDone;
    private boolean sendDone;
    private ByteBuffer uploadBuf;

    // ---- the response ----
    private boolean responseDone;
    private boolean finalSeen;
    private boolean firstByte;
    /** Reads, and the bytes kept aside between runs (a pause, bytes past the response). */
    private final ReadLoop input = new ReadLoop(new ReadLoop.Step() {
        @Override
        public boolean process(ByteBuffer buf, Listener l) throws HttpParseException {
            return Http1Codec.this.process(buf, l);
        }

        @Override
        public boolean finished() {
            return responseDone;
        }

        @Override
        public void bytesRead(Listener l) {
            if (!firstByte) {
                firstByte = true;
                l.firstByte();
            }
        }
    });
    /** The request offered {@code Upgrade: h2c}. */
    private boolean upgradeOffered;
    /** A 101 answered the offer: the connection speaks HTTP/2 from the next byte on. */
    private boolean switched;

    /**
     * The response parser, made the first time it is needed: its line buffer is the largest thing
     * the codec holds, and 100,000 handles multiplexed over HTTP/2 would each keep one unused.
     */
    private Http1ResponseParser parser() {
        Http1ResponseParser p = parser;
        if (p == null) {
            p = new Http1ResponseParser();
            parser = p;
        }
        return p;
    }

    /** Forgets the last response, so nothing of it shows before the next one starts. */
    public void reset() {
        release(); // bytes an abandoned transfer left are not the next one's
        if (parser != null) {
            parser.reset(false);
        }
        uploadSize = -1;
        waiting100 = false;
        responseDone = false;
        sendDone = false;
    }

    /**
     * Binds the codec to {@code c} for the next exchange. {@code readBuffer} is the engine's shared
     * read buffer and {@code readView} a read-only view of it.
     */
    public void attach(Connection c, ByteBuffer readBuffer, ByteBuffer readView) {
        attach(c.filter, readBuffer, readView);
        this.conn = c;
    }

    /** Binds the codec to a bare filter chain (no connection to remember the peer's version in). */
    public void attach(ConnectionFilter chain, ByteBuffer readBuffer, ByteBuffer readView) {
        this.filter = chain;
        this.conn = null;
        input.attach(readBuffer, readView);
    }

    /** The HTTP/1.0 answer of an earlier response on this connection: requests on it go as HTTP/1.0. */
    public static boolean peerIsHttp10(Connection c) {
        return c.lastHttpMinor == 0;
    }

    @Override
    public byte[] writeRequest(Request r, boolean reused) {
        request = r;
        if (heads == null) {
            heads = new Http1HeadCache();
        }
        Http1Request.Head head = heads.head(r.method(), r.url(), r.target(), r.userAgent(), r.headers(), r.body(),
                r.length(), r.formPost(), r.extras());
        chunked = head.chunked;
        expect100 = head.expect100;
        uploadSize = r.body() == Http1Request.Body.LENGTH ? r.length() : -1;
        uploaded = 0;
        uploadedReported = 0;
        readFromApp = 0;
        requestBytes = 0;
        skip = r.skip();
        bodyDone = r.body() == Http1Request.Body.NONE;
        if (r.fields() != null && !expect100 && !chunked && r.length() <= SMALL_BODY) {
            // small bodies go out with the head in one write, as curl sends them (copied now,
            // into the handle's own buffer, so later changes to the array are not sent)
            sendBuf = heads.headWithBody(head.bytes, r.fields(), (int) r.length());
            uploaded = r.length();
            bodyDone = true;
        } else {
            sendBuf = heads.headBuffer(head);
        }
        headSent = false;
        sendDone = false;
        waiting100 = false;
        responseDone = false;
        input.clear();
        finalSeen = false;
        closeAfter = false;
        firstByte = false;
        upgradeOffered = r.extras().h2cSettings() != null;
        switched = false;
        Http1ResponseParser p = parser();
        p.reset(r.noBody());
        p.upgradeOffered(upgradeOffered);
        p.transferDecoding(r.extras().te());
        return head.bytes;
    }

    @Override
    public void configure(boolean http09Allowed, boolean reused, boolean ignoreContentLength) {
        parser().configure(http09Allowed, reused, ignoreContentLength);
    }

    @Override
    public void rawTransfer(boolean on) {
        parser().rawChunks(on);
    }

    // ---- sending ----

    @Override
    public boolean send(Listener l) throws IOException {
        for (;;) {
            if (sendBuf.hasRemaining()) {
                int n = filter.write(l, sendBuf);
                if (n == 0) {
                    return true;
                }
                requestBytes += n;
                continue;
            }
            if (!headSent) {
                headSent = true;
                if (expect100 && !bodyDone && !finalSeen) {
                    waiting100 = true;
                    l.waitingFor100();
                }
            }
            // body bytes taken from the application, framing excluded (as libcurl counts them)
            uploadedReported = uploaded;
            if (bodyDone) {
                sendDone = true;
                return true;
            }
            if (waiting100) {
                return true;
            }
            if (!fillBody(l)) {
                return l.running();
            }
        }
    }

    /** Puts the next piece of body in sendBuf. False when nothing came (paused, failed). */
    private boolean fillBody(Listener l) {
        if (skip > 0 && (skip = ExchangeCodec.skipUpload(l, skip, request.skip())) > 0) {
            return false;
        }
        byte[] fields = request.fields();
        if (fields != null) {
            int n = (int) uploadSize;
            if (chunked) {
                // the fields as one chunk and the last chunk (a Transfer-Encoding: chunked the application asked for)
                sendBuf = oneChunk(fields, n);
            } else {
                sendBuf = ByteBuffer.wrap(fields, 0, n);
            }
            uploaded = uploadSize;
            bodyDone = true;
            return true;
        }
        if (uploadBuf == null) {
            uploadBuf = ByteBuffer.allocate(UPLOAD_BUFFER);
        }
        int room = chunked ? UPLOAD_BUFFER - 16 : UPLOAD_BUFFER;
        if (uploadSize >= 0) {
            room = (int) Math.min(room, uploadSize - uploaded);
        }
        int n;
        int front = chunked ? CHUNK_PREFIX : 0;
        if (room == 0) {
            n = 0;
        } else {
            ByteBuffer dst = uploadBuf.clear().position(front).limit(front + room).slice();
            n = l.readBody(dst);
            if (n < 0) {
                // paused or failed: sendBuf may be uploadBuf, which clear() just refilled; nothing is pending
                sendBuf = ByteBuffer.allocate(0);
                return false;
            }
        }
        readFromApp += n;
        if (n == 0) {
            if (uploadSize >= 0 && uploaded < uploadSize) {
                l.fail(CurlCode.CURLE_READ_ERROR, "client read function EOF fail, only " + uploaded + "/" + uploadSize
                        + " of needed bytes read");
                return false;
            }
            bodyDone = true;
            sendBuf = chunked ? ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) : ByteBuffer.allocate(0);
            return true;
        }
        uploaded += n;
        if (chunked) {
            // the size line goes right in front of the data, the CRLF right after it: one buffer, one write
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            int begin = CHUNK_PREFIX - size.length;
            uploadBuf.clear();
            uploadBuf.position(begin);
            uploadBuf.put(size);
            uploadBuf.position(CHUNK_PREFIX + n);
            uploadBuf.put((byte) '\r').put((byte) '\n');
            uploadBuf.flip().position(begin);
        } else {
            uploadBuf.clear().limit(n);
            if (uploadSize >= 0 && uploaded >= uploadSize) {
                bodyDone = true;
            }
        }
        sendBuf = uploadBuf;
        return true;
    }

    /** {@code n} bytes of {@code fields} as one chunk followed by the last chunk (RFC 9112 section 7.1). */
    private static ByteBuffer oneChunk(byte[] fields, int n) {
        if (n == 0) {
            return ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)); // the last chunk alone
        }
        byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(size.length + n + end.length);
        b.put(size).put(fields, 0, n).put(end).flip();
        return b;
    }

    // ---- receiving ----

    @Override
    public boolean receive(Listener l) throws IOException, HttpParseException {
        boolean ended = input.run(filter, l);
        if (ended && parser().lineAtEnd()) {
            l.onEvent(Event.HEADER, ByteBuffer.allocate(0)); // a header line the close cut short
        }
        return ended;
    }

    /** Runs parser events over buf, each handed to the listener. Returns whether to read more. */
    private boolean process(ByteBuffer buf, Listener l) throws HttpParseException {
        Http1ResponseParser p = parser();
        for (;;) {
            Http1ResponseParser.Event ev = p.next(buf);
            switch (ev) {
                case NEED_MORE:
                    return true;
                case STATUS_LINE:
                    if (conn != null) {
                        conn.lastHttpMinor = p.httpMinorVersion();
                    }
                    if (!l.onEvent(Event.STATUS_LINE, buf)) {
                        return false;
                    }
                    break;
                case HEADER:
                    if (!l.onEvent(Event.HEADER, buf)) {
                        return false;
                    }
                    break;
                case TRAILER:
                    if (!l.onEvent(Event.TRAILER, buf)) {
                        return false;
                    }
                    break;
                case HEADERS_DONE:
                    if (!p.interim()) {
                        finalSeen = true;
                        if (!p.keepAlive()) {
                            closeAfter = true;
                        }
                    }
                    if (!l.onEvent(Event.HEADERS_DONE, buf)) {
                        return false;
                    }
                    if (upgradeOffered && p.statusCode() == 101) {
                        switched = true; // what follows is HTTP/2: the rest of buf is kept for it
                        return false;
                    }
                    break;
                case BODY:
                    if (!l.onEvent(Event.BODY, buf)) {
                        return false;
                    }
                    break;
                case DONE:
                    responseDone = true;
                    if (!sendDone && closeAfter) {
                        // The whole response is in and the server closes: the rest of the upload
                        // can only fail, so it is not sent (libcurl does the same).
                        l.trace("we are done reading and this is set to close, stop send");
                        sendDone = true;
                    }
                    if (buf.hasRemaining()) {
                        l.trace("Excess found in a read: excess = " + buf.remaining()
                                + ", closing the connection after");
                        closeAfter = true;
                        buf.position(buf.limit());
                    }
                    l.onEvent(Event.DONE, buf);
                    return false;
                default:
                    throw new IllegalStateException(ev.toString());
            }
        }
    }

    /** {@code CURLMOPT_MAX_CONCURRENT_STREAMS} of the multi that runs this codec's transfers. */
    public void maxStreams(int max) {
        maxStreams = max;
    }

    @Override
    public String upgradeSettings() {
        return dev.hiper.internal.http2.Http2Session.upgradeSettings(maxStreams);
    }

    /** Whether a 101 switched the connection to HTTP/2 (the h2c upgrade this request offered). */
    public boolean switchedToHttp2() {
        return switched;
    }

    /** The bytes read past the 101's head, HTTP/2 frames already (empty if none); this codec lets go of them. */
    public ByteBuffer takeUpgradeBytes() {
        ByteBuffer rest = input.take();
        switched = false;
        return rest != null ? rest : ByteBuffer.allocate(0);
    }

    @Override
    public boolean endOfInput() throws HttpParseException {
        if (parser().endOfInput() != Http1ResponseParser.Event.DONE) {
            return false;
        }
        responseDone = true;
        closeAfter = true;
        sendDone = true;
        return true;
    }

    @Override
    public ResponseView response() {
        return parser();
    }

    @Override
    public ByteBuffer bodyView(ByteBuffer in, int n) {
        return input.bodyView(in, n);
    }

    @Override
    public void consumeBody(ByteBuffer in, int n) {
        parser().consumeBody(in, n);
    }

    // ---- the request side's progress ----

    @Override
    public boolean sendDone() {
        return sendDone;
    }

    @Override
    public void stopSending() {
        sendDone = true;
    }

    @Override
    public boolean waiting100() {
        return waiting100;
    }

    @Override
    public void stopWaiting100() {
        waiting100 = false;
    }

    @Override
    public boolean expect100() {
        return expect100;
    }

    @Override
    public long bodyRead() {
        return readFromApp;
    }

    @Override
    public long bodySent() {
        return uploadedReported;
    }

    @Override
    public long requestBytes() {
        return requestBytes;
    }

    @Override
    public long uploadSize() {
        return uploadSize;
    }

    @Override
    public boolean wantsToSend() {
        return !sendDone && !waiting100 && (sendBuf.hasRemaining() || !bodyDone || !headSent);
    }

    // ---- the response side's progress ----

    @Override
    public boolean responseDone() {
        return responseDone;
    }

    @Override
    public void endResponse() {
        responseDone = true;
    }

    /**
     * The bytes read past the response's head and kept (after a 101, the upgraded protocol's
     * first bytes), handed over once; null when none.
     */
    public ByteBuffer takeBuffered() {
        return input.take();
    }

    /**
     * The connection went to the application (a CONNECT_ONLY WebSocket): the parser and the last
     * request head are let go, so an idle session does not keep them; the handle's next HTTP/1.1
     * exchange makes them again.
     */
    public void shed() {
        parser = null;
        heads = null;
        request = null;
        sendBuf = null;
    }

    @Override
    public boolean hasBufferedInput() {
        return input.hasBuffered();
    }

    // ---- the connection ----

    @Override
    public void closeAfter() {
        closeAfter = true;
    }

    @Override
    public boolean reusable() {
        return !closeAfter && sendDone && !hasBufferedInput();
    }

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public void release() {
        input.clear();
        uploadBuf = null;
        conn = null;
        filter = null;
    }
}
