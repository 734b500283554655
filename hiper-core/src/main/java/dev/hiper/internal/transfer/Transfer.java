package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPAUSE_RECV;
import static dev.hiper.curl.Curl.CURLPAUSE_SEND;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_0;
import static dev.hiper.curl.Curl.CURL_TIMECOND_IFUNMODSINCE;
import static dev.hiper.curl.Curl.CURL_TIMECOND_NONE;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1;
import static dev.hiper.curl.Curl.CURL_MAX_WRITE_SIZE;
import static dev.hiper.curl.Curl.CURL_READFUNC_ABORT;
import static dev.hiper.curl.Curl.CURL_READFUNC_PAUSE;
import static dev.hiper.curl.Curl.CURL_SEEKFUNC_OK;
import static dev.hiper.curl.Curl.SEEK_SET;
import static dev.hiper.curl.Curl.CURL_WRITEFUNC_PAUSE;
import static dev.hiper.curl.Curl.SEEK_SET;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlInfoType;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.http.HttpAuth;
import dev.hiper.internal.http.HttpDate;
import dev.hiper.internal.http.Http1ResponseParser;
import dev.hiper.internal.http.HttpParseException;
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
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
public final class Transfer implements Timed, SocketUser, Resolver.Waiter {
    private static final long DEFAULT_CONNECT_TIMEOUT_MS = 300_000;
    /** Reads per run before yielding to other transfers (fairness); more is signalled by a timer of 0. */
    private static final int READS_PER_RUN = 8;
    private static final int UPLOAD_BUFFER = 64 * 1024;

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
    private String key;
    private boolean reserved;
    private boolean forceFresh;
    private int retries;
    private Resolver.Lookup lookup;
    private List<InetAddress> addresses;
    private HappyEyeballs eyeballs;
    private Connection conn;
    private boolean reused;
    /** The TLS options this transfer started with (https only), fixed for its life. */
    private TlsOptions tls;

    // ---- request ----
    private String method;
    private boolean headOnly;
    private ByteBuffer sendBuf;
    private boolean headSent;
    private boolean expect100;
    private boolean waiting100;
    private boolean chunked;
    private boolean bodyFromFields;
    private boolean bodyFromReader;
    private long uploadSize = -1;
    private long uploaded;
    private long readFromApp;
    private boolean bodyDone;
    private boolean sendDone;
    private ByteBuffer uploadBuf;
    /** Server authentication: what to send, what a 401 offers. */
    private final HttpAuth auth = new HttpAuth();
    /** A 401 picked a scheme: the request goes again once this response is over, its body ignored. */
    private boolean authRetry;

    // ---- response ----
    private final TransferReuse reuse;
    private final Http1ResponseParser parser;
    private boolean responseDone;
    private boolean finalSeen;
    private boolean closeAfter;
    private ByteBuffer stash;
    private ByteBuffer stashView;
    private boolean firstByte;

    // ---- pausing and progress ----
    private boolean recvPaused;
    private boolean sendPaused;
    private long lastProgressDl = -1;
    private long lastProgressUl = -1;

    // ---- where the connection goes: the URL's host, or CURLOPT_CONNECT_TO's ----
    private String connHost;
    private int connPort;

    // ---- what the options act on in the response ----
    private long lastModified = -1;
    private boolean contentRangeOk;
    private long uploadSkip;
    /** The server answered 417 to Expect: 100-continue; the request goes again without it. */
    private boolean noExpect;

    // ---- time, engine nanoseconds ----
    private long start;

    public Transfer(MultiEngine engine, EasyHandle easy) {
        this.engine = engine;
        this.easy = easy;
        if (easy.reuse == null) {
            easy.reuse = new TransferReuse();
        }
        this.reuse = easy.reuse;
        this.parser = reuse.parser;
        // the handle's arrays: a finished or abandoned transfer left its pollset empty
        this.timers = reuse.timers;
        this.pollEntries = reuse.pollEntries;
        this.pollMasks = reuse.pollMasks;
        Arrays.fill(timers, Long.MAX_VALUE);
        parser.reset(false); // nothing of the handle's last response shows before this one starts
    }

