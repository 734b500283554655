package dev.hiper.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

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
 *   <li>It stops after the last request meant for the measured window; the driver then waits
 *       for those still in flight.
 * </ol>
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
}
