package dev.hiper.internal.conn.tls;

import static dev.hiper.curl.Curl.CURL_POLL_IN;
import static dev.hiper.curl.Curl.CURL_POLL_OUT;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.conn.FilterException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over the filter below, on a {@link SSLEngine}, never blocking.
 *
 * <p>Lifecycle: 1. made by {@link TlsContexts#open} once TCP is connected; 2. {@link #connect()}
 * drives the handshake, a step each time the socket is ready, running the engine's delegated
 * tasks inline, and at its end checks the host name and a pinned key; 3. {@link #read} and
 * {@link #write} carry application data, and take care on the way of what the peer sends
 * besides (TLS 1.3 session tickets and key updates, a TLS 1.2 renegotiation); 4.
 * {@link #shutdown()} sends close_notify; 5. the engine closes the channel.
 *
 * <p>Buffers: {@code netIn} holds encrypted bytes read and not yet decrypted, {@code netOut}
 * encrypted bytes not yet written (both kept in read mode: position to limit is the content).
 * Records are decrypted straight into the caller's buffer when it has room for a whole record;
 * otherwise into {@code appIn}, which the next reads drain first. {@link #hasBufferedInput()}
 * is true exactly when a read would return something without the socket being readable again
 * (contract rule 16): decrypted bytes waiting, a whole record waiting, or an end of stream not
 * yet reported. {@link #socketInterest} turns what the transfer wants into what the engine
 * needs: a handshake waiting for the peer reads, even if the transfer only wants to write.
 *
 * <p>What the filter learns of its peer (the chain's verdict, ALPN, the host name and pin checks)
 * and the wording of its failures are its {@link PeerCheck}'s.
 */
public final class TlsFilter implements ConnectionFilter {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** TLS record header: type, version (2), length (2). */
    private static final int RECORD_HEADER = 5;
    /** Steps of one handshake call; a real handshake takes a few dozen. */
    private static final int MAX_HANDSHAKE_STEPS = 10_000;

    private final TlsContext context;
    private final ConnectionFilter next;
    private final SSLEngine engine;
    private final String host;
    private final int port;
    /** The peer's session cache entry this connection uses (see {@link TlsContext#SLOTS}). */
    private final int slot;
    private boolean sessionStored;
    /** Where {@link #connect()} without a caller traces (set by whoever opened the filter), or null. */
    private final Consumer<String> trace;
    /** The transfer of the {@link #connect(FilterCaller)} call in progress; null between calls. */
    private FilterCaller caller;

    /** netIn, netOut and appIn (see {@link TlsBuffers}). */
    private final TlsBuffers buf;

    private boolean started;
    private boolean established;
    private boolean eof;
    private boolean eofReported;
    /** The last read ended on a read of the socket that took all it had ({@link #inputDrained}). */
    private boolean drainedByRead;
    /** The chain's verdict, the checks after the handshake, the failures' wording. */
    private final PeerCheck check;
    /** Where the first handshake's delegated tasks run, or null: on the calling thread. */
    private Offloader offloader;
    /** Delegated tasks run elsewhere now; the handshake waits for them. */
    private boolean tasksRunning;

    /**
     * Runs a handshake's delegated tasks (key agreement, the certificate chain's checks, the
     * server's signature) away from the engine thread, and tells the filter on the engine thread
     * when they are done.
     */
    public interface Offloader {
        /** Runs {@code tasks} elsewhere, then {@code done} on the engine thread. */
        void submit(Runnable tasks, Runnable done) throws IOException;
    }

    /**
     * The first handshake's delegated tasks go to {@code o} (null: they run inline, as they do
     * for a context the application made, whose trust managers are its code, and for any later
     * handshake of the connection).
     */
    public void offloadTasks(Offloader o) {
        offloader = context.custom ? null : o;
    }

    TlsFilter(TlsContext context, ConnectionFilter next, String host, int port, Consumer<String> trace) {
        this.context = context;
        this.next = next;
        this.host = host;
        this.port = port;
        this.trace = trace;
        this.slot = context.takeSlot(host, port);
        this.engine = context.engine(host, port, slot);
        this.buf = new TlsBuffers(engine, next);
        this.check = new PeerCheck(this, context, engine, host, port);
    }

    // ---- the handshake ----

    @Override
    public boolean connect() throws IOException {
        return connect(trace == null ? FilterCaller.NONE : trace::accept);
    }

    /** Moves the handshake on; what it has to say goes to {@code who}, the transfer it runs for. */
    @Override
    public boolean connect(FilterCaller who) throws IOException {
        caller = who;
        try {
            return handshakeStep();
        } finally {
            caller = null;
        }
    }

    private boolean handshakeStep() throws IOException {
        if (established) {
            return true;
        }
        if (!started) {
            started = true;
            check.traceSetup();
            context.verifier.register(engine, this);
            engine.beginHandshake();
        }
        try {
            if (!handshake()) {
                return false;
            }
        } catch (SSLException e) {
            throw handshakeFailure(e);
        } catch (FilterException e) {
            context.verifier.unregister(engine);
            throw e;
        } catch (IOException e) {
            SSLException alert = alertInSocket();
            if (alert != null) {
                throw handshakeFailure(alert);
            }
            context.verifier.unregister(engine);
            throw new FilterException(CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS connect error to " + host + ":" + port
                    + ": " + ClientIdentity.reason(e), e);
        }
        context.verifier.unregister(engine);
        established = true;
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            storedSession(true); // a TLS 1.2 session is cached as the handshake ends, and resumes many times
        }
        check.checkPeer();
        return true;
    }

    /**
     * Moves a handshake (the first one, or one the peer started later) as far as the socket lets
     * it. True when none is in progress any more. Application data that arrives meanwhile goes
     * to {@code appIn}.
     */
    private boolean handshake() throws IOException {
        for (int step = 0;; step++) {
            if (step == MAX_HANDSHAKE_STEPS) {
                // every step sends, receives or computes something; an engine that does none
                // of these must not hold the engine's thread
                throw new SSLException("the TLS handshake makes no progress (" + engine.getHandshakeStatus() + ")");
            }
            if (tasksRunning) {
                return false; // the wake channel brings the transfer back once they are done
            }
            boolean flushed = flush();
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (!flushed && hs != HandshakeStatus.NEED_UNWRAP && hs != HandshakeStatus.NEED_TASK) {
                return false; // what the engine makes next must wait for room in the socket
            }
            switch (hs) {
                case NOT_HANDSHAKING:
                case FINISHED:
                    return true;
                case NEED_TASK:
                    if (offloader != null && !established) {
                        runTasksElsewhere();
                        return false;
                    }
                    runTasks();
                    break;
                case NEED_WRAP:
                    SSLEngineResult w = buf.wrap(EMPTY);
                    if (w.getStatus() == Status.CLOSED && w.bytesProduced() == 0) {
                        throw new SSLException("the TLS connection was closed during a handshake");
                    }
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    SSLEngineResult r = buf.unwrapToAppIn();
                    if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
                        int n = buf.fill();
                        if (n == 0) {
                            return false;
                        }
                        if (n < 0) {
                            eof = true;
                            throw new FilterException(established ? CurlCode.CURLE_RECV_ERROR
                                    : CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS connect error: " + host + ":" + port
                                    + " closed the connection during the TLS handshake");
                        }
                    } else if (r.getStatus() == Status.CLOSED) {
                        eof = true;
                        throw new SSLException("the peer closed the TLS connection during a handshake");
                    }
                    break;
                default:
                    throw new IllegalStateException(hs.toString());
            }
        }
    }

    private void runTasksElsewhere() throws IOException {
        tasksRunning = true;
        SSLEngine e = engine;
        offloader.submit(() -> {
            Runnable task;
            while ((task = e.getDelegatedTask()) != null) {
                task.run(); // a task's failure is thrown by the engine's next wrap or unwrap
            }
        }, () -> tasksRunning = false);
    }

    @Override
    public boolean awaitingWork() {
        return tasksRunning || next.awaitingWork();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Called by the {@link PeerVerifier} during a full handshake with the chain's verdict. */
    void peerEvaluated(PeerVerifier.Outcome o, boolean enforced) {
        check.evaluated(o, enforced);
    }

    /** Called by the key manager when the server asks for a client certificate. */
    void clientCertificateRequested(boolean given) {
        check.certificateRequested(given);
    }

    private FilterException handshakeFailure(SSLException e) {
        context.verifier.unregister(engine);
        sendPendingAlert();
        return check.handshakeFailure(e);
    }

    private void storedSession(boolean reusable) {
        if (!sessionStored) {
            sessionStored = true;
            context.sessionReady(host, port, slot, reusable);
        }
    }

    // ---- data ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        buf.borrow();
        try {
            return readRecords(dst);
        } finally {
            buf.giveBack();
        }
    }

    private int readRecords(ByteBuffer dst) throws IOException {
        drainedByRead = false;
        if (buf.hasAppIn()) {
            return buf.drain(dst);
        }
        if (eof) {
            eofReported = true;
            return -1;
        }
        try {
            if (handshaking() && !handshake()) {
                return buf.hasAppIn() ? buf.drain(dst) : 0;
            }
            if (buf.hasAppIn()) {
                return buf.drain(dst);
            }
            flush(); // whatever is pending (an answer to a key update) leaves with the next read
            int total = 0;
            boolean viaAppIn = false;
            boolean filledShort = false; // this call's last read of the socket took all it had
            for (;;) {
                boolean direct = !viaAppIn && dst.remaining() >= engine.getSession().getApplicationBufferSize();
                SSLEngineResult r = direct ? engine.unwrap(buf.netIn, dst) : buf.unwrapToAppIn();
                switch (r.getStatus()) {
                    case OK:
                        if (r.bytesProduced() == 0 && r.bytesConsumed() > 0 && !handshaking()) {
                            storedSession(false); // a post-handshake message: in TLS 1.3, a session ticket
                        }
                        if (!direct && buf.appIn.hasRemaining()) {
                            return total + buf.drain(dst);
                        }
                        total += r.bytesProduced();
                        if (handshaking() && !handshake()) {
                            // a renegotiation waits for the peer; data it let through is kept
                            return buf.hasAppIn() ? total + buf.drain(dst) : total;
                        }
                        break;
                    case BUFFER_OVERFLOW:
                        viaAppIn = true; // the record is larger than the room left: decrypt aside
                        break;
                    case BUFFER_UNDERFLOW:
                        if (filledShort) {
                            drainedByRead = true; // no whole record is left, and the socket had no more
                            return total;
                        }
                        if (total > 0 && dst.remaining() < engine.getSession().getApplicationBufferSize()) {
                            return total;
                        }
                        int n = buf.fill();
                        filledShort = next.inputDrained();
                        if (n > 0) {
                            break;
                        }
                        if (n < 0) {
                            // end of stream without close_notify: the HTTP layer decides whether
                            // the body was complete (a length or chunked framing says so)
                            eof = true;
                            if (total > 0) {
                                return total;
                            }
                            eofReported = true;
                            return -1;
                        }
                        drainedByRead = true;
                        return total;
                    case CLOSED:
                        eof = true;
                        answerClose();
                        if (total > 0) {
                            return total;
                        }
                        eofReported = true;
                        return -1;
                    default:
                        throw new IllegalStateException(r.getStatus().toString());
                }
            }
        } catch (SSLException e) {
            sendPendingAlert();
            throw check.alertFailure(e, CurlCode.CURLE_RECV_ERROR, "TLS receive failure");
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        buf.borrow();
        try {
            return writeRecords(src);
        } finally {
            buf.giveBack();
        }
    }

    private int writeRecords(ByteBuffer src) throws IOException {
        try {
            if (handshaking() && !handshake()) {
                return 0;
            }
            int taken = 0;
            while (src.hasRemaining()) {
                if (!flush()) {
                    break;
                }
                SSLEngineResult r = buf.wrap(src);
                taken += r.bytesConsumed();
                if (r.getStatus() == Status.CLOSED) {
                    throw new SSLException("the TLS connection is closed");
                }
                if (handshaking() && !handshake()) {
                    break;
                }
                if (r.bytesConsumed() == 0 && !handshaking()) {
                    break;
                }
            }
            flush();
            return taken;
        } catch (SSLException e) {
            sendPendingAlert();
            throw check.alertFailure(e, CurlCode.CURLE_SEND_ERROR, "TLS send failure");
        } catch (IOException e) {
            SSLException alert = alertInSocket();
            if (alert != null) {
                throw check.alertFailure(alert, CurlCode.CURLE_SEND_ERROR, "TLS send failure");
            }
            throw e;
        }
    }

    /**
     * After a socket error while writing (the peer closed): the alert the peer sent before it
     * closed, if it is still to be read, since it names the cause better than "broken pipe".
     */
    private SSLException alertInSocket() {
        try {
            for (int i = 0; i < 16; i++) {
                SSLEngineResult r = buf.unwrapToAppIn();
                if (r.getStatus() == Status.CLOSED) {
                    return null;
                }
                if (r.getStatus() == Status.BUFFER_UNDERFLOW && buf.fill() <= 0) {
                    return null;
                }
            }
        } catch (SSLException alert) {
            return alert;
        } catch (IOException | RuntimeException ignored) {
            // nothing more to learn
        }
        return null;
    }

    @Override
    public boolean inputDrained() {
        return drainedByRead;
    }

    @Override
    public boolean holdsOutput() {
        return buf.netOut.hasRemaining() || next.holdsOutput();
    }

    @Override
    public boolean hasBufferedInput() {
        if (buf.hasAppIn() || eof && !eofReported || next.hasBufferedInput()) {
            return true;
        }
        if (buf.netOut.hasRemaining() && handshaking()) {
            return false; // a handshake waits for room to write: that readiness brings the transfer back
        }
        int avail = buf.netIn.remaining();
        if (avail < RECORD_HEADER) {
            return false;
        }
        int p = buf.netIn.position();
        int len = ((buf.netIn.get(p + 3) & 0xff) << 8) | (buf.netIn.get(p + 4) & 0xff);
        return avail >= RECORD_HEADER + len;
    }

    @Override
    public int socketInterest(int wanted) {
        if (tasksRunning) {
            return 0; // nothing the socket does moves the handshake until the tasks are done
        }
        int interest = wanted;
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
            // nothing moves until the peer speaks: writing would only spin
            interest = (interest & ~CURL_POLL_OUT) | CURL_POLL_IN;
        }
        if (buf.netOut.hasRemaining()) {
            interest |= CURL_POLL_OUT;
        }
        return next.socketInterest(interest); // a TLS layer below (an HTTPS proxy) has needs of its own
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public void leanBuffers() {
        buf.lean();
        next.leanBuffers();
    }

    @Override
    public String alpn() {
        return check.alpn;
    }

    @Override
    public long sslVerifyResult() {
        return check.verifyResult;
    }

    @Override
    public SSLSession sslSession() {
        return established ? engine.getSession() : null;
    }

    /** Whether the session was resumed rather than negotiated in full (known once connected). */
    public boolean resumed() {
        return established && !check.fullHandshake;
    }

    @Override
    public void shutdown() {
        if (!sessionStored) {
            sessionStored = true;
            context.slotReleased(host, port, slot);
        }
        if (!started) {
            return;
        }
        context.verifier.unregister(engine);
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (!flush()) {
                    return;
                }
                if (buf.wrap(EMPTY).bytesProduced() == 0) {
                    break;
                }
            }
            flush();
        } catch (IOException | RuntimeException ignored) {
            // goodbye is best effort: the channel closes next whatever happens
        }
    }

    @Override
    public void close() {
        context.verifier.unregister(engine);
        next.close();
    }

    // ---- buffers ----

    private boolean handshaking() {
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
    }

    /** Writes what netOut holds; true when it is empty. */
    private boolean flush() throws IOException {
        while (buf.netOut.hasRemaining()) {
            if (next.write(buf.netOut) == 0) {
                return false;
            }
        }
        return next.flushHeld(FilterCaller.NONE); // a layer below (TLS to an HTTPS proxy) holds bytes of its own
    }

    /** After close_notify from the peer: answer it if the engine wants to (TLS 1.2), best effort. */
    private void answerClose() {
        try {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && flush()) {
                buf.wrap(EMPTY);
                flush();
            }
        } catch (IOException | RuntimeException ignored) {
            // the connection is going away anyway
        }
    }

    /** A fatal error leaves an alert for the peer in the engine: send it if the socket takes it. */
    private void sendPendingAlert() {
        try {
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                if (!flush() || buf.wrap(EMPTY).bytesProduced() == 0) {
                    break;
                }
            }
            flush();
        } catch (IOException | RuntimeException ignored) {
            // the transfer fails with the original error
        }
    }

    void trace(String line) {
        if (caller != null) {
            caller.trace(line);
        }
    }
}
