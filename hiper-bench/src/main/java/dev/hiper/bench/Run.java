package dev.hiper.bench;

import java.util.concurrent.CountDownLatch;
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

    public Run(Workload work) {
        this.work = work;
        this.slots = new CountDownLatch(work.concurrency);
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
