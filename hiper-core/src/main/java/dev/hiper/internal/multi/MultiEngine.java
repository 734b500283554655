package dev.hiper.internal.multi;

import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.curl.MultiOption;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.tls.TlsContexts;
import dev.hiper.internal.http2.WriteBatch;
import dev.hiper.internal.io.Clock;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.transfer.Tracer;
import dev.hiper.internal.transfer.Transfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The multi-socket engine behind a {@link CurlMulti}.
 *
 * <p>After every call into it, each transfer that ran reports its pollset; the engine diffs that
 * against the socket table and calls the socket callback only for sockets whose combined
 * interest changed, then recomputes the earliest deadline and calls the timer callback only when
 * it changed. So {@code socketAction} costs work on that socket plus expired timers, never a
 * walk over all transfers.
 *
 * <p>One thread at a time; {@link #wakeup()} alone may come from any thread. Calls from inside
 * callbacks are checked against the table in {@link ApiCall}.
 *
 * <p>The engine keeps the calls, their guard and the abort; its parts keep the rest: the
 * {@link SocketTable} (sockets, interest, the socket callback), {@link EngineTimers} (deadlines,
 * the timer callback), {@link ConnectionRoom} (connection limits, the pending queue), the
 * {@link MessageQueue}, the {@link MultiOptions} and the {@link PollSelector} of poll and wait.
 */
public final class MultiEngine {
    private static final boolean TRACE_STATES = Boolean.getBoolean("hiper.traceStates");
    private static final int READ_BUFFER = 64 * 1024;

    private final CurlMulti api;
    private final Clock clock;
    private final long epoch;

    private final ConnectionCache cache = new ConnectionCache();
    private final TlsContexts tlsContexts = new TlsContexts();
    private final Resolver resolver;
    private final Tracer tracer;
    /** The sockets, their users' interest and the socket callback (its entries and EngineBench use it). */
    final SocketTable table;
    private final EngineTimers timers;
    private final ConnectionRoom room;
    private final PollSelector poller;
    private final MultiOptions options;
    /** HTTP/2 frames queued inside a call, written at its end (flushSockets). */
    private final WriteBatch writeBatch = new WriteBatch(() -> this.apiDepth > 0);
    private final AddedTransfers added = new AddedTransfers();
    private final MessageQueue messages = new MessageQueue();
    private final SocketEntry[] scratchEntries = new SocketEntry[8];
    private final int[] scratchMasks = new int[8];
    /**
     * Direct: a socket read into a heap buffer goes through a temporary direct buffer and is
     * copied once more; into this one the kernel writes straight, and the write callback sees
     * those bytes through {@link #readView} with no copy at all.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ByteBuffer readView = readBuffer.asReadOnlyBuffer();
    /** The last URL a transfer of this engine parsed, kept by the transfers' own code (TransferReuse). */
    public Object lastUrl;

    private int running;
    /** Callbacks in progress; with the abort state below, shared with the socket table and the timers. */
    int callbackDepth;
    private int apiDepth;
    private boolean closed;
    boolean aborted;
    boolean abortRequested;
    /** What an aborting socket or timer callback threw, shown in the failed transfers' error buffers. */
    Throwable abortCause;
    private long connectionIds;
    /** Set by {@link dev.hiper.loop.LoopAudit}; sees calls and callbacks (null: none). */
    volatile MultiObserver observer;

    public MultiEngine(CurlMulti api, Function<SocketEntry, CurlSocket> socketFactory, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.epoch = clock.nanoTime() - 1;
        this.table = new SocketTable(this, socketFactory);
        this.timers = new EngineTimers(this, api);
        this.room = new ConnectionRoom(this, cache, table);
        this.poller = new PollSelector(table.sockets(), timers);
        this.options = new MultiOptions(table, timers, cache);
        this.resolver = new Resolver(this);
        this.tracer = new Tracer(System.err, this::enterCallback, this::exitCallback);
    }

    // ---- what transfers use ----

    /** Engine-relative nanoseconds, always positive. */
    public long now() {
        return clock.nanoTime() - epoch;
    }

    /** The engine's time source (rate limits that count per second). */
    public Clock clock() {
        return clock;
    }

    /** {@code CURLMOPT_PIPELINING} has {@code CURLPIPE_MULTIPLEX}: HTTP/2 connections are shared. */
    public boolean multiplexing() {
        return options.multiplex;
    }

    /** {@code CURLMOPT_MAX_CONCURRENT_STREAMS}: streams at most on one connection. */
    public int maxConcurrentStreams() {
        return options.maxConcurrentStreams;
    }

    public ConnectionCache cache() {
        return cache;
    }

    public Resolver resolver() {
        return resolver;
    }

    /** The multi's TLS contexts, one per TLS configuration (sessions resume within one). */
    public TlsContexts tls() {
        return tlsContexts;
    }

    public Tracer tracer() {
        return tracer;
    }

    public boolean traceStates() {
        return TRACE_STATES;
    }

    public String defaultUserAgent() {
        return Curl.version();
    }

    /** The engine thread's read buffer, shared by every transfer (nothing stays in it between runs). */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** A read-only view over {@link #readBuffer()}, for handing data to write callbacks without copying. */
    public ByteBuffer readView() {
        return readView;
    }

    public long nextConnectionId() {
        return connectionIds++;
    }

    public int running() {
        return running;
    }

    public boolean isClosed() {
        return closed;
    }

    public void enterCallback() {
        callbackDepth++;
    }

    public void exitCallback() {
        callbackDepth--;
    }

    /** Installs (or with null removes) the observer of calls and callbacks. */
    public void observe(MultiObserver o) {
        observer = o;
    }

    // ---- sockets ----

    /** Registers a channel the engine opened; nothing is told until a transfer wants it. */
    public SocketEntry openSocket(java.nio.channels.SelectableChannel channel, SocketUser user) {
        return table.open(channel, user);
    }

    /** Drops a socket: REMOVE (if announced) and close happen at the end of this call. */
    public void retire(SocketEntry e) {
        table.retire(e);
    }

    /** Takes a transfer's new pollset and counts the change into the socket table. */
    public void updatePollset(Transfer t) {
        int n = t.isCompleted() ? 0 : t.pollset(scratchEntries, scratchMasks);
        t.pollCount = table.applyPollset(t.pollEntries, t.pollMasks, t.pollCount, scratchEntries, scratchMasks, n,
                t.easy.api);
    }

    /** Tells the application what changed (contract rules 7 to 10, 19). */
    private void flushSockets() {
        writeBatch.flush(); // first: a write that blocks asks for writability below
        table.flush();
    }

    /** The public face of a socket, made once. */
    public CurlSocket apiSocket(SocketEntry e) {
        return table.apiSocket(e);
    }

    // ---- timers ----

    /** A transfer's earliest deadline changed. */
    public void timerChanged(Transfer t) {
        timers.changed(t);
    }

    // ---- running transfers ----

    /** Runs one transfer and takes its new pollset. */
    public void runTransfer(Transfer t) {
        if (t.isCompleted() || t.easy.multi != this) {
            return;
        }
        try {
            t.run();
        } catch (RuntimeException | Error ex) {
            t.failNow(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "internal error: " + ex, ex);
        }
        updatePollset(t);
    }

    /** The transfer finished: queue its message (contract rules 17, 18). */
    public void transferCompleted(Transfer t) {
        running--;
        messages.add(t);
    }

    /** Ends the call: flush socket changes, then the timer, handling an aborting callback. */
    private CurlMCode finishCall(boolean rereport) {
        flushSockets();
        boolean abortedNow = false;
        if (abortRequested) {
            abortAll("Aborted by the socket callback");
            abortedNow = true;
        }
        int r = timers.report(rereport);
        if (r != 0) {
            abortAll("Aborted by the timer callback");
            abortedNow = true;
        }
        return abortedNow ? CurlMCode.CURLM_ABORTED_BY_CALLBACK : CurlMCode.CURLM_OK;
    }

    /** The socket or timer callback threw: the first throwable is kept for the abort's message. */
    void callbackThrew(Throwable ex) {
        if (abortCause == null && !aborted) {
            abortCause = ex;
        }
    }

    /** Contract rule 12: every transfer fails at once and its sockets are released. */
    private void abortAll(String why) {
        abortRequested = false;
        aborted = true;
        Throwable cause = abortCause;
        abortCause = null;
        for (Transfer t : added.snapshot()) {
            if (!t.isCompleted()) {
                t.failNow(CurlCode.CURLE_ABORTED_BY_CALLBACK, cause == null ? why : why + " (it threw " + cause + ")",
                        cause);
                updatePollset(t);
            }
        }
        flushSockets();
        abortRequested = false;
    }

    // ---- connections ----

    public boolean reserveConnection(String key) {
        return room.reserve(key);
    }

    public void releaseReservation(String key) {
        room.release(key);
    }

    /** A transfer starts using {@code c}: the connection wakes it when the socket is ready. */
    public void attach(Connection c, Transfer t) {
        c.attach(t);
        c.socket.easy = t.easy.api;
    }

    /** Where HTTP/2 sessions' frames wait for the end of the current call. */
    public WriteBatch writeBatch() {
        return writeBatch;
    }

    /** A transfer is done with a reusable connection. */
    public void parkConnection(Connection c) {
        room.park(c, added.size());
    }

    /** A transfer leaves a connection it may share with others ({@link ConnectionRoom#leaveShared}). */
    public void leaveShared(Connection c, SocketUser t, boolean keep) {
        room.leaveShared(c, t, keep, added.size());
    }

    public void closeConnection(Connection c) {
        room.close(c);
    }

    /** A connection for {@code key} now takes several transfers: waiting ones for it go on. */
    public void connectionShared(String key) {
        room.shared(key);
    }

    /** Adds a transfer to the pending queue; false if it was there already. */
    public boolean addPending(Transfer t) {
        return room.addPending(t);
    }

    public void removePending(Transfer t) {
        room.removePending(t);
    }


    // ---- the API ----

    private CurlMCode check(ApiCall call) {
        MultiObserver o = observer;
        if (o != null) {
            o.apiCall(call);
        }
        if (closed) {
            return CurlMCode.CURLM_BAD_HANDLE;
        }
        if (callbackDepth > 0 && !call.allowedInCallback) {
            return CurlMCode.CURLM_RECURSIVE_API_CALL;
        }
        return null;
    }

    public CurlMCode setopt(MultiOption<?> option, Object value) {
        CurlMCode c = check(ApiCall.SETOPT);
        if (c != null) {
            return c;
        }
        return options.set(option, value);
    }

    public CurlMCode addHandle(EasyHandle h) {
        CurlMCode c = check(ApiCall.ADD_HANDLE);
        if (c != null) {
            return c;
        }
        if (h == null) {
            return CurlMCode.CURLM_BAD_EASY_HANDLE;
        }
        if (h.multi != null) {
            return CurlMCode.CURLM_ADDED_ALREADY;
        }
        if (aborted) {
            return CurlMCode.CURLM_ABORTED_BY_CALLBACK;
        }
        Transfer t = Transfer.of(this, h);
        h.multi = this;
        h.transfer = t;
        added.add(t);
        running++;
        t.runSoon();
        apiDepth++;
        try {
            long before = timers.lastReported;
            int r = timers.report(false);
            if (r != 0) {
                // Contract rule 5: the handle is left not added.
                abortCause = null;
                timers.remove(t);
                added.remove(t);
                running--;
                h.multi = null;
                h.transfer = null;
                timers.lastReported = before;
                return CurlMCode.CURLM_ABORTED_BY_CALLBACK;
            }
        } finally {
            apiDepth--;
        }
        return CurlMCode.CURLM_OK;
    }

    public CurlMCode removeHandle(EasyHandle h) {
        CurlMCode c = check(ApiCall.REMOVE_HANDLE);
        if (c != null) {
            return c;
        }
        if (h == null) {
            return CurlMCode.CURLM_BAD_EASY_HANDLE;
        }
        if (h.multi == null) {
            return CurlMCode.CURLM_OK;
        }
        if (h.multi != this) {
            return CurlMCode.CURLM_BAD_EASY_HANDLE;
        }
        apiDepth++;
        try {
            Transfer t = h.transfer;
            if (!t.isCompleted()) {
                running--;
            }
            t.abandon();
            updatePollset(t);
            timers.remove(t);
            messages.remove(t);
            added.remove(t);
            h.multi = null;
            h.transfer = null;
            t.removed();
            if (aborted && added.isEmpty()) {
                aborted = false;
            }
            return finishCall(false);
        } finally {
            apiDepth--;
        }
    }

    /** {@code curl_multi_socket_action}: {@code s} null means {@code CURL_SOCKET_TIMEOUT}. */
    public CurlMCode socketAction(SocketEntry s, int events) {
        CurlMCode c = check(ApiCall.SOCKET_ACTION);
        if (c != null) {
            return c;
        }
        MultiObserver o = observer;
        if (o != null) {
            o.socketAction(s == null ? null : (CurlSocket) s.api, events);
        }
        apiDepth++;
        try {
            if (s != null && s.engine == this && !s.closed && !s.retiring && s.announced != 0 && s.user != null) {
                try {
                    s.user.onSocketReady(s, events);
                } catch (RuntimeException | Error ex) {
                    // a transfer's failure is contained by runTransfer; anything else must not end the multi
                }
            }
            boolean fired = timers.runExpired();
            return finishCall(s == null && !fired);
        } finally {
            apiDepth--;
        }
    }

    /** {@code curl_multi_socket_all} and {@code curl_multi_perform}: every transfer runs once. */
    public CurlMCode runAll(ApiCall call) {
        CurlMCode c = check(call);
        if (c != null) {
            return c;
        }
        apiDepth++;
        try {
            resolver.deliverFinished(now());
            table.readAllSessions(); // no readiness is known here: every HTTP/2 session reads again
            timers.runExpired();
            for (Transfer t : added.snapshot()) {
                runTransfer(t);
            }
            return finishCall(false);
        } finally {
            apiDepth--;
        }
    }

    public CurlMCode assign(SocketEntry s, Object socketp) {
        CurlMCode c = check(ApiCall.ASSIGN);
        if (c != null) {
            return c;
        }
        return table.assign(s, socketp);
    }

    /** {@code curl_multi_timeout}: fills {@code out[0]}. */
    public CurlMCode timeout(long[] out) {
        CurlMCode c = check(ApiCall.TIMEOUT);
        if (c != null) {
            return c;
        }
        if (out == null || out.length == 0) {
            return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
        }
        out[0] = timers.timeoutMillis();
        return CurlMCode.CURLM_OK;
    }

    /** The next message, or null; also null from a closed multi. */
    public Transfer infoRead() {
        if (check(ApiCall.INFO_READ) != null) {
            return null;
        }
        return messages.next();
    }

    public int messagesLeft() {
        return messages.size();
    }

    /** {@code curl_easy_pause} for a transfer of this multi. */
    public CurlCode pause(Transfer t, int bitmask) {
        t.pause(bitmask);
        updatePollset(t);
        settleOutsideCall();
        return CurlCode.CURLE_OK;
    }

    /**
     * After work the application did outside any call of the engine (a pause, or its own read of a
     * shared HTTP/2 connection that woke other streams' transfers): the socket and timer callbacks
     * hear what changed, so that a loop driven by them runs the woken transfers.
     */
    public void settleOutsideCall() {
        if (callbackDepth == 0 && apiDepth == 0) {
            apiDepth++;
            try {
                finishCall(false);
            } finally {
                apiDepth--;
            }
        }
    }

    /** {@code curl_multi_poll} (wakeable) and {@code curl_multi_wait}. */
    public CurlMCode poll(long timeoutMs, boolean wakeable) {
        CurlMCode c = check(wakeable ? ApiCall.POLL : ApiCall.WAIT);
        if (c != null) {
            return c;
        }
        if (timeoutMs < 0) {
            return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
        }
        return poller.poll(timeoutMs, wakeable);
    }

    /** {@code curl_multi_wakeup}: any thread. */
    public CurlMCode wakeup() {
        if (closed) {
            return CurlMCode.CURLM_BAD_HANDLE;
        }
        try {
            poller.wakeup();
            return CurlMCode.CURLM_OK;
        } catch (IOException e) {
            return CurlMCode.CURLM_WAKEUP_FAILURE;
        }
    }

    /** {@code curl_multi_cleanup} (contract rule 23). */
    public CurlMCode cleanup() {
        CurlMCode c = check(ApiCall.CLEANUP);
        if (c != null) {
            return c;
        }
        apiDepth++;
        try {
            table.handToInternal(); // connection shutdown is told through the internal handle (rule 13)
            for (Transfer t : added.snapshot()) {
                t.abandon();
                updatePollset(t);
                t.easy.multi = null;
                t.easy.transfer = null;
            }
            added.clear();
            messages.clear();
            room.clearPending();
            running = 0;
            room.shutdownIdle();
            table.retireAll();
            flushSockets();
            resolver.close();
            poller.close();
            closed = true;
            return CurlMCode.CURLM_OK;
        } finally {
            apiDepth--;
        }
    }

    // ---- for tests and diagnostics ----

    /** How many channels the engine has open now. */
    public int openChannels() {
        return table.openChannels();
    }

    public int pendingCount() {
        return room.pendingCount();
    }
}