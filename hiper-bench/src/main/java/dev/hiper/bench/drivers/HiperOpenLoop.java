package dev.hiper.bench.drivers;

import static dev.hiper.curl.Curl.*;

import dev.hiper.bench.OpenLoop;
import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlWriteFunction;
import dev.hiper.loop.SelectorLoop;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * hiper's open loop, issued from the loop's own thread as an application that owns its loop
 * issues: no other thread hands it requests. The thread runs the {@link SelectorLoop} with
 * {@link SelectorLoop#runOnce}, takes each request from an {@link OpenLoop.Schedule} when its
 * intended time comes (every request that is due, each keeping its intended time), adds a free
 * easy handle (made up to the cap, kept and added again after each transfer, as libcurl's driver
 * keeps its pool), and reads the finished transfers with {@link CurlMulti#infoRead()} after each
 * round, recording each one's latency from its intended time.
 *
 * <p>Waiting for the next intended time: a {@code Selector} waits in whole milliseconds, where
 * libcurl's driver has a timer to the nanosecond (a {@code timerfd} in its epoll set). So:
 * <ul>
 *   <li>with nothing in flight, nothing can arrive: the thread sleeps until the intended time
 *       ({@code parkNanos}, the kernel's timer precision);
 *   <li>with transfers in flight and the time a millisecond or more away, the loop waits for its
 *       sockets that many whole milliseconds (rounded down), and decides again when it wakes;
 *   <li>less than a millisecond away: under half of one, the thread sleeps until it (an answer
 *       arriving meanwhile waits that long at most); from half of one, the loop waits for its
 *       sockets one millisecond (the request goes out late by less than half of one, or at the
 *       first answer, which wakes the loop sooner).
 * </ul>
 * Either way a request is late by less than half a millisecond plus the kernel's timer slack,
 * and its lateness counts in its latency.
 */
final class HiperOpenLoop {
    private static final long MS = 1_000_000L;
    /** Closer than this to the next intended time, the thread sleeps instead of selecting. */
    private static final long SLEEP_UNDER = MS / 2;
    /** The longest wait when only a completion (or the end) can come. */
    private static final long IDLE = 100 * MS;

    /** One easy handle and the intended time of the request it carries ({@code CURLOPT_PRIVATE}). */
    private static final class Slot {
        final CurlEasy easy;
        long intended;

        Slot(CurlEasy easy) {
            this.easy = easy;
            easy.setopt(CURLOPT_PRIVATE, this);
        }
    }

    private final Run run;
    private final long start;
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    private final CurlWriteFunction sink;
    private final byte[] body;
    private volatile boolean stopped;
    /** Transfers added and not yet read back from {@code infoRead()}. */
    private int live;

    /** Request i is meant to go out at {@code startNanos + i / rate}. */
    HiperOpenLoop(Run run, long startNanos) {
        this.run = run;
        this.start = startNanos;
        this.sink = (data, userdata) -> {
            int n = data.remaining();
            run.body(n);
            return n;
        };
        this.body = run.work.upload > 0 ? run.work.uploadBody() : null;
    }

    /** Makes {@link #run()} return at its next wake-up (100 ms at most), whatever is in flight. */
    void stop() {
        stopped = true;
    }

    /** The loop: runs on the calling thread until the schedule has ended and nothing is in flight. */
    void run() throws Exception {
        Workload w = run.work;
        OpenLoop.Schedule schedule = new OpenLoop.Schedule(run, start);
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            multi.setopt(CURLMOPT_MAXCONNECTS, (long) w.concurrency);
            HiperClient.http2(multi, w);
            while (!stopped) {
                long now = System.nanoTime();
                boolean sent = false;
                boolean capped = false;
                while (!schedule.ended() && schedule.due() - now <= 0) {
                    long due = schedule.due();
                    if (!schedule.take()) {
                        capped = true; // concurrency in flight: the due request waits for an end
                        break;
                    }
                    send(multi, due);
                    sent = true;
                }
                boolean ended = schedule.ended();
                if (ended && live == 0) {
                    break;
                }
                long wait = ended || capped ? IDLE : schedule.due() - now;
                if (live == 0) {
                    LockSupport.parkNanos(Math.min(wait, IDLE));
                    continue;
                }
                if (!sent && wait < SLEEP_UNDER) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                // after a send the engine's timer says "now": this round writes the requests
                CurlMCode mc = loop.runOnce(Math.max(1, Math.min(wait, IDLE) / MS));
                if (mc != CurlMCode.CURLM_OK) {
                    run.failed("hiper loop: " + mc);
                    break;
                }
                finished(multi);
            }
        } finally {
            schedule.end();
        }
    }

    /** Sends the request meant for {@code intended} on a free handle (a new one up to the cap). */
    private void send(CurlMulti multi, long intended) {
        Slot s = free.poll();
        if (s == null) {
            s = new Slot(HiperClient.handle(run, sink, body));
        }
        s.intended = intended;
        run.issued(intended);
        CurlMCode mc = multi.addHandle(s.easy);
        if (mc != CurlMCode.CURLM_OK) {
            free.push(s);
            run.failed("hiper addHandle: " + mc);
            run.done(intended, true); // failures are counted by run.failed, as in the other drivers
            return;
        }
        live++;
    }

    /** Reads every finished transfer: counts it, records its latency, frees its handle. */
    private void finished(CurlMulti multi) {
        CurlMsg m;
        while ((m = multi.infoRead()) != null) {
            CurlEasy easy = m.easy();
            Slot s = (Slot) easy.getinfo(CURLINFO_PRIVATE);
            multi.removeHandle(easy);
            HiperClient.count(run, m);
            live--;
            free.push(s);
            run.done(s.intended, true); // failures are counted by run.failed, as in the other drivers
        }
    }
}