    /** The connection-cache key: scheme, host and port. */
    public String key() {
        return key;
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

    private void expireAt(ExpireId id, long at) {
        timers[id.ordinal()] = at;
        rescheduleTimers();
    }

    private void expireIn(ExpireId id, long ms) {
        expireAt(id, engine.now() + ms * 1_000_000L);
    }

    private void cancel(ExpireId id) {
        if (timers[id.ordinal()] != Long.MAX_VALUE) {
            timers[id.ordinal()] = Long.MAX_VALUE;
            rescheduleTimers();
        }
    }

    /** Marks work ready now: the engine reports a timeout of 0. */
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
                    long cl = parser.contentLength();
                    fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "Operation timed out after " + ms + " milliseconds with "
                            + parser.bodyBytes() + (cl >= 0 ? " out of " + cl : "") + " bytes received");
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
                if (waiting100) {
                    trace("Done waiting for 100-continue");
                    waiting100 = false;
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
                    acquire();
                    break;
                case RESOLVING:
                    resolving();
                    break;
                case CONNECTING:
                    connecting();
                    break;
                case PROTOCONNECT:
                    protoconnect();
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
        if (state == TransferState.PERFORMING && !recvPaused && !responseDone && conn.filter.hasBufferedInput()) {
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
        auth.start(easy.httpAuth);
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
        String badResolve = ResolveOverrides.firstMalformed(easy.resolve);
        if (badResolve != null) {
            fail(CurlCode.CURLE_SETOPT_OPTION_SYNTAX, "Couldn't parse CURLOPT_RESOLVE entry '" + badResolve + "'");
            return;
        }
        String badConnectTo = ConnectTo.firstMalformed(easy.connectTo);
        if (badConnectTo != null) {
            fail(CurlCode.CURLE_SETOPT_OPTION_SYNTAX, "Invalid CURLOPT_CONNECT_TO entry '" + badConnectTo + "'");
            return;
        }
        connHost = url.host();
        connPort = url.port();
        String[] target = ConnectTo.find(easy.connectTo, url.host(), url.port());
        if (target != null) {
            if (!target[0].isEmpty()) {
                connHost = target[0];
            }
            if (!target[1].isEmpty()) {
                connPort = Integer.parseInt(target[1]);
            }
            trace("Connecting to hostname: " + connHost);
            String authority = connHost.indexOf(':') >= 0 ? "[" + connHost + "]" : connHost;
            if (url.hasExplicitPort() || connPort != url.port()) {
                authority = authority + ":" + connPort;
            }
            // the same key a URL naming that host and port directly has, so the connection is shared
            key = url.scheme() + "://" + authority.toLowerCase(Locale.ROOT) + ":" + connPort;
        } else {
            key = reuse.key(url);
        }
        if (easy.interfaceName != null) {
            key = key + " from " + easy.interfaceName; // a connection is kept to its local side, as libcurl does
        }
        if (https) {
            // every TLS setting that changes who is trusted or what is presented is in the key
            tls = easy.tls.copy();
            key += " " + tls.cacheKey();
        }
        state(TransferState.PENDING);
    }

    private void acquire() {
        if (!easy.freshConnect && !forceFresh) {
            Connection c;
            while ((c = engine.cache().takeIdle(key)) != null) {
                if (c.isAlive()) {
                    use(c, true);
                    if (easy.verbose) {
                        trace("Re-using existing " + url.scheme() + ": connection with host " + url.host());
                    }
                    state(TransferState.DO);
                    return;
                }
                trace("Connection #" + c.id + " to host " + c.host + " was closed by the server");
                engine.closeConnection(c);
            }
        }
        if (!engine.reserveConnection(key)) {
            if (engine.addPending(this)) {
                trace("No connections available, transfer waits");
            }
            return;
        }
        engine.removePending(this);
        reserved = true;
        long cto = easy.connectTimeoutMs > 0 ? easy.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS;
        expireIn(ExpireId.CONNECT, cto);
        state(TransferState.RESOLVING);
    }

    private void resolving() {
        if (addresses == null) {
            List<InetAddress> pinned = ResolveOverrides.find(easy.resolve, connHost, connPort);
            if (pinned != null) {
                addresses = pinned;
            } else {
                if (lookup == null) {
                    try {
                        lookup = engine.resolver().lookup(connHost, engine.now(), this);
                    } catch (IOException e) {
                        fail(CurlCode.CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: " + connHost + " ("
                                + HappyEyeballs.message(e) + ")");
                        return;
                    }
                }
                if (!lookup.finished()) {
                    return;
                }
                addresses = lookup.addresses();
                lookup = null;
            }
        }
        List<InetAddress> usable = addresses == null ? List.of() : Resolver.filter(addresses, easy.ipResolve);
        if (usable.isEmpty()) {
            fail(CurlCode.CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: " + connHost);
            return;
        }
        addresses = usable;
        easy.info.namelookupUs = micros(engine.now());
        state(TransferState.CONNECTING);
    }

    private void connecting() {
        long now = engine.now();
        if (eyeballs == null) {
            InetAddress local = null;
            if (easy.interfaceName != null) {
                local = LocalInterface.address(easy.interfaceName, addresses.get(0));
                if (local == null) {
                    fail(CurlCode.CURLE_INTERFACE_FAILED, "Couldn't bind to '" + easy.interfaceName + "'");
                    return;
                }
            }
            eyeballs = new HappyEyeballs(engine, this, addresses, connPort, easy.tcpNoDelay, now, local);
        }
        HappyEyeballs.Attempt won = eyeballs.progress(now);
        if (won != null) {
            cancel(ExpireId.HAPPY_EYEBALLS);
            if (tls == null) {
                cancel(ExpireId.CONNECT); // with TLS, the handshake is part of connecting
            }
            eyeballs = null;
            won.socket.connectDone();
            Connection c = new Connection(engine.nextConnectionId(), key, connHost, connPort, won.channel, won.socket);
            reserved = false; // the reservation now belongs to the connection
            easy.info.numConnects++;
            easy.info.connectUs = micros(now);
            trace("Connected to " + connHost + " (" + MultiEngine.ipString(won.address.getAddress()) + ") port "
                    + connPort);
            use(c, false);
            if (tls != null) {
                try {
                    c.filter = engine.tls().open(tls, c.filter, url.host(), url.port(), this::trace);
                } catch (FilterException e) {
                    fail(e.code(), e.getMessage());
                    return;
                }
                state(TransferState.PROTOCONNECT);
                return;
            }
            state(TransferState.DO);
            return;
        }
        if (eyeballs.failed()) {
            IOException e = eyeballs.lastError();
            eyeballs = null;
            long ms = (now - start) / 1_000_000L;
            fail(CurlCode.CURLE_COULDNT_CONNECT, "Failed to connect to " + connHost + " port " + connPort
                    + " after " + ms + " ms: " + (e == null ? "Could not connect to server" : HappyEyeballs.message(e)));
            return;
        }
        long next = eyeballs.nextDeadline();
        if (next != Long.MAX_VALUE) {
            expireAt(ExpireId.HAPPY_EYEBALLS, next);
        }
    }

    /** Moves the connection's own set-up (the TLS handshake) on; DO once data can flow. */
    private void protoconnect() {
        boolean done;
        try {
            done = conn.filter.connect();
        } catch (FilterException e) {
            easy.info.sslVerifyResult = conn.filter.sslVerifyResult();
            fail(e.code(), e.getMessage());
            return;
        } catch (IOException e) {
            fail(CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS connect error: " + HappyEyeballs.message(e), e);
            return;
        }
        if (!done) {
            return;
        }
        cancel(ExpireId.CONNECT);
        easy.info.appconnectUs = micros(engine.now());
        easy.info.sslVerifyResult = conn.filter.sslVerifyResult();
        if ("http/1.1".equals(conn.filter.alpn())) {
            easy.info.httpVersion = CURL_HTTP_VERSION_1_1;
        }
        state(TransferState.DO);
    }

    private void use(Connection c, boolean fromCache) {
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

    // ---- the request ----

    private void startRequest() {
        boolean upload = easy.upload;
        boolean post = easy.post && !upload;
        headOnly = easy.noBody;
        method = easy.customRequest != null ? easy.customRequest
                : headOnly ? "HEAD" : upload ? "PUT" : post ? "POST" : "GET";
        // an HTTP/1.0 server gets HTTP/1.0 requests on the same connection, as libcurl does
        boolean http10 = easy.httpVersion == CURL_HTTP_VERSION_1_0 || (reused && conn.lastHttpMinor == 0);
        Http1Request.Body body = Http1Request.Body.NONE;
        long length = 0;
        bodyFromFields = false;
        bodyFromReader = false;
        uploadSkip = 0;
        String rangeLine = null;
        if (post && easy.postFields != null) {
            bodyFromFields = true;
            length = easy.postFieldSize >= 0 ? Math.min(easy.postFieldSize, easy.postFields.length) : easy.postFields.length;
            body = Http1Request.Body.LENGTH;
        } else if (post || upload) {
            bodyFromReader = true;
            length = post ? easy.postFieldSize : easy.inFileSize;
            if (upload && easy.resumeFrom != 0) {
                // curl's Curl_http_range for an upload: skip what the server has, say which part this is
                if (easy.resumeFrom < 0) {
                    rangeLine = length >= 0 ? "Content-Range: bytes 0-" + (length - 1) + "/" + length : null;
                } else {
                    long total = length;
                    uploadSkip = easy.resumeFrom;
                    length = length >= 0 ? Math.max(0, length - easy.resumeFrom) : -1;
                    rangeLine = total >= 0 ? "Content-Range: bytes " + easy.resumeFrom + "-" + (total - 1) + "/" + total
                            : null;
                }
            } else if (upload && easy.range != null) {
                rangeLine = "Content-Range: bytes " + easy.range + "/" + length;
            }
            body = length >= 0 ? Http1Request.Body.LENGTH : Http1Request.Body.CHUNKED;
        }
        if (rangeLine == null && !post && !upload) {
            if (easy.resumeFrom > 0) {
                rangeLine = "Range: bytes=" + easy.resumeFrom + "-";
            } else if (easy.range != null) {
                rangeLine = "Range: bytes=" + easy.range;
            }
        }
        if (http10 && body == Http1Request.Body.CHUNKED) {
            fail(CurlCode.CURLE_UPLOAD_FAILED, "Chunky upload is not supported by HTTP 1.0");
            return;
        }
        String ua = easy.userAgent != null ? easy.userAgent : engine.defaultUserAgent();
        String target = easy.requestTarget != null ? easy.requestTarget : url.target();
        String authorization = authorization();
        String condition = HttpDate.condition(easy.timeCondition, easy.timeValue);
        Http1Request.Extras extras = http10 || authorization != null || rangeLine != null || easy.referer != null
                || condition != null || noExpect
                ? new Http1Request.Extras(http10, authorization, rangeLine,
                        easy.referer != null ? "Referer: " + easy.referer : null, condition, noExpect)
                : Http1Request.Extras.NONE;
        Http1Request.Head head = reuse.head(method, url, target, ua, easy.httpHeaders, body, length, post, extras);
        easy.info.effectiveMethod = method;
        chunked = head.chunked;
        expect100 = head.expect100;
        uploadSize = body == Http1Request.Body.LENGTH ? length : -1;
        uploaded = 0;
        readFromApp = 0;
        bodyDone = body == Http1Request.Body.NONE;
        lastModified = -1;
        contentRangeOk = false;
        easy.info.redirectUrl = null;
        authRetry = false;
        auth.newResponse();
        if (bodyFromFields && !expect100 && !chunked && length <= 64 * 1024) {
            // small bodies go out with the head in one write, as curl sends them (copied now,
            // into the handle's own buffer, so later changes to the array are not sent)
            sendBuf = reuse.headWithBody(head.bytes, easy.postFields, (int) length);
            uploaded = length;
            bodyDone = true;
        } else {
            sendBuf = reuse.headBuffer(head);
        }
        headSent = false;
        sendDone = false;
        waiting100 = false;
        responseDone = false;
        finalSeen = false;
        closeAfter = false;
        firstByte = false;
        parser.reset(headOnly);
        parser.configure(easy.http09Allowed, reused, easy.ignoreContentLength);
        easy.info.requestSize = 0; // counts every byte sent, head and body, as libcurl 8 does
        easy.info.pretransferUs = micros(engine.now());
        conn.uses++;
        traceOut(CurlInfoType.CURLINFO_HEADER_OUT, head.bytes, 0, head.bytes.length);
        state(TransferState.PERFORMING);
    }

    /**
     * The Authorization line of this request (Basic with CURLOPT_USERPWD / USERNAME or the URL's
     * credentials, or Bearer), as the authentication state picks it; null for none.
     */
    private String authorization() {
        String user = easy.username;
        String pass = easy.password;
        if (user == null && url.user() != null) {
            user = url.user();
            pass = url.password();
        }
        return auth.requestLine(user, pass, easy.bearer);
    }

    private boolean haveCredentials() {
        return easy.username != null || url.user() != null || easy.bearer != null;
    }

    private void perform() {
        if (!sendDone && !sendPaused && !send()) {
            return;
        }
        if (state != TransferState.PERFORMING) {
            return;
        }
        if (!recvPaused) {
            receive();
        }
        if (state == TransferState.PERFORMING && responseDone && sendDone) {
            if (authRetry) {
                sendAgain();
            } else {
                state(TransferState.DONE);
            }
        }
    }

    /** Sends what it can. Returns false when the transfer failed. */
    private boolean send() {
        try {
            for (;;) {
                if (sendBuf.hasRemaining()) {
                    int n = conn.filter.write(sendBuf);
                    if (n == 0) {
                        return true;
                    }
                    easy.info.requestSize += n;
                    continue;
                }
                if (!headSent) {
                    headSent = true;
                    if (expect100 && !bodyDone && !finalSeen) {
                        waiting100 = true;
                        expireIn(ExpireId.EXPECT_100, easy.expect100TimeoutMs);
                    }
                }
                // body bytes taken from the application, framing excluded (as libcurl counts them)
                easy.info.sizeUpload = uploaded;
                if (bodyDone) {
                    sendDone = true;
                    return true;
                }
                if (waiting100) {
                    return true;
                }
                if (!fillBody()) {
                    return state == TransferState.PERFORMING;
                }
            }
        } catch (IOException e) {
            onSendError(e);
            return false;
        }
    }

    /** Puts the next piece of body in sendBuf. False when nothing came (paused, failed). */
    private boolean fillBody() {
        if (uploadSkip > 0 && !skipUpload()) {
            return false;
        }
        if (bodyFromFields && chunked) {
            // the fields as one chunk and the last chunk (a Transfer-Encoding: chunked the application asked for)
            int n = (int) uploadSize;
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] end = (n > 0 ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer b = ByteBuffer.allocate((n > 0 ? size.length : 0) + n + end.length);
            if (n > 0) {
                b.put(size).put(easy.postFields, 0, n);
            } else {
                b.put("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            b.put(end).flip();
            sendBuf = b;
            uploaded = uploadSize;
            bodyDone = true;
            return true;
        }
        if (bodyFromFields) {
            sendBuf = ByteBuffer.wrap(easy.postFields, 0, (int) uploadSize);
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
        if (room == 0) {
            n = 0;
        } else {
            ByteBuffer dst = uploadBuf.clear().position(chunked ? 10 : 0).limit((chunked ? 10 : 0) + room).slice();
            n = readBody(dst);
            if (n < 0) {
                // paused or failed: sendBuf may be uploadBuf, which clear() just refilled; nothing is pending
                sendBuf = ByteBuffer.allocate(0);
                return false;
            }
        }
        readFromApp += n;
        if (n == 0) {
            if (uploadSize >= 0 && uploaded < uploadSize) {
                fail(CurlCode.CURLE_READ_ERROR, "client read function EOF fail, only " + uploaded + "/" + uploadSize
                        + " of needed bytes read");
                return false;
            }
            bodyDone = true;
            sendBuf = chunked ? ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) : ByteBuffer.allocate(0);
            return true;
        }
        uploaded += n;
        if (chunked) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            int begin = 10 - size.length;
            uploadBuf.clear();
            uploadBuf.position(begin);
            uploadBuf.put(size);
            uploadBuf.position(10 + n);
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

    /** Reads and drops the part of the upload a resumed upload skips (CURLOPT_RESUME_FROM). */
    private boolean skipUpload() {
        ByteBuffer tmp = ByteBuffer.allocate((int) Math.min(UPLOAD_BUFFER, uploadSkip));
        while (uploadSkip > 0) {
            tmp.clear().limit((int) Math.min(tmp.capacity(), uploadSkip));
            int n = readBody(tmp);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                fail(CurlCode.CURLE_READ_ERROR, "Could only read " + (easy.resumeFrom - uploadSkip)
                        + " bytes from the input");
                return false;
            }
            uploadSkip -= n;
        }
        return true;
    }

    /** Asks the application for body bytes: count, or -1 when paused or failed. */
    private int readBody(ByteBuffer dst) {
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
        try {
            for (int reads = 0;;) {
                ByteBuffer buf;
                if (stash != null && stash.hasRemaining()) {
                    buf = stash;
                } else {
                    stash = null;
                    stashView = null;
                    if (responseDone) {
                        return;
                    }
                    if (reads == READS_PER_RUN) {
                        // more may wait in the socket: come back at once, after the others had a turn
                        runSoon();
                        return;
                    }
                    buf = engine.readBuffer();
                    buf.clear();
                    int n = conn.filter.read(buf);
                    reads++;
                    if (n == 0) {
                        return;
                    }
                    if (n < 0) {
                        onEndOfStream();
                        return;
                    }
                    buf.flip();
                    if (!firstByte) {
                        firstByte = true;
                        easy.info.starttransferUs = micros(engine.now());
                    }
                }
                boolean goOn = process(buf);
                if (buf.hasRemaining() && buf != stash && state == TransferState.PERFORMING) {
                    keepRest(buf);
                }
                if (!goOn) {
                    return;
                }
            }
        } catch (IOException e) {
            onRecvError(e);
        }
    }

    /** Keeps unconsumed bytes of the shared read buffer (paused, or read past the response). */
    private void keepRest(ByteBuffer buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
        copy.put(buf).flip();
        stash = copy;
        stashView = copy.asReadOnlyBuffer();
    }

    /** Runs parser events over buf. Returns whether to read more. */
    private boolean process(ByteBuffer buf) {
        for (;;) {
            Http1ResponseParser.Event ev;
            try {
                ev = parser.next(buf);
            } catch (HttpParseException e) {
                fail(e.code(), e.getMessage());
                return false;
            }
            switch (ev) {
                case NEED_MORE:
                    return true;
                case STATUS_LINE:
                    easy.info.responseCode = parser.statusCode();
                    conn.lastHttpMinor = parser.httpMinorVersion();
                    easy.info.httpVersion = parser.httpMinorVersion() == 0 ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
                    if (!header()) {
                        return false;
                    }
                    break;
                case HEADER:
                    if (parser.headerNameIs("content-type")) {
                        easy.info.contentType = reuse.contentType(parser);
                    } else if (parser.headerNameIs("last-modified")) {
                        lastModified = HttpDate.parse(parser.headerValue());
                    } else if (parser.headerNameIs("content-range")) {
                        contentRangeOk = HttpDate.rangeStartsAt(parser.headerValue(), easy.resumeFrom);
                    } else if (parser.statusCode() == 401 && parser.headerNameIs("www-authenticate")) {
                        auth.challenge(parser.headerValue());
                    } else if (parser.statusCode() >= 300 && parser.statusCode() < 400 && easy.info.redirectUrl == null
                            && parser.headerNameIs("location") && !parser.headerValue().isEmpty()) {
                        // the first Location of a 3xx, where libcurl would go (it follows no redirect here)
                        easy.info.redirectUrl = url.redirect(parser.headerValue());
                    }
                    if (!header()) {
                        return false;
                    }
                    break;
                case TRAILER:
                    if (!header(true)) {
                        return false;
                    }
                    break;
                case HEADERS_DONE:
                    easy.info.headerSize = parser.headerBytes();
                    if (parser.http09()) {
                        easy.info.responseCode = parser.statusCode();
                    } else if (!header()) {
                        return false;
                    }
                    if (parser.interim()) {
                        if (parser.statusCode() == 100 && waiting100) {
                            waiting100 = false;
                            cancel(ExpireId.EXPECT_100);
                            return continueSending();
                        }
                        break;
                    }
                    finalSeen = true;
                    easy.info.contentLength = parser.contentLength();
                    if (!finalResponseChecks()) {
                        return false;
                    }
                    if (!parser.keepAlive()) {
                        closeAfter = true;
                    }
                    if (!sendDone) {
                        waiting100 = false;
                        cancel(ExpireId.EXPECT_100);
                        if (parser.statusCode() >= 300) {
                            // An error before the body went out: stop sending, as curl does; the
                            // connection is out of step and closes after this response.
                            trace("Final response " + parser.statusCode() + " before the upload completed; stop sending");
                            closeAfter = true;
                            sendDone = true;
                        } else if (!continueSending()) {
                            // A 2xx while still uploading (a streaming server): keep sending.
                            return false;
                        }
                    }
                    break;
                case BODY:
                    if (!deliver(buf)) {
                        return false;
                    }
                    break;
                case DONE:
                    responseDone = true;
                    if (!sendDone && closeAfter) {
                        // The whole response is in and the server closes: the rest of the upload
                        // can only fail, so it is not sent (libcurl does the same).
                        trace("we are done reading and this is set to close, stop send");
                        sendDone = true;
                    }
                    if (buf.hasRemaining()) {
                        trace("Excess found in a read: excess = " + buf.remaining() + ", closing the connection after");
                        closeAfter = true;
                        buf.position(buf.limit());
                    }
                    return false;
                default:
                    throw new IllegalStateException(ev.toString());
            }
        }
    }

    /** A trailer line always ends in CRLF for the application, as libcurl passes trailers on. */
    private static ByteBuffer crlf(ByteBuffer line) {
        int n = line.remaining();
        if (n >= 2 && line.get(line.position() + n - 2) == '\r' || n == 0 || line.get(line.position() + n - 1) != '\n') {
            return line;
        }
        ByteBuffer out = ByteBuffer.allocate(n + 1);
        out.put(line.duplicate().limit(line.position() + n - 1)).put((byte) '\r').put((byte) '\n').flip();
        return out;
    }

    /**
     * What the options decide once the final response's head is in (curl's http_on_response):
     * CURLOPT_FAILONERROR, CURLOPT_MAXFILESIZE on the announced size, the time condition,
     * and a resumed download the server did not resume. Returns whether to go on.
     */
    private boolean finalResponseChecks() {
        int code = parser.statusCode();
        if (code == 417 && expect100 && !noExpect && readFromApp == 0) {
            // RFC 9110 section 10.1.1: the server refused the expectation; send the request again without it
            trace("Got HTTP failure 417 while sending data");
            noExpect = true;
            closeAfter = true;
            engine.closeConnection(conn);
            conn = null;
            stash = null;
            stashView = null;
            easy.info.sizeUpload = 0;
            forceFresh = true;
            state(TransferState.PENDING);
            return false;
        }
        if (code == 304 && easy.timeCondition != CURL_TIMECOND_NONE) {
            easy.info.conditionUnmet = true;
        }
        boolean resumeGet = easy.resumeFrom > 0 && !easy.upload && !easy.post && !headOnly;
        if (resumeGet && code == 416) {
            // "Range Not Satisfiable" to a resumed download: the file is complete; no error, no body
            trace("The entire document is already downloaded");
            responseDone = true;
            closeAfter = true;
            return false;
        }
        if (code == 401) {
            easy.info.httpAuthAvail = auth.available();
            if (auth.pickAfter401(haveCredentials())) {
                // libcurl's Curl_http_auth_act: the same URL again, with the picked scheme
                trace("Ignoring the response-body");
                authRetry = true;
                return true;
            }
        }
        if (easy.failOnError && code >= 400) {
            fail(CurlCode.CURLE_HTTP_RETURNED_ERROR, "The requested URL returned error: " + code);
            return false;
        }
        long cl = parser.contentLength();
        if (easy.maxFileSize > 0 && cl > easy.maxFileSize) {
            fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
            return false;
        }
        if (easy.timeCondition != CURL_TIMECOND_NONE && easy.range == null && !headOnly
                && !HttpDate.meets(easy.timeCondition, easy.timeValue, lastModified)) {
            trace(easy.timeCondition == CURL_TIMECOND_IFUNMODSINCE ? "The requested document is not old enough"
                    : "The requested document is not new enough");
            trace("Simulate an HTTP 304 response");
            easy.info.responseCode = 304;
            easy.info.conditionUnmet = true;
            responseDone = true;
            closeAfter = true;
            sendDone = true;
            return false;
        }
        if (resumeGet && !contentRangeOk) {
            if (cl == easy.resumeFrom) {
                trace("The entire document is already downloaded");
                responseDone = true;
                closeAfter = true;
                return false;
            }
            fail(CurlCode.CURLE_RANGE_ERROR, "HTTP server does not seem to support byte ranges. Cannot resume.");
            return false;
        }
        return true;
    }

    /** The body may now follow the head (100 Continue arrived): send within this run. */
    private boolean continueSending() {
        if (!sendPaused && !send()) {
            return false;
        }
        return state == TransferState.PERFORMING;
    }

    /** Hands body bytes at buf's position to the write callback. Returns whether to go on. */
    private boolean deliver(ByteBuffer buf) {
        if (authRetry) {
            parser.consumeBody(buf, parser.bodyAvailable()); // a 401 answered by sending again
            return true;
        }
        int n = Math.min(parser.bodyAvailable(), CURL_MAX_WRITE_SIZE);
        boolean exceeds = false;
        if (easy.maxFileSize > 0 && easy.info.sizeDownload + n > easy.maxFileSize) {
            // deliver up to the limit, then stop (curl's cw_download_write)
            n = (int) Math.max(0, easy.maxFileSize - easy.info.sizeDownload);
            exceeds = true;
        }
        if (exceeds && n == 0) {
            fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Exceeded the maximum allowed file size (" + easy.maxFileSize
                    + ") with " + easy.info.sizeDownload + " bytes");
            return false;
        }
        int pos = buf.position();
        ByteBuffer view = buf == stash ? stashView : engine.readView();
        view.clear();
        view.position(pos);
        view.limit(pos + n);
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
        parser.consumeBody(buf, n);
        easy.info.sizeDownload += n;
        if (exceeds) {
            fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Exceeded the maximum allowed file size (" + easy.maxFileSize
                    + ") with " + easy.info.sizeDownload + " bytes");
            return false;
        }
        return state == TransferState.PERFORMING && !recvPaused;
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

    /**
     * Hands the parser's current line to the header callback. Returns whether to go on. The line
     * is only wrapped in a buffer when someone will see it (a trace or a callback).
     */
    private boolean header() {
        return header(false);
    }

    /** Hands the parser's current line to the header callback; a trailer line ends in CRLF, as libcurl passes it. */
    private boolean header(boolean trailer) {
        boolean toApp = easy.headerFunction != null || easy.headerData instanceof OutputStream;
        if (!toApp && !easy.verbose) {
            return true;
        }
        ByteBuffer line = trailer ? crlf(parser.line()) : parser.line();
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
        Http1ResponseParser.Event ev;
        try {
            ev = parser.endOfInput();
        } catch (HttpParseException e) {
            if (canRetry()) {
                retry("Connection died, retrying a fresh connect");
                return;
            }
            fail(e.code(), e.getMessage());
            return;
        }
        if (ev == Http1ResponseParser.Event.DONE) {
            responseDone = true;
            closeAfter = true;
            if (!sendDone) {
                sendDone = true;
            }
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
        return reused && retries == 0 && !parser.anyBytesSeen();
    }

    private void retry(String why) {
        trace(why);
        if (bodyFromReader && readFromApp > 0 && !rewindUpload()) {
            return;
        }
        retries++;
        forceFresh = true;
        engine.closeConnection(conn);
        conn = null;
        stash = null;
        stashView = null;
        easy.info.sizeUpload = 0;
        state(TransferState.PENDING);
    }

    /** After a 401 that picked a scheme: the request again, on this connection if it stays open. */
    private void sendAgain() {
        if (bodyFromReader && readFromApp > 0 && !rewindUpload()) {
            return;
        }
        trace("Issue another request to this URL: '" + url + "'");
        if (closeAfter || easy.forbidReuse || (stash != null && stash.hasRemaining())) {
            engine.closeConnection(conn);
        } else {
            engine.parkConnection(conn);
        }
        conn = null;
        stash = null;
        stashView = null;
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
        readFromApp = 0;
        return true;
    }

    // ---- the end ----

    /** Ends the transfer with an error: the connection is closed, the message queued. */
    void fail(CurlCode code, String message) {
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
        closeAfter = true;
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
            boolean keep = result == CurlCode.CURLE_OK && !closeAfter && !easy.forbidReuse && sendDone
                    && (stash == null || !stash.hasRemaining());
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
        stash = null;
        stashView = null;
        uploadBuf = null;
        long now = engine.now();
        easy.info.totalUs = micros(now);
        easy.info.headerSize = parser.headerBytes();
        if (result == CurlCode.CURLE_OK) {
            progress(true);
        }
        state(TransferState.COMPLETED);
        engine.transferCompleted(this);
    }

    /** Lets go of everything the transfer waits on: a look-up, connect attempts, a pending place, a reservation. */
    private void releaseWaits() {
        if (lookup != null) {
            engine.resolver().cancel(lookup, this);
            lookup = null;
        }
        if (eyeballs != null) {
            eyeballs.closeLosers();
            eyeballs = null;
        }
        engine.removePending(this);
        if (reserved) {
            reserved = false;
            engine.releaseReservation(key);
        }
    }

    /** Stops the transfer without a message (removed by the application, or the multi cleaned up). */
    public void abandon() {
        if (state == TransferState.COMPLETED) {
            clearTimers();
            return;
        }
        closeAfter = true;
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
                if (lookup != null && !lookup.finished() && engine.resolver().wakeSocket() != null) {
                    out[n] = engine.resolver().wakeSocket();
                    masks[n++] = 1;
                }
                break;
            case CONNECTING:
                if (eyeballs != null) {
                    n = eyeballs.pollset(out, masks, n);
                }
                break;
            case PROTOCONNECT:
                // what the handshake needs: the peer's next flight, or room for ours
                int hs = conn.filter.socketInterest(0);
                if (hs != 0) {
                    out[n] = conn.socket;
                    masks[n++] = hs;
                }
                break;
            case PERFORMING:
                int want = 0;
                if (!recvPaused && !responseDone && (stash == null || !stash.hasRemaining())) {
                    want |= 1;
                }
                if (!sendPaused && !sendDone && !waiting100 && (sendBuf.hasRemaining() || !bodyDone || !headSent)) {
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
        long dlTotal = Math.max(0, parser.contentLength());
        long ulTotal = Math.max(0, uploadSize);
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

    private long micros(long now) {
        return Math.max(0, (now - start) / 1000L);
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add(state.toString());
        return out;
    }
}
