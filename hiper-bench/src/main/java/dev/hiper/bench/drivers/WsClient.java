package dev.hiper.bench.drivers;

import dev.hiper.bench.Driver;
import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every WebSocket driver shares: the sessions of a {@code ws-} row and what each mode does
 * with them. A client opens sessions to {@link Workload#url} ({@link #connect}) and reports what
 * happens on them ({@link #opened}, {@link #binary}, {@link #pong}, {@link #closed}); this class
 * decides what to send ({@link #send}, {@link #sendText}, {@link #ping}).
 *
 * <ul>
 *   <li>{@code echo}: one slot a session; it sends a message of {@link Workload#message} bytes and,
 *       when the whole echo is back, counts one round trip ({@code run.succeeded()}) and sends the
 *       next, until the run says stop (the timed cell of the HTTP rows, messages for requests);
 *   <li>{@code stream}: one session; {@link #stream} asks the server for N binary messages and
 *       waits for their last byte;
 *   <li>{@code idle}: {@link Workload#concurrency} sessions, opened {@link #OPEN_WINDOW} at a time;
 *       {@link #pingTick} pings a 300th of them each tick, so every session every 30 s at a tick
 *       of 100 ms.
 * </ul>
 * Methods a client implements may be called from any thread; the callbacks may come from any
 * thread, but those of one session one at a time.
 */
public abstract class WsClient implements Driver.Client {
    /** Upgrades in flight at most while opening sessions. */
    public static final int OPEN_WINDOW = 256;
    /** Ticks in a ping period: every session is pinged once in this many ticks. */
    public static final int PING_TICKS = 300;

    protected final Workload w;
    protected Run run;
    private final int sessions;
    private final ByteBuffer payload;
    private final int[] got;
    /** 1 while a session holds an echo slot. */
    private final AtomicIntegerArray inSlot;
    private final AtomicIntegerArray open;
    private final AtomicInteger nextToOpen = new AtomicInteger();
    /** While only the first session may open ({@link #startFirst}). */
    private volatile boolean holdBack;
    private final CountDownLatch firstDone = new CountDownLatch(1);
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicInteger openFailures = new AtomicInteger();
    private final CountDownLatch allOpen;
    private final LongAdder pings = new LongAdder();
    private final LongAdder pongs = new LongAdder();
    private final AtomicLong streamLeft = new AtomicLong();
    private volatile CountDownLatch streamDone;

    protected WsClient(Workload w) {
        this.w = w;
        sessions = "stream".equals(w.ws) ? 1 : w.concurrency;
        byte[] b = new byte[w.message];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        payload = ByteBuffer.wrap(b).asReadOnlyBuffer();
        got = new int[sessions];
        inSlot = new AtomicIntegerArray(sessions);
        open = new AtomicIntegerArray(sessions);
        allOpen = new CountDownLatch(sessions);
    }

    /** Starts opening the sessions, {@link #OPEN_WINDOW} at a time. */
    @Override
    public final void start(Run run) throws Exception {
        this.run = run;
        for (int i = 0; i < Math.min(OPEN_WINDOW, sessions); i++) {
            openNext();
        }
    }

    /**
     * Opens the first session alone (the idle rows measure the heap from there, so that what the
     * client makes once, for its first session, is not counted as every session's); {@link #startRest}
     * opens the others. Whether it ended (opened, or failed to) within {@code ms}.
     */
    public final boolean startFirst(Run run, long ms) throws Exception {
        this.run = run;
        holdBack = true;
        openOne();
        return firstDone.await(ms, TimeUnit.MILLISECONDS);
    }

    /** After {@link #startFirst}: the other sessions, {@link #OPEN_WINDOW} at a time. */
    public final void startRest() {
        holdBack = false;
        for (int i = 0; i < Math.min(OPEN_WINDOW, sessions - 1); i++) {
            openNext();
        }
    }

    private void openNext() {
        if (holdBack) {
            firstDone.countDown(); // the first session is done (open or failed); the rest wait for startRest
            return;
        }
        openOne();
    }

    private void openOne() {
        int id = nextToOpen.getAndIncrement();
        if (id < sessions) {
            try {
                connect(id);
            } catch (Exception e) {
                openFailed(id, String.valueOf(e));
            }
        }
    }

    // ---- what a client implements ----

    /** Starts opening session {@code id}; reports with {@link #opened} or {@link #openFailed}. */
    protected abstract void connect(int id) throws Exception;

    /** Sends {@code data} (read only; send a duplicate or copy) as one binary message on {@code id}. */
    protected abstract void send(int id, ByteBuffer data);

    /** Sends a text message on {@code id}. */
    protected abstract void sendText(int id, String text);

    /** Sends a PING with an empty payload on {@code id}; false where the client cannot send one. */
    protected abstract boolean ping(int id);

    // ---- what a client reports ----

    protected final void opened(int id) {
        open.set(id, 1);
        openCount.incrementAndGet();
        allOpen.countDown();
        if ("echo".equals(w.ws)) {
            inSlot.set(id, 1);
            nextEcho(id);
        }
        openNext();
    }

    protected final void openFailed(int id, String why) {
        openFailures.incrementAndGet();
        run.failed("open: " + why);
        allOpen.countDown();
        if ("echo".equals(w.ws)) {
            run.slotDone();
        }
        openNext();
    }

    /** {@code n} bytes of a binary message arrived on {@code id}; {@code last}: the message's last. */
    protected final void binary(int id, int n, boolean last) {
        run.body(n);
        if ("stream".equals(w.ws)) {
            if (last) {
                run.succeeded();
            }
            if (streamLeft.addAndGet(-n) <= 0 && streamDone != null) {
                streamDone.countDown();
            }
            return;
        }
        got[id] += n;
        if (last || got[id] >= w.message) {
            if (got[id] == w.message) {
                run.succeeded();
            } else {
                run.failed("echo of " + got[id] + " bytes for " + w.message);
            }
            got[id] = 0;
            if (inSlot.get(id) == 1) {
                nextEcho(id);
            }
        }
    }

    /** A PONG arrived on {@code id}. */
    protected final void pong(int id) {
        pongs.increment();
    }

    /** Session {@code id} ended (closed or failed) before the row was over. */
    protected final void closed(int id, String why) {
        if (open.compareAndSet(id, 1, 0)) {
            run.failed("closed: " + why);
            if (inSlot.compareAndSet(id, 1, 0)) {
                run.slotDone();
            }
            if (streamDone != null) {
                streamDone.countDown();
            }
        }
    }

    private void nextEcho(int id) {
        if (run.next()) {
            send(id, payload.duplicate());
        } else if (inSlot.compareAndSet(id, 1, 0)) {
            run.slotDone();
        }
    }

    // ---- what the measurement calls (WsMeasure) ----

    /** Waits until every session opened or failed to; false on timeout. */
    public final boolean awaitOpen(long ms) throws InterruptedException {
        return allOpen.await(ms, TimeUnit.MILLISECONDS);
    }

    public final int openCount() {
        return openCount.get();
    }

    public final int openFailures() {
        return openFailures.get();
    }

    /**
     * Asks the server for {@code count} binary messages of {@link Workload#message} bytes on
     * session 0 and waits for their last byte; false on timeout or if the session ended.
     */
    public final boolean stream(long count, long ms) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        streamLeft.set(count * w.message);
        streamDone = done;
        sendText(0, "stream " + count + " " + w.message);
        return done.await(ms, TimeUnit.MILLISECONDS) && streamLeft.get() <= 0;
    }

    /** Pings the open sessions whose turn is {@code tick}: each once in {@link #PING_TICKS} ticks. */
    public final void pingTick(long tick) {
        for (int id = (int) (tick % PING_TICKS); id < sessions; id += PING_TICKS) {
            if (open.get(id) == 1 && ping(id)) {
                pings.increment();
            }
        }
    }

    public final long pings() {
        return pings.sum();
    }

    public final long pongs() {
        return pongs.sum();
    }

    /** Whether the client can send its own PINGs (else it pings by itself, and pongs are not seen). */
    public boolean pingsItself() {
        return false;
    }
}
