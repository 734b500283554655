package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPAUSE_RECV;
import static dev.hiper.curl.Curl.CURLPAUSE_SEND;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import dev.hiper.internal.multi.Timed;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.util.Arrays;

/**
 * One transfer: an easy handle's request and response, driven by the engine. It holds the state
 * machine, the timers, the pollset and the transfer's life (its result, its connection, pausing,
 * progress); the work of each state is done by the handle's helpers, so that this class does not
 * know HTTP or sockets: {@link ConnectionSetup} finds or builds the connection, the
 * {@link ExchangeDriver} runs the HTTP exchanges on it (version-blind decisions over the codec
 * of the connection's version), {@link ApplicationCalls} calls the application.
 *
 * <p>Lifecycle, one state at a time ({@link TransferState}), changed only by
 * {@link #state(TransferState)}, which also traces: 1. INIT parses the URL and arms the total
 * timeout; 2. PENDING takes a live cached connection or room under the limits; 3. RESOLVING asks
 * the resolver; 4. CONNECTING races connects; 4b. PROTOCONNECT runs the TLS handshake (https);
 * 5. DO builds and starts the request; 6. PERFORMING sends the body and parses the response;
 * 7. DONE keeps or closes the connection and queues the message. {@link #run()} advances as far
 * as it can without blocking and returns; afterwards {@link #pollset} says which sockets the
 * transfer waits on, and its timers say when it must run again.
 *
 * <p>Callbacks into the application happen between the codec's events, never inside a parser. A
 * callback that throws counts as one that returned its error value; the exception is named in the
 * error buffer.
 */
public final class Transfer implements Timed, SocketUser, Resolver.Waiter, FilterCaller {
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
    /** Whether it is in its multi's list of added transfers, and its neighbours there. */
    public boolean addedIn;
    public Transfer addedPrev;
    public Transfer addedNext;

    // ---- where ----
    private CurlUrl url;
    private final ConnectionSetup setup;
    private final ApplicationCalls calls;
    private Connection conn;
    private boolean reused;

    // ---- what the handle keeps across its transfers; the exchanges run by the driver ----
    private final TransferReuse reuse;
    private final ExchangeDriver driver;

    // ---- pausing and progress ----
    private boolean recvPaused;
    private boolean sendPaused;
    /** The new connection last reported to JFR, so that each is reported once. */
    private Connection reported;
    /** The speed rules of this run, or null when the handle sets none (then they cost nothing). */
    private SpeedControl speed;
    /** When it started, engine nanoseconds. */
    private long start;

    public Transfer(MultiEngine engine, EasyHandle easy) {
        this.engine = engine;
        this.easy = easy;
        if (easy.reuse == null) {
            easy.reuse = new TransferReuse();
        }
        this.reuse = easy.reuse;
        this.setup = reuse.setup;
        this.calls = reuse.calls;
        this.driver = reuse.driver;
        // the handle's arrays: a finished or abandoned transfer left its pollset empty
        this.timers = reuse.timers;
        this.pollEntries = reuse.pollEntries;
        this.pollMasks = reuse.pollMasks;
        begin();
    }

    private void begin() {
        Arrays.fill(timers, Long.MAX_VALUE);
        driver.begin(this); // nothing of the handle's last response shows before this one starts
        setup.begin(this);
        calls.begin(this);
    }

    /**
     * The handle's next transfer in this object, when {@link TransferReuse#spare} kept it: every
     * field as the constructor leaves it (TransferRestartTest checks that none is missed).
     */
    void restart() {
        state = TransferState.INIT;
        result = CurlCode.CURLE_OK;
        deadline = Long.MAX_VALUE;
        heapIndex = -1;
        pollCount = 0;
        messageQueued = false;
        addedIn = false;
        addedPrev = null;
        addedNext = null;
        url = null;
        conn = null;
        reused = false;
        recvPaused = false;
        sendPaused = false;
        reported = null;
        speed = null;
        start = 0;
        begin();
    }

