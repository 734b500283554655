package dev.hiper.internal.multi;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.curl.CurlSocketFunction;
import dev.hiper.curl.CurlTimerFunction;
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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
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
 */
public final class MultiEngine {
    private static final long NONE = Long.MIN_VALUE;
    private static final boolean TRACE_STATES = Boolean.getBoolean("hiper.traceStates");
    private static final int READ_BUFFER = 64 * 1024;

    private final CurlMulti api;
    private final Function<SocketEntry, CurlSocket> socketFactory;
    private final Clock clock;
    /** CURLMOPT_PIPELINING's CURLPIPE_MULTIPLEX bit, on by default as in libcurl 8. */
    private boolean multiplex = true;
    /** CURLMOPT_MAX_CONCURRENT_STREAMS, 100 by default as in libcurl. */
    private int maxConcurrentStreams = 100;
    private final long epoch;

    private CurlSocketFunction socketFunction;
    private Object socketData;
    private CurlTimerFunction timerFunction;
    private Object timerData;

    private final ConnectionCache cache = new ConnectionCache();
    private final TlsContexts tlsContexts = new TlsContexts();
    private final Resolver resolver;
    private final TimerHeap heap = new TimerHeap();
    private final Tracer tracer;
    private final ArrayList<SocketEntry> dirty = new ArrayList<>();
    /** HTTP/2 frames queued inside a call, written at its end (flushSockets). */
    private final WriteBatch writeBatch = new WriteBatch(() -> this.apiDepth > 0);
    private final SocketList sockets = new SocketList();
    private final AddedTransfers added = new AddedTransfers();
    private final ArrayDeque<Transfer> messages = new ArrayDeque<>();
    private final LinkedHashSet<Transfer> pending = new LinkedHashSet<>();
    private final ArrayList<Timed> expiredBatch = new ArrayList<>();
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
    private int callbackDepth;
    private int apiDepth;
    private boolean closed;
    private boolean aborted;
    private boolean abortRequested;
    /** What an aborting socket or timer callback threw, shown in the failed transfers' error buffers. */
    private Throwable abortCause;
    private long lastReported = NONE;
    private long connectionIds;
    private CurlEasy internalEasy;
    private volatile Selector pollSelector;
    /** Set by {@link dev.hiper.loop.LoopAudit}; sees calls and callbacks (null: none). */
    private volatile MultiObserver observer;
    private final Object selectorLock = new Object();

    public MultiEngine(CurlMulti api, Function<SocketEntry, CurlSocket> socketFactory, Clock clock) {
        this.api = api;
        this.socketFactory = socketFactory;
        this.clock = clock;
        this.epoch = clock.nanoTime() - 1;
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
        return multiplex;
    }

