package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.http.ResponseView;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One exchange as one stream of an {@link Http2Session}: the request goes as HEADERS (and DATA
 * frames within the windows, END_STREAM on the last), and the stream's frames come back as the
 * same events an HTTP/1.1 response gives ({@link ExchangeCodec.Event}), shown through
 * {@link Http2ResponseLines}.
 *
 * <p>One per easy handle, kept across its transfers. Lifecycle: 1. {@link #attach} to the
 * connection's session; 2. {@link #writeRequest} opens the stream and queues its HEADERS (so the
 * trace shows the stream before the request, as curl's does); 3. {@link #send} and
 * {@link #receive} until both sides are done: receiving pumps the whole connection and then hands
 * this stream's events on; 4. {@link #release} resets the stream if it is still open and forgets it.
 */
public final class Http2StreamCodec implements ExchangeCodec {
    private static final int UPLOAD_BUFFER = 64 * 1024;

    private Http2Session session;
    private ByteBuffer readBuffer;
    private Listener owner;
    private Http2Stream stream;

    // ---- the request ----
    private Request request;
    /** The last request converted to fields, and what it gave (the fields are never changed once made). */
    private Request convertedFor;
    private boolean convertedTracing;
    private Http1Request.Head convertedHead;
    private Http2Request.Converted converted;
    private byte[] traceHead;
    private java.util.List<HeaderField> fields;
    private boolean bodyDone;
    private boolean sendDone;
    private long uploadSize = -1;
    private long uploaded;
    private long readFromApp;
    private long skip;
    private long requestBytes;
    private ByteBuffer uploadBuf;
    /** The application's Expect: 100-continue went with the request. */
    private boolean expect100;
    /** The body waits for a 100, a final response or the timeout. */
    private boolean waiting100;
    private boolean announced100;
    /** The request is a WebSocket's extended CONNECT (RFC 8441): no END_STREAM, a 2xx answers it. */
    private boolean webSocket;
    /** The extended CONNECT waits for the peer's SETTINGS, which must allow it (RFC 8441 section 3). */
    private boolean connectHeld;
    /** The peer's SETTINGS do not allow extended CONNECT: the WebSocket must go another way. */
    private boolean connectRefused;

    // ---- the response ----
    private boolean responseDone;
    private boolean firstByte;
    private final Http2ResponseLines view = new Http2ResponseLines();

    /** Binds the codec to {@code s} for the next exchange, acting for {@code owner}. */
    public void attach(Http2Session s, ByteBuffer readBuffer, Listener owner) {
        this.session = s;
        this.readBuffer = readBuffer;
        this.owner = owner;
    }

    /** Forgets the last exchange. */
    public void reset() {
        release();
        webSocket = false;
        connectRefused = false;
        responseDone = false;
        sendDone = false;
        uploadSize = -1;
        view.clear();
    }

    /**
     * The stream went to the application (a CONNECT_ONLY WebSocket): the request and its fields
     * are let go, so an idle session does not keep them.
     */
    public void shed() {
        request = null;
        fields = null;
        traceHead = null;
        convertedFor = null;
        convertedHead = null;
        converted = null;
    }

    @Override
    public byte[] writeRequest(Request r, boolean reused) {
        request = r;
        // libcurl adds Expect: 100-continue by itself over HTTP/1.1 only; one the application
        // set goes over HTTP/2 too, and the body waits for the 100 as it would over HTTP/1.1
        boolean tracing = owner.tracing();
        if (r != convertedFor || tracing != convertedTracing) {
            // the exchange hands over the same request again when nothing in it changed (keep-alive loops)
            convertedHead = Http1Request.build(r.method(), r.target(), r.url().hostHeader(), r.userAgent(),
                    r.headers(), r.body(), r.length(), r.formPost(), r.extras().forHttp2());
            converted = Http2Request.convert(convertedHead, r.url().scheme(), r.url().hostHeader(), tracing);
            convertedFor = r;
            convertedTracing = tracing;
        }
        Http1Request.Head head = convertedHead;
        Http2Request.Converted c = converted;
        fields = c.fields();
        traceHead = c.traceHead();
        webSocket = r.extras().wsKey() != null;
        connectRefused = false;
        if (webSocket) {
            fields = Http2ExtendedConnect.websocket(fields, r.url().scheme());
            traceHead = Http2ExtendedConnect.traceHead(traceHead);
        }
        uploadSize = r.body() == Http1Request.Body.LENGTH ? r.length() : -1;
        bodyDone = r.body() == Http1Request.Body.NONE || uploadSize == 0;
        expect100 = head.expect100 && !bodyDone;
        waiting100 = false;
        announced100 = false;
        uploaded = 0;
        readFromApp = 0;
        skip = r.skip();
        requestBytes = 0;
        sendDone = false;
        responseDone = false;
        firstByte = false;
        view.clear();
        connectHeld = webSocket;
        if (!webSocket) {
            openStream();
        } else if (!openHeld() && connectHeld) {
            owner.trace("[HTTP/2] extended CONNECT waits for the server's SETTINGS");
        }
        return traceHead;
    }

    /** Opens the stream: its HEADERS queued, END_STREAM on them when there is no body (nor a WebSocket). */
    private void openStream() {
        stream = session.open(owner, fields, bodyDone && !webSocket);
        if (bodyDone) {
            sendDone = true;
        }
        requestBytes = Http2Request.size(fields);
        if (owner.tracing()) {
            for (String line : Http2Request.traceLines(stream.id, request.url().toString(), fields)) {
                owner.trace(line);
            }
        }
    }

    /**
     * Opens a held extended CONNECT once the peer's SETTINGS are in and allow it (RFC 8441 section
     * 3: no {@code :protocol} before them). Returns whether the stream is open.
     */
    private boolean openHeld() {
        if (!connectHeld) {
            return stream != null;
        }
        if (!session.connectProtocol.seen()) {
            session.connectProtocol.await(owner);
            return false;
        }
        connectHeld = false;
        session.connectProtocol.stopWaiting(owner);
        if (!session.connectProtocol.allowed()) {
            connectRefused = true;
            return false;
        }
        openStream();
        return true;
    }

    /** The server does not allow extended CONNECT (its SETTINGS say so): the WebSocket goes another way. */
    public boolean extendedConnectRefused() {
        return connectRefused;
    }

    /**
     * After the 2xx to a WebSocket's extended CONNECT: the stream carries the WebSocket from now
     * on, read and written through the tunnel returned; this codec lets go of it.
     * {@code pumpBuffer} is the engine's read buffer (see {@link Http2Tunnel}).
     */
    public Http2Tunnel tunnel(ByteBuffer pumpBuffer) {
        Http2Tunnel t = new Http2Tunnel(session, stream, pumpBuffer);
        stream = null;
        return t;
    }

    /** Whether the stream carries a WebSocket (its 2xx answers an extended CONNECT). */
    public boolean webSocket() {
        return webSocket;
    }

    /**
     * Takes over an exchange whose request went over HTTP/1.1 with {@code Upgrade: h2c} and was
     * answered with 101: its response comes on stream 1 (RFC 7540 section 3.2). {@code sent} is
     * what went out as HTTP/1.1, {@code head} the bytes of the 101's head (they count in
     * {@code CURLINFO_HEADER_SIZE}, as libcurl counts them); {@code bytes} the frames that came
     * with the 101.
     */
    public void upgraded(Request r, long sent, long head, ByteBuffer bytes) {
        request = r;
        fields = null;
        traceHead = null;
        uploadSize = -1;
        bodyDone = true;
        sendDone = true;
        uploaded = 0;
        readFromApp = 0;
        skip = 0;
        requestBytes = sent;
        responseDone = false;
        firstByte = true; // the 101 was the first byte
        expect100 = false;
        waiting100 = false;
        view.clear();
        view.headerBytes = head;
        stream = session.openUpgraded(owner, owner, bytes);
    }

    @Override
    public void configure(boolean http09Allowed, boolean reused, boolean ignoreContentLength) {
        // HTTP/2 frames its messages itself: none of these apply
    }

    // ---- sending ----

    @Override
    public boolean send(Listener l) throws IOException {
        if (stream == null) {
            return unopened(l);
        }
        if (failed(l)) {
            return false;
        }
        if (stream.reset) {
            bodyDone = true; // nothing more goes on a reset stream
            sendDone = true;
            return true;
        }
        if (expect100 && !announced100) {
            announced100 = true;
            waiting100 = true;
            l.waitingFor100();
        }
        if (waiting100) {
            session.flushSoon(l);
            return true;
        }
        while (!bodyDone) {
            long room = Math.min(session.sendable(stream), UPLOAD_BUFFER);
            if (room <= 0) {
                break; // the windows are full: a WINDOW_UPDATE wakes the transfer
            }
            byte[] f = request.fields();
            if (f != null) {
                int n = (int) Math.min(room, uploadSize - uploaded);
                ByteBuffer piece = ByteBuffer.wrap(f, (int) uploaded, n);
                uploaded += n;
                readFromApp = uploaded;
                bodyDone = uploaded >= uploadSize;
                session.data(stream, piece, bodyDone);
                continue;
            }
            if (skip > 0 && (skip = ExchangeCodec.skipUpload(l, skip, request.skip())) > 0) {
                session.flushSoon(l);
                return l.running();
            }
            if (uploadSize >= 0) {
                room = Math.min(room, uploadSize - uploaded);
            }
            if (uploadBuf == null) {
                uploadBuf = ByteBuffer.allocate(UPLOAD_BUFFER);
            }
            uploadBuf.clear().limit((int) room);
            int n = room == 0 ? 0 : l.readBody(uploadBuf.slice());
            if (n < 0) {
                session.flushSoon(l);
                return l.running();
            }
            readFromApp += n;
            if (n == 0) {
                if (uploadSize >= 0 && uploaded < uploadSize) {
                    l.fail(CurlCode.CURLE_READ_ERROR, "client read function EOF fail, only " + uploaded + "/"
                            + uploadSize + " of needed bytes read");
                    return false;
                }
                bodyDone = true;
                session.data(stream, ByteBuffer.allocate(0), true);
                continue;
            }
            uploaded += n;
            uploadBuf.clear().limit(n);
            bodyDone = uploadSize >= 0 && uploaded >= uploadSize;
            session.data(stream, uploadBuf, bodyDone);
        }
        if (bodyDone) {
            sendDone = true;
        }
        session.flushSoon(l);
        return true;
    }

    /**
     * A held extended CONNECT: the connection is read and written for the peer's SETTINGS.
     * Returns whether to go on (false when the connection ended first, the transfer failed).
     */
    private boolean unopened(Listener l) throws IOException {
        if (openHeld() || connectRefused) {
            return true;
        }
        session.pump(l, readBuffer, null);
        if (openHeld() || connectRefused) {
            return true;
        }
        if (!session.usable()) {
            l.fail(session.failure != null ? session.failure : CurlCode.CURLE_HTTP2, session.failure != null
                    ? session.failureMessage : "HTTP/2 connection ended before the server's SETTINGS");
            return false;
        }
        session.flush(l);
        return true;
    }

    /** The stream failed (reset, the connection's error): the transfer ends with its code. */
    private boolean failed(Listener l) {
        if (stream != null && stream.error != null && stream.items.isEmpty() && !refusedUnseen()) {
            l.fail(stream.error, stream.errorMessage);
            return true;
        }
        return false;
    }

    // ---- receiving ----

    @Override
    public boolean receive(Listener l) throws IOException, HttpParseException {
        if (stream == null) {
            unopened(l);
            return false;
        }
        try {
            if (!deliver(l) || responseDone) {
                return false;
            }
            session.pump(l, readBuffer, stream);
            if (!deliver(l) || responseDone) {
                return false;
            }
            if (failed(l)) {
                return false;
            }
            return stream.cutOff || refusedUnseen(); // endOfInput says what it means
        } finally {
            session.flushSoon(l); // the WINDOW_UPDATEs the delivered bytes earned, with the call's other frames
        }
    }

    /** Hands the stream's queued events to the listener. Returns whether to go on. */
    private boolean deliver(Listener l) {
        while (!stream.items.isEmpty()) {
            Http2Stream.Item item = stream.items.peekFirst();
            if (!firstByte) {
                firstByte = true;
                view.anyBytes = true;
                l.firstByte();
            }
            switch (item.event) {
                case BODY:
                    ByteBuffer body = item.body;
                    view.body = body;
                    if (request.noBody()) {
                        consumeBody(body, body.remaining());
                    }
                    while (body.hasRemaining()) {
                        if (!l.onEvent(Event.BODY, body)) {
                            if (!body.hasRemaining()) {
                                stream.items.pollFirst();
                                view.body = null;
                            }
                            return false;
                        }
                    }
                    stream.items.pollFirst();
                    view.body = null; // the piece is the application's now: a slow stream does not keep it between frames
                    break;
                case DONE:
                    stream.items.pollFirst();
                    responseDone = true;
                    l.onEvent(Event.DONE, null);
                    return false;
                default:
                    if (!view.headLine(l, item)) {
                        if (!l.running() || responseDone) {
                            stream.items.pollFirst();
                        }
                        // else paused by the header callback: the same line comes again, as in libcurl
                        return false;
                    }
                    view.headerBytes += view.lineLength();
                    stream.items.pollFirst();
                    break;
            }
        }
        return true;
    }

    /** The server refused the stream before any of its response arrived: it may go again. */
    private boolean refusedUnseen() {
        return stream.refused && !view.anyBytes;
    }

    @Override
    public boolean refused() {
        return stream != null && refusedUnseen();
    }

    @Override
    public boolean refusedByGoAway() {
        return refused() && stream.refusedByGoAway;
    }

    @Override
    public boolean endOfInput() throws HttpParseException {
        if (responseDone) {
            return true;
        }
        if (refusedUnseen()) {
            throw new HttpParseException(stream.error, stream.errorMessage);
        }
        throw new HttpParseException(CurlCode.CURLE_HTTP2_STREAM, "HTTP/2 stream " + stream.id
                + " was not closed cleanly before end of the underlying connection");
    }

    @Override
    public ResponseView response() {
        return view;
    }

    @Override
    public ByteBuffer bodyView(ByteBuffer in, int n) {
        ByteBuffer v = in.asReadOnlyBuffer();
        v.limit(in.position() + n);
        return v;
    }

    @Override
    public void consumeBody(ByteBuffer in, int n) {
        in.position(in.position() + n);
        view.bodyBytes += n;
        session.consumed(stream, n);
    }

    // ---- the request side's progress ----

    @Override
    public boolean sendDone() {
        return sendDone;
    }

    @Override
    public void stopSending() {
        sendDone = true;
        bodyDone = true;
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
        return uploaded;
    }

    @Override
    public long requestBytes() {
        return requestBytes + uploaded;
    }

    @Override
    public long uploadSize() {
        return uploadSize;
    }

    @Override
    public boolean wantsToSend() {
        if (session == null || stream == null) {
            return session != null && session.hasOutput();
        }
        return session.hasOutput() || (!sendDone && !waiting100 && session.sendable(stream) > 0);
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
        return stream != null && !stream.items.isEmpty();
    }

    // ---- the connection ----

    @Override
    public void closeAfter() {
        // one stream's end does not close the connection the others share
    }

    @Override
    public boolean reusable() {
        return session != null && session.usable();
    }

    @Override
    public boolean multiplexed() {
        return true;
    }

    @Override
    public void release() {
        if (stream != null && session != null) {
            session.close(stream, owner);
        }
        if (connectHeld && session != null) {
            session.connectProtocol.stopWaiting(owner);
        }
        connectHeld = false;
        stream = null;
        uploadBuf = null;
        view.body = null;
    }
}