    /** The transfer of {@code easy} added to {@code engine}: the handle's kept one restarted, or a new one. */
    public static Transfer of(MultiEngine engine, EasyHandle easy) {
        return TransferReuse.transferFor(engine, easy);
    }

    /** The handle left its multi, the engine done with this transfer: it may be kept for the next. */
    public void removed() {
        TransferReuse.removed(this);
    }

    /** Whether nothing outside holds this transfer any more: it ended, and let go of every wait. */
    boolean spent() {
        return state == TransferState.COMPLETED && conn == null && heapIndex < 0 && pollCount == 0 && !messageQueued
                && !addedIn;
    }

    /** The connection-cache key: scheme, host, port and what else makes a connection reusable. */
    public String key() {
        return setup.key();
    }

    /** The connection the transfer uses now, or null. */
    Connection connection() {
        return conn;
    }

    /** Whether the connection came from the cache (a request that dies on it may go again). */
    boolean reusedConnection() {
        return reused;
    }

    /**
     * The transfer lets go of its connection: parked for reuse when {@code park}, else closed;
     * with {@code fresh}, the next connection is a new one.
     */
    void leaveConnection(boolean park, boolean fresh) {
        if (fresh) {
            setup.forceFresh();
        }
        letGo(park);
    }

    /**
     * Lets go of the connection: parked when {@code keep}, else closed; a connection shared by
     * HTTP/2 streams only loses this transfer's stream, and closes or parks with its last one.
     */
    private void letGo(boolean keep) {
        if (conn.h2 != null) {
            driver.codec().release(); // resets the stream if it is still open
            engine.leaveShared(conn, this, keep && conn.h2.usable());
        } else if (keep) {
            engine.parkConnection(conn);
        } else {
            engine.closeConnection(conn);
        }
        conn = null;
    }

    ConnectionSetup setup() {
        return setup;
    }

    CurlUrl url() {
        return url;
    }

    /**
     * CONNECT_ONLY: the application takes the connection (a WebSocket); neither parked nor closed.
     * On HTTP/2 it takes one stream: {@code keeper} stays among the connection's users for it.
     */
    Connection handOver(dev.hiper.internal.multi.SocketUser keeper) {
        Connection c = conn;
        if (keeper != null) {
            c.detach(this);
            c.attach(keeper);
        } else {
            c.handOver();
        }
        conn = null;
        return c;
    }

    ApplicationCalls calls() {
        return calls;
    }

    boolean recvPaused() {
        return recvPaused;
    }