    /** {@code CURLMOPT_MAX_CONCURRENT_STREAMS}: streams at most on one connection. */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
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
        SocketEntry e = new SocketEntry(this, channel, user);
        sockets.add(e);
        return e;
    }

    /** Drops a socket: REMOVE (if announced) and close happen at the end of this call. */
    public void retire(SocketEntry e) {
        if (e == null || e.retiring || e.closed) {
            return;
        }
        e.retiring = true;
        markDirty(e);
    }

    void markDirty(SocketEntry e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    /** Takes a transfer's new pollset and counts the change into the socket table. */
    public void updatePollset(Transfer t) {
        int n = t.isCompleted() ? 0 : t.pollset(scratchEntries, scratchMasks);
        t.pollCount = applyPollset(t.pollEntries, t.pollMasks, t.pollCount, scratchEntries, scratchMasks, n, t.easy.api);
    }

    /**
     * The socket table's diff: replaces the pollset {@code entries/masks[0..old)} by
     * {@code next/nextMasks[0..n)} (which is cleared), moving the per-direction user counts and
     * marking each socket whose combined interest changed. Returns {@code n}.
     */
    int applyPollset(SocketEntry[] entries, int[] masks, int old, SocketEntry[] next, int[] nextMasks, int n,
            CurlEasy easy) {
        if (n == old) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = next[i] == entries[i] && nextMasks[i] == masks[i];
            }
            if (same) {
                for (int i = 0; i < n; i++) {
                    next[i] = null;
                }
                return n;
            }
        }
        for (int i = 0; i < old; i++) {
            SocketEntry e = entries[i];
            int before = e.wanted();
            if ((masks[i] & 1) != 0) {
                e.inUsers--;
            }
            if ((masks[i] & 2) != 0) {
                e.outUsers--;
            }
            if (e.wanted() != before) {
                markDirty(e);
            }
            entries[i] = null;
        }
        for (int i = 0; i < n; i++) {
            SocketEntry e = next[i];
            int before = e.wanted();
            if ((nextMasks[i] & 1) != 0) {
                e.inUsers++;
            }
            if ((nextMasks[i] & 2) != 0) {
                e.outUsers++;
            }
            e.easy = easy;
            if (e.wanted() != before || e.announced == 0) {
                markDirty(e);
            }
            entries[i] = e;
            masks[i] = nextMasks[i];
            next[i] = null;
        }
        return n;
    }

    /** Forgets the marked sockets without telling anyone (for the micro-benchmark of the diff). */
    void clearDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).dirty = false;
        }
        dirty.clear();
    }

    /** Tells the application what changed (contract rules 7 to 10, 19). */
    private void flushSockets() {
        writeBatch.flush(); // first: a write that blocks asks for writability below
        for (int i = 0; i < dirty.size(); i++) {
            SocketEntry e = dirty.get(i);
            e.dirty = false;
            if (e.closed) {
                continue;
            }
            if (e.retiring) {
                if (e.announced != 0) {
                    callSocket(e, CURL_POLL_REMOVE);
                    e.announced = 0;
                    e.socketp = null;
                }
                closeEntry(e);
                continue;
            }
            int want = e.wanted();
            if (want == 0) {
                if (e.announced != 0) {
                    callSocket(e, CURL_POLL_REMOVE);
                    e.announced = 0;
                    e.socketp = null;
                }
            } else if (want != e.announced || e.reannounce) {
                e.reannounce = false;
                e.announced = want;
                callSocket(e, want);
            }
        }
        dirty.clear();
    }

    private void closeEntry(SocketEntry e) {
        e.closed = true;
        sockets.remove(e);
        try {
            e.channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }

    private void callSocket(SocketEntry e, int what) {
        if (socketFunction == null) {
            return;
        }
        CurlSocket s = apiSocket(e);
        CurlEasy easy = e.easy != null ? e.easy : internalEasy();
        MultiObserver o = observer;
        if (o != null) {
            o.socketCallback(s, what);
        }
        int r;
        callbackDepth++;
        try {
            r = socketFunction.socket(easy, s, what, socketData, e.socketp);
        } catch (RuntimeException | Error ex) {
            r = -1;
            if (abortCause == null && !aborted) {
                abortCause = ex;
            }
        } finally {
            callbackDepth--;
        }
        if (r != 0 && !aborted) {
            abortRequested = true;
        }
    }

    /** The public face of a socket, made once. */
    public CurlSocket apiSocket(SocketEntry e) {
        if (e.api == null) {
            e.api = socketFactory.apply(e);
        }
        return (CurlSocket) e.api;
    }

    private CurlEasy internalEasy() {
        if (internalEasy == null) {
            internalEasy = CurlEasy.init();
        }
        return internalEasy;
    }

    // ---- timers ----

    /** A transfer's earliest deadline changed. */
    public void timerChanged(Transfer t) {
        if (t.deadline() == Long.MAX_VALUE) {
            heap.remove(t);
        } else {
            heap.upsert(t);
        }
    }

    /** Runs every transfer whose deadline passed. Returns whether any did. */
    private boolean runExpired() {
        long now = now();
        Timed top;
        while ((top = heap.peek()) != null && top.deadline() <= now) {
            heap.remove(top);
            expiredBatch.add(top);
        }
        if (expiredBatch.isEmpty()) {
            return false;
        }
        for (int i = 0; i < expiredBatch.size(); i++) {
            Transfer t = (Transfer) expiredBatch.get(i);
            expiredBatch.set(i, null);
            if (t.isCompleted() || t.easy.multi != this) {
                continue;
            }
            try {
                t.onTimeout(now);
            } catch (RuntimeException | Error ex) {
                t.failNow(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "internal error: " + ex, ex);
            }
            updatePollset(t);
        }
        expiredBatch.clear();
        return true;
    }

    /**
     * Tells the timer callback about a changed earliest deadline (contract rules 2 to 4).
     * Returns the callback's answer.
     */
    private int updateTimer(boolean rereport) {
        Timed top = heap.peek();
        long dl = top == null ? NONE : top.deadline();
        if (dl == lastReported && !(rereport && dl != NONE)) {
            return 0;
        }
        if (timerFunction == null || aborted) {
            lastReported = dl;
            return 0;
        }
        lastReported = dl;
        long ms;
        if (dl == NONE) {
            ms = -1;
        } else {
            long left = dl - now();
            ms = left <= 0 ? 0 : Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
        }
        MultiObserver o = observer;
        if (o != null) {
            o.timerCallback(ms);
        }
        int r;
        callbackDepth++;
        try {
            r = timerFunction.timer(api, ms, timerData);
        } catch (RuntimeException | Error ex) {
            r = -1;
            if (abortCause == null && !aborted) {
                abortCause = ex;
            }
        } finally {
            callbackDepth--;
        }
        return r == 0 ? 0 : -1;
    }

    /** The time until the earliest deadline in ms, -1 for none. */
    private long timeoutMillis() {
        Timed top = heap.peek();
        if (top == null) {
            return -1;
        }
        long left = top.deadline() - now();
        return left <= 0 ? 0 : Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
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
        messages.addLast(t);
        t.messageQueued = true;
    }

    /** Ends the call: flush socket changes, then the timer, handling an aborting callback. */
    private CurlMCode finishCall(boolean rereport) {
        flushSockets();
        boolean abortedNow = false;
        if (abortRequested) {
            abortAll("Aborted by the socket callback");
            abortedNow = true;
        }
        int r = updateTimer(rereport);
        if (r != 0) {
            abortAll("Aborted by the timer callback");
            abortedNow = true;
        }
        return abortedNow ? CurlMCode.CURLM_ABORTED_BY_CALLBACK : CurlMCode.CURLM_OK;
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
        List<Connection> evicted = new ArrayList<>(0);
        boolean ok = cache.tryReserve(key, evicted);
        for (Connection c : evicted) {
            c.closed = true;
            c.filter.shutdown();
            closeNow(c.socket);
        }
        return ok;
    }

    /**
     * Closes a connection's socket at once rather than at the end of the call, so a new
     * connection that takes its room never overlaps it (contract rule 25); REMOVE first if it is
     * still announced (rule 9).
     */
    private void closeNow(SocketEntry e) {
        if (e.closed) {
            return;
        }
        if (e.announced != 0) {
            callSocket(e, CURL_POLL_REMOVE);
            e.announced = 0;
            e.socketp = null;
        }
        closeEntry(e);
    }

    public void releaseReservation(String key) {
        cache.release(key);
        wakePending();
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
        c.idleSince = now();
        c.detachAll();
        long limit = cache.maxConnects > 0 ? cache.maxConnects : 4L * Math.max(1, added.size());
        List<Connection> evicted = cache.park(c, limit);
        for (int i = 0; i < evicted.size(); i++) { // no iterator for the usual empty list
            Connection old = evicted.get(i);
            old.closed = true;
            old.filter.shutdown();
            retire(old.socket);
            cache.release(old.key);
        }
        wakePending();
    }

    /**
     * A transfer leaves a connection it may share with others (an HTTP/2 session): only that
     * transfer stops hearing the socket. The last one to leave parks the connection when
     * {@code keep} (the session takes new streams), else closes it; one that leaves an unusable
     * connection to the others stops it being offered.
     */
    public void leaveShared(Connection c, SocketUser t, boolean keep) {
        if (c == null || c.closed) {
            return;
        }
        c.detach(t);
        if (!keep) {
            cache.unshare(c);
        }
        if (c.exchanges() > 0) {
            wakePending(); // room for another stream
            return;
        }
        if (keep) {
            cache.unshare(c); // idle now: it is taken from the idle set, checked alive first
            parkConnection(c);
        } else {
            closeConnection(c);
        }
    }

    public void closeConnection(Connection c) {
        if (c == null || c.closed) {
            return;
        }
        c.closed = true;
        c.detachAll();
        cache.unshare(c);
        c.filter.shutdown();
        closeNow(c.socket); // before its room is given to a waiting transfer (rule 25)
        cache.release(c.key);
        wakePending();
    }

    /**
     * A connection for {@code key} now takes several transfers, or one being made for it knows
     * its protocol: waiting transfers for that key go on, as many as can get a connection now
     * (its free streams, idle connections, new ones within the limits), oldest first. Waking only
     * that many keeps this linear in the transfers that move: with 100,000 waiting and 1,000
     * connections becoming shared one after the other, each wakes its 100, not all of them.
     */
    public void connectionShared(String key) {
        long budget = cache.wakeBudget(key);
        for (Iterator<Transfer> it = pending.iterator(); budget > 0 && it.hasNext();) {
            Transfer t = it.next();
            if (t.key().equals(key)) {
                it.remove();
                t.runSoon();
                budget--;
            }
        }
    }

    /** Adds a transfer to the pending queue; false if it was there already. */
    public boolean addPending(Transfer t) {
        return pending.add(t);
    }

    public void removePending(Transfer t) {
        pending.remove(t);
    }

    /** Room for a connection appeared: wake the first pending transfer that can now go on. */
    private void wakePending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Iterator<Transfer> it = pending.iterator(); it.hasNext();) {
            Transfer t = it.next();
            if (cache.canProceed(t.key())) {
                it.remove();
                t.runSoon();
                return;
            }
        }
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
        if (option == null) {
            return CurlMCode.CURLM_UNKNOWN_OPTION;
        }
        if (value != null && !option.type().isInstance(value)) {
            return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
        }
        if (option == CURLMOPT_SOCKETFUNCTION) {
            socketFunction = (CurlSocketFunction) value;
        } else if (option == CURLMOPT_SOCKETDATA) {
            socketData = value;
        } else if (option == CURLMOPT_TIMERFUNCTION) {
            timerFunction = (CurlTimerFunction) value;
        } else if (option == CURLMOPT_TIMERDATA) {
            timerData = value;
        } else if (option == CURLMOPT_MAXCONNECTS || option == CURLMOPT_MAX_HOST_CONNECTIONS
                || option == CURLMOPT_MAX_TOTAL_CONNECTIONS) {
            long v = value == null ? 0 : (Long) value;
            if (v < 0) {
                return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
            }
            if (option == CURLMOPT_MAXCONNECTS) {
                cache.maxConnects = v;
            } else if (option == CURLMOPT_MAX_HOST_CONNECTIONS) {
                cache.maxHost = v;
            } else {
                cache.maxTotal = v;
            }
        } else if (option == CURLMOPT_PIPELINING) {
            long v = value == null ? 0 : (Long) value;
            if (v < 0 || v > 3) {
                return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
            }
            // HTTP/1.1 pipelining is gone from libcurl too; CURLPIPE_MULTIPLEX shares HTTP/2 connections
            multiplex = (v & 2) != 0;
        } else if (option == CURLMOPT_MAX_CONCURRENT_STREAMS) {
            long v = value == null ? 100 : (Long) value;
            // libcurl takes anything outside 1..2^31-1 as its default
            maxConcurrentStreams = v < 1 || v > Integer.MAX_VALUE ? 100 : (int) v;
        } else {
            return CurlMCode.CURLM_UNKNOWN_OPTION;
        }
        return CurlMCode.CURLM_OK;
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
            long before = lastReported;
            int r = updateTimer(false);
            if (r != 0) {
                // Contract rule 5: the handle is left not added.
                abortCause = null;
                heap.remove(t);
                added.remove(t);
                running--;
                h.multi = null;
                h.transfer = null;
                lastReported = before;
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
            heap.remove(t);
            if (t.messageQueued) {
                messages.remove(t);
                t.messageQueued = false;
            }
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
            boolean fired = runExpired();
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
            for (SocketEntry s : sockets) {
                if (s.user instanceof Connection conn && conn.h2 != null) {
                    conn.h2.readable(); // no readiness is known here: every session reads again
                }
            }
            runExpired();
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
        if (s == null || s.engine != this || s.closed || s.announced == 0) {
            return CurlMCode.CURLM_BAD_SOCKET;
        }
        s.socketp = socketp;
        return CurlMCode.CURLM_OK;
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
        out[0] = timeoutMillis();
        return CurlMCode.CURLM_OK;
    }

    /** The next message, or null; also null from a closed multi. */
    public Transfer infoRead() {
        if (check(ApiCall.INFO_READ) != null) {
            return null;
        }
        Transfer t = messages.pollFirst();
        if (t != null) {
            t.messageQueued = false;
        }
        return t;
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
        try {
            Selector sel = selector();
            int watched = 0;
            for (SocketEntry e : sockets) {
                int want = e.retiring || e.closed ? 0 : e.wanted();
                int ops = 0;
                if ((want & CURL_POLL_IN) != 0) {
                    ops |= SelectionKey.OP_READ;
                }
                if ((want & CURL_POLL_OUT) != 0) {
                    ops |= e.connectPending ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
                }
                ops &= e.channel.validOps();
                if (ops != 0) {
                    watched++;
                }
                if (e.pollKey == null || !e.pollKey.isValid()) {
                    if (ops != 0) {
                        e.pollKey = e.channel.register(sel, ops);
                    }
                } else {
                    e.pollKey.interestOps(ops);
                }
            }
            long wait = timeoutMs;
            long t = timeoutMillis();
            if (t >= 0 && t < wait) {
                wait = t;
            }
            if (!wakeable && watched == 0) {
                return CurlMCode.CURLM_OK;
            }
            if (wait == 0) {
                sel.selectNow();
            } else {
                sel.select(wait);
            }
            sel.selectedKeys().clear();
            return CurlMCode.CURLM_OK;
        } catch (IOException | RuntimeException e) {
            return CurlMCode.CURLM_UNRECOVERABLE_POLL;
        }
    }

    private Selector selector() throws IOException {
        Selector s = pollSelector;
        if (s == null) {
            synchronized (selectorLock) {
                s = pollSelector;
                if (s == null) {
                    s = Selector.open();
                    pollSelector = s;
                }
            }
        }
        return s;
    }

    /** {@code curl_multi_wakeup}: any thread. */
    public CurlMCode wakeup() {
        if (closed) {
            return CurlMCode.CURLM_BAD_HANDLE;
        }
        try {
            selector().wakeup();
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
            CurlEasy internal = internalEasy();
            for (SocketEntry e : sockets) {
                e.easy = internal; // connection shutdown is told through the internal handle (rule 13)
            }
            for (Transfer t : added.snapshot()) {
                t.abandon();
                updatePollset(t);
                t.easy.multi = null;
                t.easy.transfer = null;
            }
            added.clear();
            messages.clear();
            pending.clear();
            running = 0;
            for (Connection idle : cache.drainIdle()) {
                idle.closed = true;
                idle.filter.shutdown();
            }
            for (SocketEntry e : sockets.snapshot()) {
                e.easy = internal;
                retire(e);
            }
            flushSockets();
            resolver.close();
            Selector s = pollSelector;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing more to release
                }
            }
            closed = true;
            return CurlMCode.CURLM_OK;
        } finally {
            apiDepth--;
        }
    }

    // ---- for tests and diagnostics ----

    /** How many channels the engine has open now. */
    public int openChannels() {
        int n = 0;
        for (SocketEntry e : sockets) {
            if (e.channel.isOpen()) {
                n++;
            }
        }
        return n;
    }

    public int pendingCount() {
        return pending.size();
    }
}
