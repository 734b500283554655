package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPAUSE_RECV;
import static dev.hiper.curl.Curl.CURLPAUSE_SEND;
import static dev.hiper.curl.Curl.CURL_READFUNC_ABORT;
import static dev.hiper.curl.Curl.CURL_READFUNC_PAUSE;
import static dev.hiper.curl.Curl.CURL_SEEKFUNC_OK;
import static dev.hiper.curl.Curl.CURL_WRITEFUNC_PAUSE;
import static dev.hiper.curl.Curl.SEEK_SET;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlInfoType;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.HttpExchange;
import dev.hiper.internal.http.HttpParseException;
import dev.hiper.internal.http.ResponseView;
import dev.hiper.internal.http1.Http1Codec;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import dev.hiper.internal.multi.Timed;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One transfer: an easy handle's request and response, driven by the engine.
 *
 * <p>Lifecycle, one state at a time ({@link TransferState}), changed only by
 * {@link #state(TransferState)}, which also traces: 1. INIT parses the URL and arms the total
 * timeout; 2. PENDING takes a live cached connection or room under the limits; 3. RESOLVING asks
 * the resolver; 4. CONNECTING races connects; 4b. PROTOCONNECT runs the TLS handshake (https);
 * 5. DO builds and starts the request; 6. PERFORMING
 * sends the body and parses the response; 7. DONE keeps or closes the connection and queues the
 * message. {@link #run()} advances as far as it can without blocking and returns; afterwards
 * {@link #pollset} says which sockets the transfer waits on, and its timers say when it must run
 * again.
 *
 * <p>Callbacks into the application happen here, between parser events, never inside the
 * parser. A callback that throws counts as one that returned its error value; the exception is
 * named in the error buffer.
 */
public final class Transfer implements Timed, SocketUser, Resolver.Waiter, HttpExchange.Host {

    public final MultiEngine engine;
    public final EasyHandle easy;
    private TransferState state = TransferState.INIT;
    private CurlCode result = CurlCode.CURLE_OK;

    // ---- timers (the engine's heap orders transfers by deadline) ----
    private final long[] timers;
    private long deadline = Long.MAX_VALUE;
    private int heapIndex = -1;

    // ---- pollset bookkeeping, owned by the engine ----
    public final SocketEntry[] pollEntries;
    public final int[] pollMasks;
    public int pollCount;
    /** Whether it sits in the engine's message queue (so removing it needs no search). */
    public boolean messageQueued;

    // ---- where ----
    private CurlUrl url;
    private final ConnectionSetup setup;
    private int retries;
    private Connection conn;
    private boolean reused;

    // ---- the exchange: version-blind HTTP over the codec of the connection's version ----
    private final TransferReuse reuse;
    private final HttpExchange exchange;
    private ExchangeCodec codec;
    private final Http1Codec http1;
    private boolean firstByte;

    // ---- pausing and progress ----
    private boolean recvPaused;
    private boolean sendPaused;
    private long lastProgressDl = -1;
    private long lastProgressUl = -1;

    // ---- time, engine nanoseconds ----
    private long start;

    public Transfer(MultiEngine engine, EasyHandle easy) {
        this.engine = engine;
        this.easy = easy;
        if (easy.reuse == null) {
            easy.reuse = new TransferReuse();
        }
        this.reuse = easy.reuse;
        this.exchange = reuse.exchange;
        this.setup = reuse.setup;
        this.http1 = reuse.http1;
        this.codec = http1;
        // the handle's arrays: a finished or abandoned transfer left its pollset empty
        this.timers = reuse.timers;
        this.pollEntries = reuse.pollEntries;
        this.pollMasks = reuse.pollMasks;
        Arrays.fill(timers, Long.MAX_VALUE);
        http1.reset(); // nothing of the handle's last response shows before this one starts
        setup.begin(this);
    }

    /** The connection-cache key: scheme, host, port and what else makes a connection reusable. */
    public String key() {
        return setup.key();
    }

    TransferReuse reuse() {
        return reuse;
    }

    /** The connection the transfer uses now, or null. */
    Connection connection() {
        return conn;
    }

    public TransferState state() {
        return state;
    }

    public CurlCode result() {
        return result;
    }

    public boolean isCompleted() {
        return state == TransferState.COMPLETED;
    }

    public boolean isPaused() {
        return recvPaused || sendPaused;
    }

    // ---- Timed ----

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }

    void expireAt(ExpireId id, long at) {
        timers[id.ordinal()] = at;
        rescheduleTimers();
    }

    void expireIn(ExpireId id, long ms) {
        expireAt(id, engine.now() + ms * 1_000_000L);
    }

    void cancel(ExpireId id) {
        if (timers[id.ordinal()] != Long.MAX_VALUE) {
            timers[id.ordinal()] = Long.MAX_VALUE;
            rescheduleTimers();
        }
    }

    /** Marks work ready now: the engine reports a timeout of 0. */
    @Override
    public void runSoon() {
        expireAt(ExpireId.RUN_NOW, engine.now());
    }

    private void rescheduleTimers() {
        long min = Long.MAX_VALUE;
        for (long t : timers) {
            if (t < min) {
                min = t;
            }
        }
        if (min != deadline || (min != Long.MAX_VALUE) != (heapIndex >= 0)) {
            deadline = min;
            engine.timerChanged(this);
        }
    }

    private void clearTimers() {
        Arrays.fill(timers, Long.MAX_VALUE);
        deadline = Long.MAX_VALUE;
        engine.timerChanged(this);
    }

    /** Called by the engine when the deadline passed: handles what expired, then runs. */
    public void onTimeout(long now) {
        boolean any = false;
        for (ExpireId id : ExpireId.ALL) {
            if (timers[id.ordinal()] <= now) {
                timers[id.ordinal()] = Long.MAX_VALUE;
                any |= expired(id, now);
            }
        }
        rescheduleTimers();
        if (any && state != TransferState.COMPLETED) {
            run();
        }
    }

    /** Acts on one expired deadline; returns whether to run the state machine afterwards. */
    private boolean expired(ExpireId id, long now) {
        switch (id) {
            case TOTAL:
                long ms = (now - start) / 1_000_000L;
                if (state == TransferState.PROTOCONNECT) {
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "SSL connection timeout after " + ms + " milliseconds");
                } else if (state.ordinal() <= TransferState.CONNECTING.ordinal() && state != TransferState.PENDING
                        && state != TransferState.INIT) {
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, (state == TransferState.RESOLVING ? "Resolving" : "Connection")
                            + " timed out after " + ms + " milliseconds");
                } else {
                    long cl = codec.response().contentLength();
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "Operation timed out after " + ms + " milliseconds with "
                            + codec.response().bodyBytes() + (cl >= 0 ? " out of " + cl : "") + " bytes received");
                }
                return true;
            case CONNECT:
                if (state == TransferState.RESOLVING || state == TransferState.CONNECTING) {
                    long cms = (now - start) / 1_000_000L;
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, (state == TransferState.RESOLVING ? "Resolving" : "Connection")
                            + " timed out after " + cms + " milliseconds");
                } else if (state == TransferState.PROTOCONNECT) {
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "SSL connection timeout after " + (now - start) / 1_000_000L
                            + " milliseconds");
                }
                return true;
            case EXPECT_100:
                if (codec.waiting100()) {
                    trace("Done waiting for 100-continue");
                    codec.stopWaiting100();
                }
                return true;
            case PROGRESS:
                progress(true);
                return true;
            default:
                return true;
        }
    }

    // ---- the one transition method ----

    /** Changes the state; the only place that does (STYLE habit 1). */
    void state(TransferState next) {
        if (easy.verbose && engine.traceStates()) {
            trace("STATE: " + state + " => " + next);
        }
        state = next;
    }

    // ---- running ----

    /** Advances the state machine as far as it goes without blocking. */
    public void run() {
        for (int steps = 0; steps < 32; steps++) {
            TransferState before = state;
            switch (state) {
                case INIT:
                    init();
                    break;
                case PENDING:
                    setup.acquire();
                    break;
                case RESOLVING:
                    setup.resolve();
                    break;
                case CONNECTING:
                    setup.connect();
                    break;
                case PROTOCONNECT:
                    setup.handshake();
                    break;
                case DO:
                    startRequest();
                    break;
                case PERFORMING:
                    perform();
                    break;
                case DONE:
                    finish();
                    break;
                default:
                    return;
            }
            if (state == before) {
                break;
            }
        }
        if (state == TransferState.PERFORMING || state == TransferState.CONNECTING
                || state == TransferState.RESOLVING || state == TransferState.PROTOCONNECT) {
            progress(false);
            if (state == TransferState.DONE) {
                finish(); // the progress callback aborted: nothing else would run the transfer again
            }
        }
        if (state == TransferState.PERFORMING && !recvPaused && !codec.responseDone() && conn.filter.hasBufferedInput()) {
            // contract rule 16: bytes already inside the filters (decrypted TLS data) will not
            // make the socket readable again, so come back at once
            runSoon();
        }
    }

    @Override
    public void onSocketReady(SocketEntry entry, int events) {
        engine.runTransfer(this);
    }

    @Override
    public void resolved(Resolver.Lookup l) {
        engine.runTransfer(this);
    }

    private void init() {
        start = engine.now();
        easy.info.clear();
        exchange.begin(this);
        easy.errorBuffer = "";
        if (easy.timeoutMs > 0) {
            expireIn(ExpireId.TOTAL, easy.timeoutMs);
        }
        if (easy.url == null || easy.url.isEmpty()) {
            fail(CurlCode.CURLE_URL_MALFORMAT, "No URL set");
            return;
        }
        try {
            url = reuse.parse(easy.url);
        } catch (UrlException e) {
            fail(e.code(), e.getMessage());
            return;
        }
        easy.info.effectiveUrl = url.toString();
        easy.info.scheme = url.scheme();
        boolean https = url.scheme().equals("https");
        if (!https && !url.scheme().equals("http")) {
            fail(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, "Protocol \"" + url.scheme() + "\" not supported");
            return;
        }
        if (url.port() <= 0) {
            fail(CurlCode.CURLE_URL_MALFORMAT, "URL rejected: Port number was not a decimal number between 0 and 65535");
            return;
        }
        if (!setup.route(url)) {
            return;
        }
        state(TransferState.PENDING);
    }

    /** The transfer takes {@code c} (new, or from the cache): the connection wakes it from now on. */
    void use(Connection c, boolean fromCache) {
        conn = c;
        reused = fromCache;
        engine.attach(c, this);
        if (c.remote != null) {
            easy.info.primaryIp = c.remoteIp();
            easy.info.primaryPort = c.remote.getPort();
        }
        if (c.local != null) {
            easy.info.localIp = c.localIp();
            easy.info.localPort = c.local.getPort();
        }
        if (fromCache) {
            long now = micros(engine.now());
            easy.info.namelookupUs = now;
            easy.info.connectUs = now;
            if (c.filter.isSecure()) {
                easy.info.appconnectUs = now;
                easy.info.sslVerifyResult = c.filter.sslVerifyResult();
            }
        }
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
        return state == TransferState.PERFORMING;
    }

    @Override
    public boolean receiving() {
        return state == TransferState.PERFORMING && !recvPaused;
    }

    @Override
    public void expect100Timer(boolean on) {
        if (on) {
            expireIn(ExpireId.EXPECT_100, easy.expect100TimeoutMs);
        } else {
            cancel(ExpireId.EXPECT_100);
        }
    }

    // ---- the request ----

    private void startRequest() {
        http1.attach(conn, engine.readBuffer(), engine.readView());
        codec = http1;
        byte[] head = exchange.start(url, codec, reused, Http1Codec.peerIsHttp10(conn));
        if (head == null) {
            return;
        }
        firstByte = false;
        easy.info.requestSize = 0; // counts every byte sent, head and body, as libcurl 8 does
        easy.info.pretransferUs = micros(engine.now());
        conn.uses++;
        traceOut(CurlInfoType.CURLINFO_HEADER_OUT, head, 0, head.length);
        state(TransferState.PERFORMING);
    }

    private void perform() {
        if (!codec.sendDone() && !sendPaused && !send()) {
            return;
        }
        if (state != TransferState.PERFORMING) {
            return;
        }
        if (!recvPaused) {
            receive();
        }
        if (state == TransferState.PERFORMING && codec.responseDone() && codec.sendDone()) {
            if (exchange.authRetry()) {
                sendAgain();
            } else {
                state(TransferState.DONE);
            }
        }
    }

    /** Sends what the connection takes. Returns false when the transfer failed. */
    private boolean send() {
        try {
            return codec.send(exchange);
        } catch (IOException e) {
            onSendError(e);
            return false;
        } finally {
            syncSent();
        }
    }

    /** What the codec sent, as CURLINFO_REQUEST_SIZE and CURLINFO_SIZE_UPLOAD report it. */
    private void syncSent() {
        if (codec != null) {
            easy.info.requestSize = codec.requestBytes();
            easy.info.sizeUpload = codec.bodySent();
        }
    }

    @Override
    public boolean sendNow() {
        return sendPaused || send();
    }

    /** Asks the application for body bytes: count, or -1 when paused or failed. */
    @Override
    public int readBody(ByteBuffer dst) {
        syncSent(); // what the read callback may ask getinfo about
        int want = dst.remaining();
        int r;
        if (easy.readFunction != null) {
            engine.enterCallback();
            try {
                r = easy.readFunction.read(dst, easy.readData);
            } catch (RuntimeException | Error e) {
                fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "read callback threw " + e, e);
                return -1;
            } finally {
                engine.exitCallback();
            }
        } else if (easy.readData instanceof InputStream) {
            try {
                int got = ((InputStream) easy.readData).read(dst.array(), dst.arrayOffset() + dst.position(), want);
                r = got < 0 ? 0 : got;
            } catch (IOException e) {
                fail(CurlCode.CURLE_READ_ERROR, "Failed to read the upload data: " + e.getMessage(), e);
                return -1;
            }
        } else {
            r = 0;
        }
        if (r == CURL_READFUNC_ABORT) {
            fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback");
            return -1;
        }
        if (r == CURL_READFUNC_PAUSE) {
            sendPaused = true;
            trace("Read callback asked for PAUSE (sending)");
            return -1;
        }
        if (r < 0 || r > want) {
            fail(CurlCode.CURLE_READ_ERROR, "read function returned funny value");
            return -1;
        }
        return r;
    }

    // ---- the response ----

    private void receive() {
        boolean ended;
        try {
            ended = codec.receive(exchange);
        } catch (HttpParseException e) {
            fail(e.code(), e.getMessage());
            return;
        } catch (IOException e) {
            onRecvError(e);
            return;
        }
        if (ended) {
            onEndOfStream();
        }
    }

    @Override
    public void firstByte() {
        if (!firstByte) {
            firstByte = true;
            easy.info.starttransferUs = micros(engine.now());
        }
    }

    /** Hands body bytes to the write callback. Returns whether to go on. */
    @Override
    public boolean writeBody(ByteBuffer view, int n) {
        traceData(view, n);
        int r;
        engine.enterCallback();
        try {
            r = write(view);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            fail(CurlCode.CURLE_WRITE_ERROR, "Failure writing output to destination: write callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r == CURL_WRITEFUNC_PAUSE) {
            recvPaused = true;
            trace("Write callback asked for PAUSE");
            return false;
        }
        if (r != n) {
            fail(CurlCode.CURLE_WRITE_ERROR, "Failure writing output to destination, passed " + n + " returned " + r);
            return false;
        }
        return true;
    }

    private int write(ByteBuffer data) {
        if (easy.writeFunction != null) {
            return easy.writeFunction.write(data, easy.writeData);
        }
        OutputStream out = easy.writeData instanceof OutputStream ? (OutputStream) easy.writeData : System.out;
        int n = data.remaining();
        try {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), n);
            } else {
                byte[] b = new byte[n];
                data.duplicate().get(b);
                out.write(b);
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    /** Hands the current line to the header callback; a trailer line ends in CRLF, as libcurl passes it. */
    @Override
    public boolean header(ResponseView response, boolean trailer) {
        boolean toApp = easy.headerFunction != null || easy.headerData instanceof OutputStream;
        if (!toApp && !easy.verbose) {
            return true;
        }
        ByteBuffer line = trailer ? HttpExchange.trailerLine(response.line()) : response.line();
        traceHeaderIn(line);
        if (!toApp) {
            return true;
        }
        int n = line.remaining();
        int r;
        engine.enterCallback();
        try {
            if (easy.headerFunction != null) {
                r = easy.headerFunction.header(line.duplicate(), easy.headerData);
            } else {
                byte[] b = new byte[n];
                line.duplicate().get(b);
                ((OutputStream) easy.headerData).write(b);
                r = n;
            }
        } catch (RuntimeException | Error | IOException e) {
            engine.exitCallback();
            fail(CurlCode.CURLE_WRITE_ERROR, "Failed writing header: header callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r == CURL_WRITEFUNC_PAUSE) {
            recvPaused = true;
            return false;
        }
        if (r != n) {
            fail(CurlCode.CURLE_WRITE_ERROR, "Failed writing header");
            return false;
        }
        return state == TransferState.PERFORMING;
    }

    private void onEndOfStream() {
        try {
            codec.endOfInput();
        } catch (HttpParseException e) {
            if (canRetry()) {
                retry("Connection died, retrying a fresh connect");
                return;
            }
            fail(e.code(), e.getMessage());
        }
    }

    private void onRecvError(IOException e) {
        if (e instanceof FilterException) {
            // the filter named the failure (a TLS alert, a client certificate the server wants)
            fail(((FilterException) e).code(), e.getMessage());
            return;
        }
        if (canRetry()) {
            retry("Connection died, retrying a fresh connect");
            return;
        }
        fail(CurlCode.CURLE_RECV_ERROR, "Recv failure: " + HappyEyeballs.message(e), e);
    }

    private void onSendError(IOException e) {
        if (e instanceof FilterException) {
            fail(((FilterException) e).code(), e.getMessage());
            return;
        }
        if (canRetry()) {
            retry("Connection died, retrying a fresh connect");
            return;
        }
        fail(CurlCode.CURLE_SEND_ERROR, "Send failure: " + HappyEyeballs.message(e), e);
    }

    /** A reused connection that the server closed before any response byte: try once more, fresh. */
    private boolean canRetry() {
        return reused && retries == 0 && !codec.response().anyBytesSeen();
    }

    private void retry(String why) {
        trace(why);
        if (exchange.bodyFromReader() && codec.bodyRead() > 0 && !rewindUpload()) {
            return;
        }
        retries++;
        startOver();
    }

    /** The request goes again on a fresh connection; this one closes. */
    @Override
    public void startOver() {
        setup.forceFresh();
        engine.closeConnection(conn);
        conn = null;
        codec.release();
        easy.info.sizeUpload = 0;
        state(TransferState.PENDING);
    }

    /** After a 401 that picked a scheme: the request again, on this connection if it stays open. */
    private void sendAgain() {
        if (exchange.bodyFromReader() && codec.bodyRead() > 0 && !rewindUpload()) {
            return;
        }
        trace("Issue another request to this URL: '" + url + "'");
        if (!codec.reusable() || easy.forbidReuse) {
            engine.closeConnection(conn);
        } else {
            engine.parkConnection(conn);
        }
        conn = null;
        codec.release();
        easy.info.sizeUpload = 0;
        state(TransferState.PENDING);
    }

    /**
     * Puts the read callback's source back at the start, so a retried request sends the same
     * body again: through {@code CURLOPT_SEEKFUNCTION}, as libcurl does. Without one, or when it
     * does not answer {@code CURL_SEEKFUNC_OK}, the transfer fails with
     * {@code CURLE_SEND_FAIL_REWIND} rather than send a body that lost its beginning.
     */
    private boolean rewindUpload() {
        if (easy.seekFunction == null) {
            fail(CurlCode.CURLE_SEND_FAIL_REWIND, "necessary data rewind was not possible");
            return false;
        }
        int r;
        engine.enterCallback();
        try {
            r = easy.seekFunction.seek(easy.seekData, 0, SEEK_SET);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            fail(CurlCode.CURLE_SEND_FAIL_REWIND, "seek callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r != CURL_SEEKFUNC_OK) {
            fail(CurlCode.CURLE_SEND_FAIL_REWIND, "seek callback returned error " + r);
            return false;
        }
        trace("Rewound the upload for the retry");
        return true;
    }

    // ---- the end ----

    /** Ends the transfer with an error: the connection is closed, the message queued. */
    @Override
    public void fail(CurlCode code, String message) {
        fail(code, message, null);
    }

    void fail(CurlCode code, String message, Throwable cause) {
        if (state == TransferState.COMPLETED || state == TransferState.DONE) {
            return; // the first failure is the one reported
        }
        result = code;
        easy.errorBuffer = cause != null && !message.contains(String.valueOf(cause)) ? message + " (" + cause + ")"
                : message;
        trace(message);
        state(TransferState.DONE);
    }

    /** Fails the transfer from outside (an aborting callback, the engine's own failure). */
    public void failNow(CurlCode code, String message, Throwable cause) {
        fail(code, message, cause);
        finish();
    }

    private void finish() {
        clearTimers();
        releaseWaits();
        if (conn != null) {
            boolean keep = result == CurlCode.CURLE_OK && !easy.forbidReuse && codec.reusable();
            if (keep) {
                if (easy.verbose) {
                    trace("Connection #" + conn.id + " to host " + conn.host + " left intact");
                }
                engine.parkConnection(conn);
            } else {
                if (easy.verbose) {
                    trace("Closing connection #" + conn.id);
                }
                engine.closeConnection(conn);
            }
            conn = null;
        }
        codec.release();
        long now = engine.now();
        easy.info.totalUs = micros(now);
        easy.info.headerSize = codec.response().headerBytes();
        if (result == CurlCode.CURLE_OK) {
            progress(true);
        }
        state(TransferState.COMPLETED);
        engine.transferCompleted(this);
    }

    /** Lets go of everything the transfer waits on: a look-up, connect attempts, a pending place, a reservation. */
    private void releaseWaits() {
        setup.release();
    }

    /** Stops the transfer without a message (removed by the application, or the multi cleaned up). */
    public void abandon() {
        if (state == TransferState.COMPLETED) {
            clearTimers();
            return;
        }
        result = CurlCode.CURLE_ABORTED_BY_CALLBACK;
        clearTimers();
        releaseWaits();
        if (conn != null) {
            engine.closeConnection(conn);
            conn = null;
        }
        state(TransferState.COMPLETED);
    }

    // ---- pausing ----

    /** {@code curl_easy_pause}: returns whether anything was unpaused. */
    public boolean pause(int bitmask) {
        boolean wasRecv = recvPaused;
        boolean wasSend = sendPaused;
        recvPaused = (bitmask & CURLPAUSE_RECV) != 0;
        sendPaused = (bitmask & CURLPAUSE_SEND) != 0;
        boolean unpaused = (wasRecv && !recvPaused) || (wasSend && !sendPaused);
        if (unpaused && state != TransferState.COMPLETED) {
            runSoon();
        }
        return unpaused;
    }

    // ---- what to wait for ----

    /** Fills the sockets this transfer waits on now and for what; returns how many. */
    public int pollset(SocketEntry[] out, int[] masks) {
        int n = 0;
        switch (state) {
            case RESOLVING:
            case CONNECTING:
            case PROTOCONNECT:
                return setup.pollset(state, out, masks);
            case PERFORMING:
                int want = 0;
                if (!recvPaused && !codec.responseDone() && !codec.hasBufferedInput()) {
                    want |= 1;
                }
                if (!sendPaused && codec.wantsToSend()) {
                    want |= 2;
                }
                if (want != 0) {
                    out[n] = conn.socket;
                    masks[n++] = conn.filter.socketInterest(want);
                }
                break;
            default:
                break;
        }
        return n;
    }

    // ---- progress ----

    private void progress(boolean force) {
        if (easy.noProgress || easy.xferInfoFunction == null || state == TransferState.COMPLETED && !force) {
            return;
        }
        long dl = easy.info.sizeDownload;
        long ul = easy.info.sizeUpload;
        if (!force && dl == lastProgressDl && ul == lastProgressUl) {
            return;
        }
        lastProgressDl = dl;
        lastProgressUl = ul;
        long dlTotal = Math.max(0, codec.response().contentLength());
        long ulTotal = Math.max(0, codec.uploadSize());
        int r;
        engine.enterCallback();
        try {
            r = easy.xferInfoFunction.xferinfo(easy.xferInfoData, dlTotal, dl, ulTotal, ul);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "Callback aborted: progress callback threw " + e, e);
            return;
        }
        engine.exitCallback();
        if (r != 0 && state != TransferState.COMPLETED && state != TransferState.DONE) {
            fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "Callback aborted");
            return;
        }
        if (state != TransferState.COMPLETED && state != TransferState.DONE) {
            expireIn(ExpireId.PROGRESS, 1000);
        }
    }

    // ---- tracing ----

    /** A text line of the verbose trace ("* ..." in curl -v). */
    @Override
    public void trace(String text) {
        if (easy.verbose) {
            engine.tracer().text(easy, text);
        }
    }

    private void traceOut(CurlInfoType type, byte[] b, int off, int len) {
        if (easy.verbose) {
            engine.tracer().data(easy, type, ByteBuffer.wrap(b, off, len));
        }
    }

    private void traceHeaderIn(ByteBuffer line) {
        if (easy.verbose) {
            engine.tracer().data(easy, CurlInfoType.CURLINFO_HEADER_IN, line.duplicate());
        }
    }

    private void traceData(ByteBuffer view, int n) {
        if (easy.verbose && easy.debugFunction != null) {
            engine.tracer().data(easy, CurlInfoType.CURLINFO_DATA_IN, view.duplicate());
        }
    }

    long micros(long now) {
        return Math.max(0, (now - start) / 1000L);
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add(state.toString());
        return out;
    }
}
