package dev.hiper.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a driver shares with the controller: the work it is asked to do and the counters it fills.
 *
 * <p>A driver keeps {@link Workload#concurrency} requests in flight, one per slot: a slot asks
 * {@link #next()} before each request and, on false, calls {@link #slotDone()} and stops. Every
 * finished request is counted by {@link #succeeded()} (status 200, whole body) or
 * {@link #failed(String)}; body bytes are counted as they stream, by {@link #body(long)}.
 * Drivers call these from any thread.
 *
 * <p>Open-loop cells ({@link Workload#openLoop()}) have no slots: {@link OpenLoop} issues each
 * request at its intended time, and the driver reports its end with {@link #done(long, boolean)},
 * which records its latency from that intended time when it falls in the measured window. The
 * churn rows count new connections and resumed TLS sessions with {@link #connected(long)}.
 */
public final class Run {
    public final Workload work;
    private final LongAdder ok = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final CountDownLatch slots;
    private volatile boolean stop;
    private volatile boolean unsupported;
    private final LongAdder connects = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder windowDone = new LongAdder();
    private final LongAdder windowFailed = new LongAdder();
    private final AtomicLong windowIssued = new AtomicLong();
    private final AtomicLong lastWindowEnd = new AtomicLong(Long.MIN_VALUE);
    private final org.HdrHistogram.Recorder latency = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder lateness = new org.HdrHistogram.Recorder(3);
    private final Semaphore inFlight;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    public Run(Workload work) {
        this.work = work;
        this.slots = new CountDownLatch(work.concurrency);
        this.inFlight = new Semaphore(work.concurrency);
    }

    /** Open loop: the requests meant to be sent in [start, end) (System.nanoTime) are measured. */
    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    /** Open loop: blocks until fewer than {@code concurrency} requests are in flight. */
    void acquire(long intended) throws InterruptedException {
        inFlight.acquire();
        if (intended >= windowStart && intended < windowEnd) {
            windowIssued.incrementAndGet();
        }
    }

    /**
     * Open loop, for an issuer that must not block (it runs on the client's event loop): takes a
     * place in flight if fewer than {@code concurrency} requests are, else answers false at once.
     */
    boolean tryAcquire(long intended) {
        if (!inFlight.tryAcquire()) {
            return false;
        }
        if (intended >= windowStart && intended < windowEnd) {
            windowIssued.incrementAndGet();
        }
        return true;
    }

    /**
     * Open loop: the request meant to be sent at {@code intended} ended, well or not. Its latency
     * is taken from {@code intended}, not from when it went out, so a client that falls behind is
     * charged for the wait (coordinated omission corrected, as wrk2 measures).
     */
    public void done(long intended, boolean ok) {
        long now = System.nanoTime();
        if (intended >= windowStart && intended < windowEnd) {
            if (ok) {
                latency.recordValue(Math.max(1, (now - intended) / 1000));
            } else {
                windowFailed.increment();
            }
            windowDone.increment();
            lastWindowEnd.accumulateAndGet(now, Math::max);
        }
        inFlight.release();
    }

    /**
     * Open loop: the request meant for {@code intended} is handed to the client now. How late
     * that is (the issuer woke late, or waited for a place in flight) is kept apart from the
     * latency, which includes it, to tell the issuer's share of a tail from the client's.
     */
    public void issued(long intended) {
        if (intended >= windowStart && intended < windowEnd) {
            lateness.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
        }
    }

    /** How late the window's requests were handed to the client (microseconds); resets the recorder. */
    org.HdrHistogram.Histogram lateness() {
        return lateness.getIntervalHistogram();
    }

    /** The latencies (microseconds) recorded so far; resets the recorder. */
    org.HdrHistogram.Histogram latencies() {
        return latency.getIntervalHistogram();
    }

    long windowIssued() {
        return windowIssued.get();
    }

    long windowDone() {
        return windowDone.sum();
    }

    long windowFailed() {
        return windowFailed.sum();
    }

    long lastWindowEnd() {
        return lastWindowEnd.get();
    }

    /** A request made {@code n} new connections (CURLINFO_NUM_CONNECTS). */
    public void connected(long n) {
        connects.add(n);
    }

    /** A connection's TLS session was resumed rather than negotiated in full. */
    public void resumed() {
        resumed.increment();
    }

    long connects() {
        return connects.sum();
    }

    long resumedCount() {
        return resumed.sum();
    }

    /** Whether a slot should send another request. */
    public boolean next() {
        if (stop) {
            return false;
        }
        return work.requests <= 0 || issued.incrementAndGet() <= work.requests;
    }

    public void succeeded() {
        ok.increment();
    }

    public void failed(String why) {
        failures.increment();
        firstError.compareAndSet(null, why);
    }

    public void body(long n) {
        bytes.add(n);
    }

    public void slotDone() {
        slots.countDown();
    }

    /** The tool cannot do this scenario (hiper before TLS, say): the row says n/a. */
    public void unsupported(String why) {
        unsupported = true;
        firstError.compareAndSet(null, why);
        stop = true;
    }

    public boolean isUnsupported() {
        return unsupported;
    }

    public void stop() {
        stop = true;
    }

    public boolean stopping() {
        return stop;
    }

    public boolean awaitSlots(long ms) throws InterruptedException {
        return slots.await(ms, TimeUnit.MILLISECONDS);
    }

    public long slotsLeft() {
        return slots.getCount();
    }

    long ok() {
        return ok.sum();
    }

    long failures() {
        return failures.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    String firstError() {
        return firstError.get();
    }
}
