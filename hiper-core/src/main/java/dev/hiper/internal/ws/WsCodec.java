package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURL_MAX_WRITE_SIZE;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.http.ResponseView;
import dev.hiper.internal.http.ReadLoop;
import dev.hiper.internal.http2.Http2Tunnel;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The connection after a 101 to a WebSocket upgrade, in a running transfer (libcurl's mode
 * without {@code CURLOPT_CONNECT_ONLY}): the stage that takes the HTTP/1.1 codec's place on the
 * protocol seam. What arrives is decoded into frames whose payload goes to the write callback
 * as body bytes, with {@link WsSession#frame()} describing them there; what the read callback
 * gives goes out as frames ({@code curl_ws_start_frame} sets the next one's type and size,
 * else each piece is a BINARY frame). A PING is answered, a CLOSE answered with a CLOSE
 * carrying its status code (RFC 6455 section 5.5.1), and the transfer ends when the server
 * closes the connection; an end inside a frame is CURLE_RECV_ERROR.
 *
 * <p>Over HTTP/2 (RFC 8441) the frames go on one stream of a shared connection, through an
 * {@link Http2Tunnel} that reads and writes like the connection; the server's END_STREAM is the
 * end, and releasing the stage lets go of the stream.
 *
 * <p>With {@code CURLWS_RAW_MODE} the connection's bytes go to the write callback undecoded.
 * The response that {@link #response()} shows is the 101, except for the body counts.
 */
public final class WsCodec implements ExchangeCodec {

    private WsSession session;
    private ConnectionFilter filter;
    /** The HTTP/2 stream the session runs on; null over an HTTP/1.1 connection. */
    private Http2Tunnel tunnel;
    private ResponseView upgrade;
    private final Body body = new Body();
    /** Reads, and the bytes kept aside between runs (a paused application, the 101's leftovers). */
    private final ReadLoop input = new ReadLoop(new ReadLoop.Step() {
        @Override
        public boolean process(ByteBuffer buf, Listener l) throws IOException, HttpParseException {
            return WsCodec.this.process(buf, l);
        }

        @Override
        public boolean finished() {
            return responseDone;
        }
    });
    private boolean uploading;
    private boolean readEnded;
    private boolean responseDone;
    private boolean anyFrameByte;
    /** The body piece being handed over is the inflater's, not the connection's bytes. */
    private boolean inflated;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private long bodyBytes;
    private long readFromApp;
    private long requestBytes;
    private final byte[] closeCode = new byte[2];
    private int closeCodeLen;
    /** The server's CLOSE arrived whole: what it sends after is skipped (RFC 6455 section 5.5.1). */
    private boolean closeReceived;

    /**
     * Binds the stage to a session: the 101's view, the engine's read buffer and its read-only
     * view; {@code uploading}: the read callback supplies frames; {@code requestBytes}: the
     * upgrade request's size (CURLINFO_REQUEST_SIZE goes on counting it).
     */
    public void attach(WsSession s, ConnectionFilter chain, ResponseView response, ByteBuffer readBuffer,
            ByteBuffer readView, boolean uploading, long requestBytes) {
        this.requestBytes = requestBytes;
        session = s;
        filter = chain;
        upgrade = response;
        input.attach(readBuffer, readView);
        this.uploading = uploading;
        readEnded = false;
        responseDone = false;
        anyFrameByte = false;
        bodyBytes = 0;
        readFromApp = 0;
        closeReceived = false; // the codec is the handle's: a new session starts with nothing received
        closeCodeLen = 0;
        input.keep(s.takeLeftover());
        tunnel = chain instanceof Http2Tunnel t ? t : null;
    }

    public WsSession session() {
        return session;
    }

    @Override
    public byte[] writeRequest(Request request, boolean reused) {
        throw new IllegalStateException("a WebSocket carries no HTTP request");
    }

    @Override
    public void configure(boolean http09Allowed, boolean reused, boolean ignoreContentLength) {
    }

    // ---- sending ----

    @Override
    public boolean send(Listener l) throws IOException {
        if (!session.flush(l)) {
            return true;
        }
        if (!uploading || readEnded) {
            return true;
        }
        // the read callback's bytes go through a buffer of the thread's, lent for the call: an
        // idle session holds none
        ByteBuffer uploadBuf = WsBuffers.lendUpload();
        try {
            return sendFrom(l, uploadBuf);
        } finally {
            WsBuffers.giveBackUpload(uploadBuf);
        }
    }

    private boolean sendFrom(Listener l, ByteBuffer uploadBuf) throws IOException {
        for (int rounds = 0; rounds < 8 && session.idle(); rounds++) {
            uploadBuf.clear();
            if (session.framePayloadLeft() > 0 && session.framePayloadLeft() < uploadBuf.capacity()) {
                uploadBuf.limit((int) session.framePayloadLeft());
            }
            int n = l.readBody(uploadBuf);
            if (n < 0) {
                if (l.running()) {
                    session.flush(l); // a frame without payload the callback started before it paused
                }
                return l.running();
            }
            if (n == 0) {
                readEnded = true;
                return true;
            }
            readFromApp += n;
            uploadBuf.flip();
            try {
                session.uploadPayload(uploadBuf);
            } catch (WsException e) {
                l.fail(e.code(), e.getMessage());
                return false;
            }
            if (!session.flush(l)) {
                return true;
            }
        }
        return true;
    }

    // ---- receiving ----

    @Override
    public boolean receive(Listener l) throws IOException, HttpParseException {
        if (session.inflatedPending() && !process(EMPTY, l)) {
            return false; // inflated bytes a pause held back go first
        }
        return input.run(filter, l);
    }

    /** Hands the frames in {@code buf} to the listener. Returns whether to read more. */
    private boolean process(ByteBuffer buf, Listener l) throws IOException, HttpParseException {
        WsFrameDecoder d = session.decoder();
        for (;;) {
            if (closeReceived && !session.raw()) {
                buf.position(buf.limit()); // no frame may follow a CLOSE: nothing after it is handed over or answered
                return true;
            }
            if (session.raw()) {
                if (!buf.hasRemaining()) {
                    return true;
                }
                body.available = Math.min(buf.remaining(), CURL_MAX_WRITE_SIZE);
                anyFrameByte = true;
                if (!l.onEvent(Event.BODY, buf)) {
                    return false;
                }
                continue;
            }
            WsInflater inflater = session.inflater();
            if (inflater != null && inflater.active()) {
                int st;
                try {
                    st = inflater.next();
                } catch (WsException e) {
                    throw new HttpParseException(e.code(), e.getMessage());
                }
                if (st == WsInflater.PIECE_READY) {
                    int n = inflater.pieceRemaining();
                    session.metaInflated(n);
                    inflated = true;
                    body.available = n;
                    boolean goOn = l.onEvent(Event.BODY, buf);
                    inflated = false;
                    if (!goOn) {
                        return false;
                    }
                } else if (st == WsInflater.NEED_INPUT) {
                    if (!buf.hasRemaining()) {
                        return true;
                    }
                    anyFrameByte = true;
                    d.consumed(inflater.feed(buf));
                }
                continue;
            }
            if (buf.hasRemaining()) {
                anyFrameByte = true;
            }
            try {
                if (!d.frame(buf)) {
                    return true;
                }
            } catch (WsException e) {
                throw new HttpParseException(e.code(), e.getMessage());
            }
            if (session.beginInflating()) {
                continue;
            }
            int n = (int) Math.min(Math.min(d.remaining(), buf.remaining()), CURL_MAX_WRITE_SIZE);
            if (n == 0 && d.remaining() > 0) {
                return true;
            }
            if (session.answersPing(buf, n)) {
                session.flush(l);
                continue;
            }
            boolean close = (d.flags() & CURLWS_CLOSE) != 0;
            if (close) {
                for (int i = 0; i < n && d.offset() + i < 2; i++) {
                    closeCode[(int) d.offset() + i] = buf.get(buf.position() + i);
                    closeCodeLen = (int) d.offset() + i + 1;
                }
            }
            boolean last = d.remaining() == n;
            session.meta(n);
            body.available = n;
            if (!l.onEvent(Event.BODY, buf)) {
                return false;
            }
            if (close && last) {
                session.answerClose(closeCode, closeCodeLen, l);
                closeCodeLen = 0;
                closeReceived = true;
            }
        }
    }

    @Override
    public boolean endOfInput() throws HttpParseException {
        responseDone = true;
        readEnded = true; // the peer closed the connection: nothing more can be sent on it
        long missing = session.decoder().cutShort();
        if (missing > 0 && !session.raw()) {
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    "[WS] decode ending with " + missing + " frame bytes remaining");
        }
        if (!anyFrameByte) {
            throw new HttpParseException(CurlCode.CURLE_GOT_NOTHING, "Empty reply from server");
        }
        return true;
    }

    @Override
    public ResponseView response() {
        return body;
    }

    @Override
    public ByteBuffer bodyView(ByteBuffer in, int n) {
        return inflated ? session.inflater().view(n) : input.bodyView(in, n);
    }

    @Override
    public void consumeBody(ByteBuffer in, int n) {
        if (inflated) {
            session.inflater().consumed(n);
            bodyBytes += n;
            return;
        }
        in.position(in.position() + n);
        bodyBytes += n;
        if (!session.raw()) {
            session.decoder().consumed(n);
        }
    }

    // ---- the request side's progress ----

    @Override
    public boolean sendDone() {
        return (!uploading || readEnded) && session.idle();
    }

    @Override
    public void stopSending() {
        readEnded = true;
    }

    @Override
    public boolean waiting100() {
        return false;
    }

    @Override
    public void stopWaiting100() {
    }

    @Override
    public boolean expect100() {
        return false;
    }

    @Override
    public long bodyRead() {
        return readFromApp;
    }

    @Override
    public long bodySent() {
        return readFromApp;
    }

    @Override
    public long requestBytes() {
        return requestBytes;
    }

    @Override
    public long uploadSize() {
        return -1;
    }

    @Override
    public boolean wantsToSend() {
        if (tunnel != null) {
            // a shut window waits for the peer's WINDOW_UPDATE (a read), not for a writable socket
            return tunnel.hasOutput() || (session.wantsToSend() || uploading && !readEnded) && tunnel.canSend();
        }
        return session.wantsToSend() || uploading && !readEnded;
    }

    @Override
    public boolean holdsOutput() {
        return tunnel != null ? tunnel.hasOutput() || session.wantsToSend() && tunnel.canSend() : session.wantsToSend();
    }

    @Override
    public void flushHeld(Listener l) throws IOException {
        session.flush(l);
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

    @Override
    public boolean hasBufferedInput() {
        return input.hasBuffered() || session.inflatedPending() || tunnel != null && tunnel.hasBufferedInput();
    }

    // ---- the connection ----

    @Override
    public void closeAfter() {
    }

    @Override
    public boolean reusable() {
        return false; // a connection that spoke WebSocket never carries HTTP again
    }

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public void release() {
        if (session != null) {
            session.end();
        }
        input.clear();
        if (tunnel != null) {
            tunnel.close(); // the stream is reset unless both sides ended it; the connection stays
            tunnel = null;
        }
        filter = null;
    }

    /** The 101's view, with the body counts of the frames. */
    private final class Body implements ResponseView {
        int available;

        @Override
        public int statusCode() {
            return upgrade.statusCode();
        }

        @Override
        public int httpMinorVersion() {
            return upgrade.httpMinorVersion();
        }

        @Override
        public boolean http09() {
            return false;
        }

        @Override
        public boolean interim() {
            return false;
        }

        @Override
        public ByteBuffer line() {
            return upgrade.line();
        }

        @Override
        public boolean headerNameIs(String lower) {
            return upgrade.headerNameIs(lower);
        }

        @Override
        public String headerValue() {
            return upgrade.headerValue();
        }

        @Override
        public boolean headerValueIs(String v) {
            return upgrade.headerValueIs(v);
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public boolean keepAlive() {
            return false;
        }

        @Override
        public int bodyAvailable() {
            return available;
        }

        @Override
        public long bodyBytes() {
            return bodyBytes;
        }

        @Override
        public long headerBytes() {
            return upgrade.headerBytes();
        }

        @Override
        public boolean anyBytesSeen() {
            return true;
        }
    }
}
