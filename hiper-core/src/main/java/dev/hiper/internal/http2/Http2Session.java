package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.io.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP/2 session of one connection (RFC 9113): the connection-level state every stream on it
 * shares. It writes the client preface and this end's SETTINGS, answers the peer's SETTINGS and
 * PING, keeps both flow-control windows of the connection and of each stream, reads frames for
 * every stream and queues what each one got on its {@link Http2Stream} ({@link Http2Inbound}),
 * waking that stream's transfer. It never calls the application: the transfers do, from their
 * own runs, through
 * {@link Http2StreamCodec}.
 *
 * <p>Lifecycle: 1. made on a connection whose ALPN agreed on {@code h2} (or an {@code http://}
 * connection with prior knowledge), its preface and SETTINGS queued; 2. {@link #open} a stream
 * per exchange, up to {@link Connection#maxExchanges} at once; 3. whichever transfer runs
 * {@link #pump}s the connection: frames are read and dispatched, queued frames written; 4. a
 * GOAWAY or a connection error makes it {@link #usable() unusable}: no new streams, and the
 * connection closes when the last transfer leaves it.
 *
 * <p>Windows (RFC 9113 section 6.9): each stream may receive {@link #STREAM_WINDOW} bytes and
 * the connection {@link #CONNECTION_WINDOW} before this end credits more; credit is given back
 * only as the application takes the bytes ({@link #consumed}), so a paused stream stops its
 * sender once its window is full while the others go on.
 */
public final class Http2Session {
    /** The receive window of each stream: what a paused transfer may hold in memory. */
    public static final int STREAM_WINDOW = 1 << 20;
    /** The receive window of the connection, shared by its streams: the most held in all. */
    public static final int CONNECTION_WINDOW = 16 << 20;
    /** The window every stream and the connection start with (RFC 9113 section 6.9.2). */
    static final int DEFAULT_WINDOW = 65_535;
    static final long MAX_WINDOW = 0x7fff_ffffL;
    private static final int READS_PER_PUMP = 8;

    final Connection conn;
    final ConnectionCache cache;
    private final Http2Limits limits;
    final Http2Settings ours;
    private final Http2Output output;
    final Http2FrameWriter writer;
    final HpackEncoder encoder;
    final Http2FrameReader reader;
    final int localMaxStreams;
    final Map<Integer, Http2Stream> streams = new HashMap<>();

    int nextStreamId = 1;
    long connSendWindow = DEFAULT_WINDOW;
    long connRecvWindow = CONNECTION_WINDOW;
    private long connUnacked;
    long peerInitialWindow = DEFAULT_WINDOW;
    /** A GOAWAY arrived: no new streams. */
    boolean goAway;
    /** The most streams this connection opens (learnt from earlier GOAWAYs of its origin). */
    private final int budget;
    /** The connection failed or its input ended: nothing more is read or written. */
    private boolean dead;
    /**
     * A read found nothing (the socket said EAGAIN): the streams woken after it in the same pass
     * do not read again, until the socket is reported readable ({@link #readable}). Each woken
     * stream pumps the session, so without this one readiness cost a failed read per stream.
     * {@code drains} counts such reads: for the streams the application reads, see {@link Http2Tunnel}.
     */
    boolean drained;
    long drains;
    /** SETTINGS and GOAWAY frames received: {@link #readAll} tells from it when every exchange runs. */
    long connectionFrames;
    /** Set by a listener callback that found a connection error; thrown after the frame. */
    Http2Exception pendingError;
    /** What the peer said about extended CONNECT (RFC 8441). */
    final Http2ConnectProtocol connectProtocol = new Http2ConnectProtocol();
    /** The stream whose transfer pumps now (it is not woken: it reads its events right after). */
    private Http2Stream pumping;

    /**
     * A session on {@code conn}, its preface, SETTINGS and the connection window's first credit
     * queued. {@code localMaxStreams} is {@code CURLMOPT_MAX_CONCURRENT_STREAMS} (1 when the
     * multi does not multiplex); {@code share}: other transfers may use the connection;
     * {@code batch}: the engine's, where frames queued inside one of its calls wait for its end.
     */
    public Http2Session(Connection conn, ConnectionCache cache, Clock clock, int localMaxStreams, boolean share,
            WriteBatch batch) {
        this.conn = conn;
        this.output = new Http2Output(conn, batch);
        this.cache = cache;
        this.limits = Http2Limits.DEFAULTS;
        this.localMaxStreams = Math.max(1, localMaxStreams);
        this.budget = cache.streamBudget(conn.key);
        this.encoder = new HpackEncoder(HpackEncoder.DEFAULT_TABLE_SIZE);
        this.writer = new Http2FrameWriter(output.buffer(), encoder);
        this.reader = new Http2FrameReader(limits, new Http2Inbound(this), clock, false);
        this.ours = localSettings(limits);
        writer.preface();
        writer.settings(ours);
        writer.windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW);
        // RFC 9113 section 5.1.2: until the peer's SETTINGS say, 100 is a safe guess (libcurl's too)
        conn.maxExchanges = Math.min(100, this.localMaxStreams);
        conn.h2 = this;
        if (share && this.localMaxStreams > 1) {
            cache.share(conn);
        }
    }

    private static Http2Settings localSettings(Http2Limits limits) {
        return limits.localSettings().set(Http2Settings.INITIAL_WINDOW_SIZE, STREAM_WINDOW);
    }

    /** The {@code HTTP2-Settings} value of an {@code Upgrade: h2c} request ({@link Http2UpgradeSettings}). */
    public static String upgradeSettings(int maxStreams) {
        return Http2UpgradeSettings.value(maxStreams);
    }

    /**
     * After a 101 to {@code Upgrade: h2c}: the request that went over HTTP/1.1 is stream 1,
     * half-closed on this side (RFC 7540 section 3.2); {@code bytes} are the frames that came
     * with the 101, read now.
     */
    Http2Stream openUpgraded(ExchangeCodec.Listener listener, FilterCaller caller, ByteBuffer bytes) {
        Http2Stream s = new Http2Stream(1, listener, peerInitialWindow, STREAM_WINDOW);
        s.localClosed = true;
        streams.put(1, s);
        nextStreamId = 3;
        if (bytes.hasRemaining()) {
            pumping = s;
            try {
                reader.feed(bytes);
                if (pendingError != null) {
                    throw pendingError;
                }
            } catch (Http2Exception e) {
                connectionError(e, caller);
            } finally {
                pumping = null;
            }
        }
        return s;
    }

    /** Whether new streams may start here: no GOAWAY, no failure. */
    public boolean usable() {
        return !goAway && !dead && !conn.closed && nextStreamId > 0 && (nextStreamId - 1) / 2 < budget;
    }

    /** Open streams. */
    public int streamCount() {
        return streams.size();
    }

    /**
     * An idle connection is about to be reused: reads what the peer sent meanwhile (a PING, a
     * GOAWAY, its close) and answers whether new streams may start.
     */
    public boolean idleCheck(FilterCaller caller, ByteBuffer readBuffer) {
        pump(caller, readBuffer, null);
        return usable();
    }

    // ---- streams ----

    /** Opens a stream: its HEADERS queued now, so stream ids go out in order (section 5.1.1). */
    Http2Stream open(ExchangeCodec.Listener listener, List<HeaderField> fields, boolean endStream) {
        int id = nextStreamId;
        nextStreamId += 2; // after 2^31 - 1 it turns negative: the session takes no more streams
        if ((nextStreamId - 1) / 2 >= budget) {
            unshare(); // its budget is spent: it finishes its streams and closes
        }
        Http2Stream s = new Http2Stream(id, listener, peerInitialWindow, STREAM_WINDOW);
        streams.put(id, s);
        writer.headers(id, fields, endStream);
        s.localClosed = endStream;
        return s;
    }

    /** How many body bytes may go on {@code s} now: the smaller of its window and the connection's. */
    long sendable(Http2Stream s) {
        return Math.max(0, Math.min(s.sendWindow, connSendWindow));
    }

    /** Queues a DATA frame (or several, at the peer's frame size) of {@code data}, within {@link #sendable}. */
    void data(Http2Stream s, ByteBuffer data, boolean endStream) {
        int n = data.remaining();
        writer.data(s.id, data, endStream);
        s.sendWindow -= n;
        connSendWindow -= n;
        if (endStream) {
            s.localClosed = true;
        }
    }

    /** The application took {@code n} body bytes of {@code s}: credit them back when half a window is used. */
    void consumed(Http2Stream s, int n) {
        if (dead || n <= 0) {
            return;
        }
        if (s != null && !s.remoteClosed && !s.reset) {
            s.unacked += n;
            if (s.unacked >= STREAM_WINDOW / 2) {
                writer.windowUpdate(s.id, (int) s.unacked);
                s.recvWindow += s.unacked;
                s.unacked = 0;
            }
        }
        connUnacked += n;
        if (connUnacked >= CONNECTION_WINDOW / 2) {
            writer.windowUpdate(0, (int) connUnacked);
            connRecvWindow += connUnacked;
            connUnacked = 0;
        }
    }

    /** The exchange on {@code s} ended: reset it if it is still open, forget it. */
    void close(Http2Stream s, FilterCaller caller) {
        if (streams.remove(s.id) == null) {
            return;
        }
        if (!s.finished() && !dead) {
            writer.rstStream(s.id, Http2ErrorCode.CANCEL);
            s.reset = true;
        }
        // what it still held counts as taken, or the connection's window would shrink for good
        long held = 0;
        for (Http2Stream.Item i : s.items) {
            if (i.body != null) {
                held += i.body.remaining();
            }
        }
        s.items.clear();
        consumed(null, (int) held);
        try {
            flushSoon(caller);
        } catch (IOException e) {
            die(CurlCode.CURLE_SEND_ERROR, "Send failure: " + e.getMessage());
        }
    }

    /** How many bytes of frames wait to be written. */
    long pendingOutput() {
        return output.pending();
    }

    /**
     * Whether frames wait for the socket to take them (a write took less than was queued, or TLS
     * kept part of a record). Frames waiting for the end of the engine's call need no writability.
     */
    boolean hasOutput() {
        return !dead && output.blocked();
    }

    // ---- I/O ----

    /**
     * Writes queued frames, reads what the connection has and dispatches it, writes the answers.
     * {@code current} is the stream of the calling transfer (not woken; it looks right after).
     */
    void pump(FilterCaller caller, ByteBuffer buf, Http2Stream current) {
        if (dead) {
            return;
        }
        pumping = current;
        try {
            flushSoon(caller);
            for (int reads = 0; reads < READS_PER_PUMP && !dead && !drained; reads++) {
                buf.clear();
                int n = conn.filter.read(caller, buf);
                if (n == 0) {
                    drained = true;
                    drains++;
                    break;
                }
                if (n < 0) {
                    inputEnded();
                    return;
                }
                buf.flip();
                reader.feed(buf);
                if (pendingError != null) {
                    throw pendingError;
                }
                if (conn.filter.inputDrained()) {
                    drained = true; // the read took all the socket had: another would find nothing
                    drains++;
                    break;
                }
                if (reads == READS_PER_PUMP - 1 && current != null) {
                    current.listener.runSoon(); // more may wait: come back after the others
                }
            }
            flushSoon(caller); // the answers (SETTINGS and PING acknowledgements, credit)
        } catch (Http2Exception e) {
            connectionError(e, caller);
        } catch (IOException e) {
            die(CurlCode.CURLE_HTTP2, "HTTP/2 connection failed: " + e.getMessage());
        } finally {
            pumping = null;
        }
    }

    /**
     * The socket was reported readable: reads and dispatches what came for the whole connection,
     * which wakes only the streams its frames concern. Returns whether every exchange on the
     * connection should run as well: when the session ended or stopped reading with input left,
     * or when SETTINGS or a GOAWAY came, which concern exchanges that have no stream yet.
     */
    public boolean readAll(FilterCaller caller, ByteBuffer buf) {
        readable();
        long before = connectionFrames;
        pump(caller, buf, null);
        return dead || !drained || connectionFrames != before;
    }

    /** Whether the connection's filters hold input the socket will not signal (decrypted TLS data). */
    boolean inputBuffered() {
        return !dead && conn.filter.hasBufferedInput();
    }

    /** The socket was reported readable: the next pump reads. */
    public void readable() {
        drained = false;
    }

    /** Writes what is queued; false when the connection takes no more now. */
    boolean flush(FilterCaller caller) throws IOException {
        return !dead && output.flush(caller);
    }

    /**
     * Writes what is queued, or, inside an engine call, lets it wait for the call's end with what
     * the connection's other streams queue ({@link WriteBatch}); at once when a blocked write
     * waits for the socket, or outside a call.
     */
    void flushSoon(FilterCaller caller) throws IOException {
        if (!dead) {
            output.flushSoon(caller, this);
        }
    }

    /**
     * The engine's call ends: what its streams queued goes in one write. When the socket takes
     * less, the streams run again and ask for its writability ({@link #hasOutput}).
     */
    void flushBatched() {
        FilterCaller caller = output.takeBatched();
        if (dead || conn.closed) {
            return;
        }
        try {
            if (!flush(caller)) {
                for (Http2Stream s : streams.values()) {
                    if (!s.detached) {
                        s.listener.runSoon();
                    }
                }
            }
        } catch (IOException e) {
            die(CurlCode.CURLE_SEND_ERROR, "Send failure: " + e.getMessage());
        }
    }

    private void inputEnded() {
        dead = true;
        unshare();
        for (Http2Stream s : streams.values()) {
            if (!s.remoteClosed && !s.reset) {
                s.cutOff = true;
                wake(s);
            }
        }
    }

    private void connectionError(Http2Exception e, FilterCaller caller) {
        if (!dead) {
            writer.goAway(lastPeerStream(), e.error(), new byte[0]);
            try {
                flush(caller);
            } catch (IOException ignored) {
                // the connection is over either way
            }
        }
        die(CurlCode.CURLE_HTTP2, "HTTP/2 connection error: " + e.getMessage());
    }

    private static int lastPeerStream() {
        return 0; // the server opens no streams here (push is off)
    }

    /** Why the connection is over (for a stream not yet opened); null while it is not. */
    CurlCode failure;
    String failureMessage;

    /** The connection is over: every stream fails with {@code code}. */
    private void die(CurlCode code, String message) {
        dead = true;
        if (failure == null) {
            failure = code;
            failureMessage = message;
        }
        unshare();
        for (Http2Stream s : new ArrayList<>(streams.values())) {
            s.fail(code, message);
            wake(s);
        }
    }

    void unshare() {
        cache.unshare(conn);
    }

    void wake(Http2Stream s) {
        if (s != pumping && !s.detached) {
            s.listener.runSoon();
        }
    }
}
