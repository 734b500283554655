package dev.hiper.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * The open-loop issuer: request i is meant to go out at {@code start + i / rate}, whether or not
 * earlier ones have been answered, the way wrk2 and HdrHistogram's authors describe a load
 * generator that does not coordinate with the system it measures.
 *
 * <ol>
 *   <li>One thread sleeps until the next intended time ({@code parkNanos}, well under a
 *       millisecond late on Linux) and hands the request to the client with that time.
 *   <li>At most {@code concurrency} requests are in flight: when that many are, the thread waits
 *       for one to end; requests whose time came meanwhile go out at once, late, and keep their
 *       intended time, so the wait is counted in their latency.
 *   <li>It stops after the last request meant for the measured window; {@link #measure} then
 *       waits for those still in flight.
 * </ol>
 *
 * <p>A client that owns its event loop issues from that loop instead, with a {@link Schedule}: the
 * same times, the same cap and the same accounting, and no thread between the schedule and the
 * client (libcurl's driver and hiper's issue so).
 *
 * <p>{@link #measure} is the driver's side of an open-loop cell: it starts the client with a
 * window, waits for the requests meant for it to end, and writes the JSON line: the intended and
 * achieved rates, the latency percentiles in microseconds (from each request's intended send
 * time, in an HdrHistogram of 3 significant digits), how late the requests were handed to the
 * client ({@link Run#issued}), failures, CPU per request, and whether the client kept up.
 */
public final class OpenLoop {
    private OpenLoop() {
    }

    /**
     * Starts the issuer for {@code run}; {@code send} gets each request's intended time
     * ({@link System#nanoTime}) and must end with {@link Run#done(long, boolean)}.
     */
    public static Thread start(Run run, long startNanos, LongConsumer send) {
        double period = 1e9 / run.work.rate;
        Thread t = new Thread(() -> {
            try {
                for (long i = 0;; i++) {
                    long intended = startNanos + (long) (i * period);
                    if (intended >= run.windowEnd() || run.stopping()) {
                        break;
                    }
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    run.acquire(intended);
                    run.issued(intended);
                    try {
                        send.accept(intended);
                    } catch (RuntimeException e) {
                        run.failed("send: " + e);
                        run.done(intended, false);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run.slotDone();
        }, "open-loop");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The open loop's schedule for a client that issues from its own event loop, on that loop's
     * thread alone, without blocking: the loop asks {@link #due()} when the next request is meant
     * to go out, sleeps or waits for its sockets until then, and {@link #take()}s every request
     * whose time has come, each with its intended time, so a request sent late is charged from
     * when it was meant to go. When {@code concurrency} requests are in flight, {@code take()}
     * says no and the due request waits, late, for one of them to end ({@link Run#done}). Once
     * the schedule passes the measured window (or the run stops) it has {@link #ended()}, and
     * gives back the issuer's slot that {@link OpenLoop#measure} waits for.
     */
    public static final class Schedule {
        private final Run run;
        private final long start;
        private final double period;
        private long next;
        private boolean ended;

        /**
         * Request i is meant to go out at {@code startNanos + i / rate} ({@link System#nanoTime}).
         */
        public Schedule(Run run, long startNanos) {
            this.run = run;
            this.start = startNanos;
            this.period = 1e9 / run.work.rate;
        }

        /** The intended time of the next request; meaningless once {@link #ended()}. */
        public long due() {
            return start + (long) (next * period);
        }

        /** Whether every request meant for the window was taken (or the run stops). */
        public boolean ended() {
            if (!ended && (due() >= run.windowEnd() || run.stopping())) {
                end();
            }
            return ended;
        }

        /**
         * Takes the next request, meant for {@link #due()}, if fewer than {@code concurrency} are
         * in flight; the caller sends it now and reports its end with
         * {@link Run#done(long, boolean)} and that intended time. False when the cap is reached.
         */
        public boolean take() {
            if (ended() || !run.tryAcquire(due())) {
                return false;
            }
            next++;
            return true;
        }

        /** Ends the schedule now (the client stops): nothing more is taken. */
        public void end() {
            if (!ended) {
                ended = true;
                run.slotDone();
            }
        }
    }

    /** A rate is sustained when the window's last request ended this soon after the window. */
    static final long DRAIN_LIMIT_MS = 100;

    static String measure(Run run, Driver.Client client) throws Exception {
        Workload w = run.work;
        long start = System.nanoTime() + 5_000_000;
        long a = start + (long) (w.warmup * 1e9);
        long b = a + (long) (w.seconds * 1e9);
        run.window(a, b);
        client.start(run);
        sleepUntil(a);
        long cpuA = Driver.cpuNanos();
        sleepUntil(b);
        long cpuB = Driver.cpuNanos();
        // the requests meant for the window: wait for them all, a while at most
        long giveUp = b + 30_000_000_000L;
        while (!issuerDone(run) || run.windowDone() < run.windowIssued()) {
            if (System.nanoTime() > giveUp) {
                break;
            }
            Thread.sleep(5);
        }
        long intended = (long) Math.floor(w.rate * w.seconds);
        long done = run.windowDone();
        long failed = run.windowFailed() + run.failures();
        Histogram h = run.latencies();
        long last = run.lastWindowEnd();
        double drainMs = last == Long.MIN_VALUE ? -1 : Math.max(0, (last - b) / 1e6);
        boolean sustained = done >= intended - 1 && failed == 0 && drainMs >= 0 && drainMs <= DRAIN_LIMIT_MS;
        run.stop();
        StringBuilder j = new StringBuilder(256).append('{');
        Driver.field(j, "tool", w.tool);
        Driver.field(j, "scenario", w.scenario);
        if (run.isUnsupported()) {
            Driver.field(j, "unsupported", true);
            Driver.field(j, "error", run.firstError());
            j.setLength(j.length() - 1);
            return j.append('}').toString();
        }
        double cpu = (cpuB - cpuA) / 1e9;
        Driver.field(j, "rate", w.rate);
        Driver.field(j, "requests", done);
        Driver.field(j, "concurrency", w.concurrency);
        Driver.field(j, "seconds", w.seconds);
        Driver.field(j, "rps", done / w.seconds);
        Driver.field(j, "failures", failed);
        Driver.field(j, "p50_us", (double) h.getValueAtPercentile(50));
        Driver.field(j, "p99_us", (double) h.getValueAtPercentile(99));
        Driver.field(j, "p999_us", (double) h.getValueAtPercentile(99.9));
        Driver.field(j, "max_us", (double) h.getMaxValue());
        Histogram late = run.lateness();
        if (late.getTotalCount() > 0) {
            // the issuer's share: how late the requests were handed to the client
            Driver.field(j, "late_p50_us", (double) late.getValueAtPercentile(50));
            Driver.field(j, "late_p99_us", (double) late.getValueAtPercentile(99));
            Driver.field(j, "late_max_us", (double) late.getMaxValue());
        }
        Driver.field(j, "drain_ms", drainMs);
        Driver.field(j, "sustained", sustained);
        Driver.field(j, "cpu_seconds", cpu);
        Driver.field(j, "cpu_us_per_req", done == 0 ? -1.0 : cpu * 1e6 / done);
        Driver.field(j, "peak_rss_mib", Driver.peakRssMib());
        return Driver.endLine(j, run);
    }

    /** Whether the issuer has passed the window (its one slot is counted down). */
    private static boolean issuerDone(Run run) {
        return run.slotsLeft() < run.work.concurrency;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
