package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlInfoType;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.ExchangeHost;
import dev.hiper.internal.http.HttpExchange;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.http.ResponseView;
import dev.hiper.internal.http.WsUpgrade;
import dev.hiper.internal.http1.Http1Codec;
import dev.hiper.internal.http2.Http2Session;
import dev.hiper.internal.http2.Http2StreamCodec;
import dev.hiper.internal.http2.Http2Tunnel;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.ws.WsCodec;
import dev.hiper.internal.ws.WsSession;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A transfer's HTTP exchanges on its connection: DO (the request from the options, given to the
 * codec of the connection's version) and PERFORMING (the codec sends and receives, the
 * version-blind {@link HttpExchange} decides), and what happens when the connection fails under
 * them: a reused connection that died before any response byte is left for a fresh one, once,
 * the upload rewound first; a 401 that picked an authentication scheme sends the request again.
 *
 * <p>One per easy handle, kept across its transfers; {@link #begin} binds it to the transfer
 * that runs. It is the {@link ExchangeHost} of the exchange: it answers for the transfer
 * and passes the calls into the application on to {@link ApplicationCalls}.
 */
final class ExchangeDriver implements ExchangeHost {
    /** Requests refused by GOAWAY go again this many times at most (libcurl's CONN_MAX_RETRIES). */
    private static final int MAX_GOAWAY_RETRIES = 5;
    private final HttpExchange exchange = new HttpExchange();
    private final Http1Codec http1 = new Http1Codec();
    /** The codec of the exchange running now: HTTP/1.1, or a stream of the connection's HTTP/2 session. */
    private ExchangeCodec codec = http1;
    /** The codec of a stream on an HTTP/2 connection, made the first time one is used. */
    private Http2StreamCodec h2;
    /** The WebSocket stage, made the first time a 101 switches a connection over. */
    private WsCodec ws;
    /** The WebSocket upgrade of ws:// and wss:// requests: the key sent, the 101's decision. */
    private final WsUpgrade upgrade = new WsUpgrade();
    private Transfer t;
    private MultiEngine engine;
    private EasyHandle easy;
    private int retries;

    @Override
    public boolean rewindMime(dev.hiper.internal.mime.MimeTree mime) {
        return MimeCalls.rewindGuarded(t, engine, mime, "Cannot rewind mime/post data");
    }

    /** A transfer is made: nothing of the handle's last response shows before this one starts. */
    void begin(Transfer transfer) {
        t = transfer;
        engine = transfer.engine;
        easy = transfer.easy;
        retries = 0;
        if (easy.ws.connection == null) {
            easy.ws.session = null; // a handed-over WebSocket stays the handle's until INIT closes it
        }
        codec = http1;
        http1.reset();
        http1.maxStreams(engine.maxConcurrentStreams());
        if (h2 != null) {
            h2.reset();
        }
    }

    /** The transfer starts (INIT): authentication and the 417 memory start afresh. */
    void beginExchanges() {
        WsCalls.closeHandedOver(easy); // a WebSocket the last CONNECT_ONLY transfer left ends here
        exchange.begin(this);
    }

    /**
     * The transfer ended and left its connection to the application (a CONNECT_ONLY WebSocket),
     * its figures taken: the codec lets go of what it built for the exchange.
     */
    void handedOver() {
        if (codec == http1) {
            http1.shed();
        } else if (codec == h2) {
            h2.shed();
        }
    }

    /**
     * PERFORMING's pollset: the connection's socket, for reading unless receiving is paused or the
     * response is in, for writing while the codec has something to send that a pause does not hold.
     */
    int pollset(Connection conn, boolean recvPaused, boolean sendPaused, SocketEntry[] out, int[] masks) {
        int want = 0;
        if (!recvPaused && !codec.responseDone() && !codec.hasBufferedInput()) {
            want |= 1;
        }
        if (codec.wantsToSend() && (!sendPaused || codec.holdsOutput())) {
            want |= 2;
        }
        if (want == 0) {
            return 0;
        }
        out[0] = conn.socket;
        masks[0] = conn.filter.socketInterest(want);
        return 1;
    }

    /** The codec of the current exchange. */
    ExchangeCodec codec() {
        return codec;
    }

    /** DO: the request, built from the options, goes to the connection's codec; PERFORMING next. */
    void start() {
        Connection conn = t.connection();
        // the codec of the connection's version: a stream of its HTTP/2 session, or HTTP/1.1
        if (conn.h2 != null) {
            if (h2 == null) {
                h2 = new Http2StreamCodec();
            }
            h2.attach(conn.h2, engine.readBuffer(), exchange);
            codec = h2;
            if (conn.h2.usable() && engine.multiplexing() && engine.maxConcurrentStreams() > 1) {
                engine.cache().share(conn); // back from the idle set: offered to others again
            }
        } else {
            http1.attach(conn, engine.readBuffer(), engine.readView());
            codec = http1;
        }
        dev.hiper.internal.conn.proxy.ProxySpec fwd = t.setup().forwardingProxy();
        if (fwd != null) {
            exchange.forwarding.set(true, fwd.user(), fwd.password(),
                    easy.proxy.separateHeaders ? easy.proxy.headers : null);
        } else {
            exchange.forwarding.set(false, null, null, null);
        }
        byte[] head = exchange.start(t.url(), codec, t.reusedConnection(),
                conn.h2 == null && Http1Codec.peerIsHttp10(conn));
        if (head == null) {
            return;
        }
        upgrade.overHttp2(codec == h2 && h2.webSocket());
        easy.info.requestSize = 0; // counts every byte sent, head and body, as libcurl 8 does
        easy.info.pretransferUs = t.micros(engine.now());
        conn.uses++;
        t.calls().traceOut(CurlInfoType.CURLINFO_HEADER_OUT, head, 0, head.length);
        t.state(TransferState.PERFORMING);
    }

    /** PERFORMING: sends what can go, reads what came; DONE once both sides are over. */
    void perform() {
        if (codec == h2 && h2.extendedConnectRefused()) {
            webSocketOverHttp1();
            return;
        }
        if (!codec.sendDone() && !t.sendPaused() && !send()) {
            return;
        }
        if (t.sendPaused() && codec.holdsOutput() && !flushHeld()) {
            return;
        }
        if (t.state() != TransferState.PERFORMING) {
            return;
        }
        if (!t.recvPaused()) {
            if (exchange.decodedPending()) {
                exchange.writeDecoded(); // the write callback paused after the body's end
            } else {
                receive();
            }
        }
        if (t.state() == TransferState.PERFORMING && codec.responseDone() && codec.sendDone()
                && !exchange.decodedPending()) {
            if (exchange.authRetry()) {
                sendAgain();
            } else if (exchange.redirecting()) {
                follow();
            } else {
                t.state(TransferState.DONE);
            }
        }
    }

    /** Sends what the connection takes. Returns false when the transfer failed. */
    /** While sending is paused: what the codec holds of its own goes out. False when that failed the transfer. */
    private boolean flushHeld() {
        try {
            codec.flushHeld(exchange);
            return true;
        } catch (IOException e) {
            onIoError(e, true);
            return false;
        }
    }

    private boolean send() {
        boolean ok;
        IOException error = null;
        try {
            ok = codec.send(exchange);
        } catch (IOException e) {
            ok = false;
            error = e;
        }
        syncSent(); // before a retry starts the counts again
        if (error != null) {
            onIoError(error, true);
        }
        return ok;
    }

    /** What the codec sent, as CURLINFO_REQUEST_SIZE and CURLINFO_SIZE_UPLOAD report it. */
    void syncSent() {
        if (codec != null) {
            easy.info.requestSize = codec.requestBytes();
            easy.info.sizeUpload = codec.bodySent();
        }
    }

    @Override
    public boolean sendNow() {
        return t.sendPaused() || send();
    }

    /** Asks the application for body bytes: count, or -1 when paused or failed. */
    @Override
    public int readBody(ByteBuffer dst) {
        syncSent(); // what the read callback may ask getinfo about
        return t.calls().read(dst);
    }

    @Override
    public boolean writeBody(ByteBuffer view, int n) {
        return t.calls().write(view, n);
    }

    @Override
    public boolean header(ResponseView response, boolean trailer) {
        return t.calls().header(response, trailer);
    }

    // ---- the response ----

    private void receive() {
        boolean ended;
        try {
            ended = codec.receive(exchange);
            if (codec == http1 && http1.switchedToHttp2()) {
                switchToHttp2();
                ended = codec.receive(exchange);
            }
        } catch (HttpParseException e) {
            t.fail(e.code(), e.getMessage());
            return;
        } catch (IOException e) {
            onIoError(e, false);
            return;
        }
        if (upgrade.takeUpgraded()) {
            switchToWebSocket();
            return;
        }
        if (codec == h2 && h2.extendedConnectRefused()) {
            webSocketOverHttp1();
            return;
        }
        if (ended) {
            onEndOfStream();
        }
    }

    @Override
    public WsUpgrade webSocket() {
        return upgrade;
    }

    /**
     * After the 101: the connection carries WebSocket frames. With CURLOPT_CONNECT_ONLY the
     * transfer ends here and the application takes the connection; else the WebSocket stage
     * takes the HTTP/1.1 codec's place and the transfer goes on until the server closes.
     */
    private void switchToWebSocket() {
        Connection conn = t.connection();
        if (codec == h2) {
            switchStreamToWebSocket();
            return;
        }
        WsSession s = new WsSession(conn.filter, http1.takeBuffered(), easy.wsOptions, WsCalls.masks);
        s.deflate(upgrade.deflate());
        easy.ws.session = s;
        if (easy.connectOnly == 2) {
            WsCalls.handOver(easy, engine, t.handOver(null));
            t.state(TransferState.DONE);
            return;
        }
        if (ws == null) {
            ws = new WsCodec();
        }
        ws.attach(s, conn.filter, http1.response(), engine.readBuffer(), engine.readView(), easy.upload,
                http1.requestBytes());
        codec = ws;
        exchange.codecSwitched(ws);
        t.runSoon(); // bytes that came with the 101 are waiting; the socket will not say so
    }

    /**
     * After the 2xx to an extended CONNECT (RFC 8441): the stream carries the WebSocket, the
     * connection its other streams as before. The WebSocket stage takes the stream codec's place.
     */
    private void switchStreamToWebSocket() {
        Http2Tunnel tunnel = h2.tunnel(engine.readBuffer());
        t.trace("[WS] over HTTP/2 stream " + tunnel.streamId());
        WsSession s = new WsSession(tunnel, null, easy.wsOptions, WsCalls.masks);
        s.deflate(upgrade.deflate());
        easy.ws.session = s;
        if (easy.connectOnly == 2) {
            tunnel.handOver();
            WsStreamKeeper keeper = new WsStreamKeeper(tunnel);
            WsCalls.handOver(easy, engine, t.handOver(keeper));
            easy.ws.keeper = keeper;
            t.state(TransferState.DONE);
            return;
        }
        if (ws == null) {
            ws = new WsCodec();
        }
        ws.attach(s, tunnel, h2.response(), engine.readBuffer(), engine.readView(), easy.upload, h2.requestBytes());
        codec = ws;
        exchange.codecSwitched(ws);
        t.runSoon(); // frames that came with the 2xx are queued on the stream; the socket will not say so
    }

    /**
     * The server's SETTINGS do not allow extended CONNECT: the WebSocket goes to an HTTP/1.1
     * connection (a new one, offering only HTTP/1.1), as libcurl would have sent it from the
     * start; the HTTP/2 connection stays for its other streams.
     */
    private void webSocketOverHttp1() {
        t.trace("[HTTP/2] the server does not allow extended CONNECT (RFC 8441): WebSocket over HTTP/1.1");
        t.leaveConnection(true, false);
        codec.release();
        codec = http1;
        easy.info.sizeUpload = 0;
        if (t.setup().webSocketOverHttp1()) {
            t.state(TransferState.PENDING);
        }
    }

    @Override
    public void firstByte() {
        easy.info.starttransferUs = t.micros(engine.now());
    }

    private void onEndOfStream() {
        try {
            if (codec.endOfInput()) {
                exchange.bodyEnded(); // the close ended the body
            }
        } catch (HttpParseException e) {
            if (canRetry()) {
                retry(codec.refused() ? e.getMessage() + ", retrying a fresh connect"
                        : "Connection died, retrying a fresh connect");
                return;
            }
            if (e.code() == CurlCode.CURLE_GOT_NOTHING && easy.connectOnly != 0 && codec.response().anyBytesSeen()) {
                // libcurl makes no "Empty reply" check for CONNECT_ONLY: an upgrade whose
                // connection closed inside the 101's head ends with CURLE_OK, and no WebSocket
                t.state(TransferState.DONE);
                return;
            }
            t.fail(e.code(), e.getMessage());
        }
    }

    /**
     * The connection failed while sending ({@code sending}) or receiving. A reset met by the read
     * while the request is still going out, before any answer, is a send failure too: whichever of
     * a run's read and write meets the reset first, the exchange died sending.
     */
    private void onIoError(IOException e, boolean sending) {
        if (e instanceof FilterException) {
            // the filter named the failure (a TLS alert, a client certificate the server wants)
            t.fail(((FilterException) e).code(), e.getMessage());
            return;
        }
        if (canRetry()) {
            retry("Connection died, retrying a fresh connect");
            return;
        }
        if (sending || !codec.sendDone() && !codec.response().anyBytesSeen()) {
            t.fail(CurlCode.CURLE_SEND_ERROR, "Send failure: " + HappyEyeballs.message(e), e);
        } else {
            t.fail(CurlCode.CURLE_RECV_ERROR, "Recv failure: " + HappyEyeballs.message(e), e);
        }
    }

    /**
     * A reused connection that the server closed before any response byte, or a request the server
     * refused unprocessed (HTTP/2): try once more, fresh.
     */
    private boolean canRetry() {
        int allowed = codec.refusedByGoAway() ? MAX_GOAWAY_RETRIES : 1;
        return (t.reusedConnection() || codec.refused()) && retries < allowed && !codec.response().anyBytesSeen();
    }

    private void retry(String why) {
        t.trace(why);
        if (exchange.bodyFromReader() && codec.bodyRead() > 0 && !t.calls().rewind()) {
            return;
        }
        retries++;
        if (codec.refused()) {
            // never processed (RFC 9113 section 8.7): as libcurl, the connection that refused it
            // takes no new streams (its others finish); the request goes on any other one, a
            // connection with room, an idle one, one being made (PIPEWAIT), or a new one
            again(false, false);
        } else {
            startOver();
        }
    }

    /**
     * A 101 accepted the {@code Upgrade: h2c} offer: the connection gets its HTTP/2 session (the
     * preface and SETTINGS go first), the request becomes stream 1 and the exchange reads its
     * response from the stream codec; the connection is then offered to other transfers.
     */
    private void switchToHttp2() {
        Connection conn = t.connection();
        ByteBuffer rest = http1.takeUpgradeBytes();
        t.trace("Received 101, Switching to HTTP/2");
        Http2Session s = new Http2Session(conn, engine.cache(), engine.clock(),
                engine.multiplexing() ? engine.maxConcurrentStreams() : 1, engine.multiplexing(), engine.writeBatch());
        if (h2 == null) {
            h2 = new Http2StreamCodec();
        }
        h2.attach(s, engine.readBuffer(), exchange);
        h2.upgraded(exchange.lastRequest(), http1.requestBytes(), http1.response().headerBytes(), rest);
        codec = h2;
        exchange.codecSwitched(h2);
        easy.info.httpVersion = CURL_HTTP_VERSION_2_0;
        engine.connectionShared(t.key());
    }

    /** The request goes again on a fresh connection; this one closes. */
    @Override
    public void startOver() {
        again(false, true);
    }

    private void again(boolean keep, boolean fresh) {
        t.leaveConnection(keep, fresh);
        codec.release();
        easy.info.sizeUpload = 0;
        t.state(TransferState.PENDING);
    }

    /** After a 401 that picked a scheme: the request again, on this connection if it stays open. */
    private void sendAgain() {
        if (exchange.bodyFromReader() && codec.bodyRead() > 0 && !t.calls().rewind()) {
            return;
        }
        t.trace("Issue another request to this URL: '" + t.url() + "'");
        t.leaveConnection(codec.reusable() && !easy.forbidReuse, false);
        codec.release();
        easy.info.sizeUpload = 0;
        t.state(TransferState.PENDING);
    }

    /**
     * After a 3xx that is followed (libcurl's multi_follow): the connection is parked when it can
     * carry the next request, the body rewound when it goes again, and the transfer goes back
     * through its connect states to the new URL, where the connection cache hands the parked
     * connection out again when the origin is the same.
     */
    private void follow() {
        CurlUrl next = exchange.follow(() -> {
            boolean park = codec.reusable() && !easy.forbidReuse;
            Connection conn = t.connection();
            if (easy.verbose) {
                t.trace(park ? "Connection #" + conn.id + " to host " + conn.host + " left intact"
                        : "Closing connection #" + conn.id);
            }
            t.leaveConnection(park, false);
            codec.release();
        });
        if (next == null || exchange.bodyGoesAgain() && codec.bodyRead() > 0 && !t.calls().rewind()) {
            return;
        }
        easy.info.sizeUpload = 0;
        easy.info.sizeDownload = 0;
        easy.info.redirectUs = t.micros(engine.now());
        t.followTo(next);
        // a run takes a bounded number of steps; a chain of fast hops must not stall at the bound
        t.runSoon();
    }

    // ---- what the exchange asks of its transfer ----

    @Override
    public EasyHandle easy() {
        return easy;
    }

    @Override
    public String defaultUserAgent() {
        return engine.defaultUserAgent();
    }

    @Override
    public boolean performing() {
        return t.state() == TransferState.PERFORMING;
    }

    @Override
    public boolean receiving() {
        return t.state() == TransferState.PERFORMING && !t.recvPaused();
    }

    @Override
    public boolean recvWithinLimit() {
        return t.recvWithinLimit();
    }

    @Override
    public void expect100Timer(boolean on) {
        if (on) {
            t.expireIn(ExpireId.EXPECT_100, easy.seldom.expect100TimeoutMs);
        } else {
            t.cancel(ExpireId.EXPECT_100);
        }
    }

    @Override
    public void fail(CurlCode code, String message) {
        t.fail(code, message);
    }

    @Override
    public void trace(String text) {
        t.trace(text);
    }

    @Override
    public void runSoon() {
        t.runSoon();
    }
}