    boolean sendPaused() {
        return sendPaused;
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
    public void runSoon() {
        if (timers[ExpireId.RUN_NOW.ordinal()] == Long.MAX_VALUE) { // else it runs soon already
            expireAt(ExpireId.RUN_NOW, engine.now());
        }
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
        return Deadlines.act(this, id, now, (now - start) / 1_000_000L, speed);
    }

    // ---- the one transition method ----

    /** Changes the state; the only place that does (STYLE habit 1). */
    void state(TransferState next) {
        if (easy.verbose && engine.traceStates()) {
            trace("STATE: " + state + " => " + next);
        }
        state = next;
        if (next == TransferState.DO && conn != null && !reused && conn != reported) {
            reported = conn;
            JfrEvents.connectionReady(this, conn);
        }
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
                    driver.start();
                    break;
                case PERFORMING:
                    if (speed == null) {
                        driver.perform();
                    } else if (!speed.hold()) {
                        driver.perform();
                        speed.afterPerform();
                    }
                    break;
                case RATELIMITING:
                    break; // the TOOFAST timer brings it back
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
        if (speed != null) {
            speed.startCheck();
        }
        if (state == TransferState.PERFORMING || state == TransferState.CONNECTING || state == TransferState.RATELIMITING
                || state == TransferState.RESOLVING || state == TransferState.PROTOCONNECT) {
            progress(false);
            if (state == TransferState.DONE) {
                finish(); // the progress callback aborted: nothing else would run the transfer again
            }
        }
        if (state == TransferState.PERFORMING && !recvPaused && !driver.codec().responseDone()
                && conn.filter.hasBufferedInput()) {
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
        speed = easy.speed.any() ? new SpeedControl(easy.speed.copy(), this) : null;
        easy.info.clear();
        driver.beginExchanges();
        easy.errorBuffer = "";
        if (easy.timeoutMs > 0) {
            expireIn(ExpireId.TOTAL, easy.timeoutMs);
        }
        if (easy.url == null || easy.url.isEmpty()) {
            fail(CurlCode.CURLE_URL_MALFORMAT, "No URL set");
            return;
        }
        try {
            url = reuse.parse(engine, easy.wire.withDefaultProtocol(easy.url), easy.wire.pathAsIs);
        } catch (UrlException e) {
            fail(e.code(), e.getMessage());
            return;
        }
        easy.info.effectiveUrl(url.toString(), easy.url);
        easy.info.scheme = url.scheme();
        String scheme = url.scheme();
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("ws") && !scheme.equals("wss")) {
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

    /** A redirect: on to {@code next} through the connect states (libcurl's multi_follow, then CONNECT). */
    void followTo(CurlUrl next) {
        url = next;
        easy.info.scheme = next.scheme();
        if (setup.route(next)) {
            state(TransferState.PENDING);
        }
    }

    /** The transfer takes {@code c} (new, or from the cache): the connection wakes it from now on. */
    void use(Connection c, boolean fromCache) {
        conn = c;
        reused = fromCache;
        engine.attach(c, this);
        easy.info.connection(c, fromCache, micros(engine.now()));
    }

    /** Whether receiving may go on now: false once ahead of {@code CURLOPT_MAX_RECV_SPEED_LARGE}. */
    boolean recvWithinLimit() {
        return speed == null || speed.recvWithinLimit();
    }

    ExchangeCodec codec() {
        return driver.codec();
    }

    boolean armed(ExpireId id) {
        return timers[id.ordinal()] != Long.MAX_VALUE;
    }

    /** The read or write callback paused its direction. */
    void pausedBy(int direction) {
        if (direction == CURLPAUSE_RECV) {
            recvPaused = true;
        } else {
            sendPaused = true;
        }
    }

    void progress(boolean force) {
        calls.progress(force, driver.codec().response().contentLength(), driver.codec().uploadSize());
    }

    // ---- the end ----

    /** Ends the transfer with an error: the connection is closed, the message queued. */
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
            // a failed stream of an HTTP/2 connection leaves the connection to the others
            boolean keep = conn.h2 != null ? !easy.forbidReuse && conn.h2.usable()
                    : result == CurlCode.CURLE_OK && !easy.forbidReuse && driver.codec().reusable();
            if (easy.verbose) {
                trace(keep ? "Connection #" + conn.id + " to host " + conn.host + " left intact"
                        : "Closing connection #" + conn.id);
            }
            letGo(keep);
        }
        driver.codec().release();
        long now = engine.now();
        easy.info.totalUs = micros(now);
        easy.info.headerSize = easy.info.connectHeaderBytes + driver.codec().response().headerBytes();
        if (result == CurlCode.CURLE_OK) {
            progress(true);
        }
        if (easy.ws.connection != null) {
            driver.handedOver(); // an idle WebSocket session keeps no parser or request of its exchange
        }
        JfrEvents.transferEnded(this, result, reused);
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
            letGo(conn.h2 != null); // a stream is reset; the connection stays with the others
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
        switch (state) {
            case RESOLVING:
            case CONNECTING:
            case PROTOCONNECT:
                return setup.pollset(state, out, masks);
            case PERFORMING:
                return driver.pollset(conn, recvPaused, sendPaused, out, masks);
            default:
                return 0;
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

    long micros(long now) {
        return Math.max(0, (now - start) / 1000L);
    }
}
