package dev.hiper.internal.transfer;

/**
 * A transfer's speed rules, as libcurl keeps them: the most bytes a second it may receive and
 * send ({@code CURLOPT_MAX_RECV_SPEED_LARGE}, {@code CURLOPT_MAX_SEND_SPEED_LARGE}) and the least
 * it must move before it counts as stalled ({@code CURLOPT_LOW_SPEED_LIMIT} for
 * {@code CURLOPT_LOW_SPEED_TIME} seconds).
 *
 * <p><b>Rate limits.</b> Bytes are counted from a checkpoint: {@code n} bytes since it should have
 * taken at least {@code n / rate} seconds. A transfer ahead of that waits for the difference in
 * the RATELIMITING state, reading and writing nothing, on a timer; it never sleeps. The checkpoint
 * moves on when the transfer is held and at least 3 s have passed since it was set, so a slow
 * start is not made up for by a burst later (libcurl's {@code Curl_ratelimit}). A burst read in
 * one run (a few socket reads) is paid back by the wait that follows it.
 *
 * <p><b>Low speed.</b> Once a second while the transfer performs, the speed over the last up to
 * five seconds (body bytes both ways) is compared with the limit; below it for the whole of
 * {@code LOW_SPEED_TIME} seconds ends the transfer with {@code CURLE_OPERATION_TIMEDOUT} and
 * libcurl's message. A paused transfer is not judged.
 */
final class SpeedControl {
    /** libcurl's {@code MIN_RATE_LIMIT_PERIOD}: the shortest time between two checkpoints. */
    private static final long CHECKPOINT_NANOS = 3_000_000_000L;
    private static final int SAMPLES = 6;

    /** The options of a handle (0 = off, as in libcurl). */
    static final class Limits {
        /** No limits: shared by every handle that set none, never changed. */
        static final Limits NONE = new Limits();

        long maxRecv;
        long maxSend;
        long lowSpeedLimit;
        long lowSpeedTime;

        /** This instance when it is a handle's own, else a new one for the handle to change. */
        Limits writable() {
            return this == NONE ? new Limits() : this;
        }

        /** An instance with the same limits for another handle. */
        Limits forAnotherHandle() {
            return this == NONE ? NONE : copy();
        }

        Limits copy() {
            Limits c = new Limits();
            c.maxRecv = maxRecv;
            c.maxSend = maxSend;
            c.lowSpeedLimit = lowSpeedLimit;
            c.lowSpeedTime = lowSpeedTime;
            return c;
        }

        boolean any() {
            return maxRecv > 0 || maxSend > 0 || lowSpeedOn();
        }

        boolean lowSpeedOn() {
            return lowSpeedLimit > 0 && lowSpeedTime > 0;
        }
    }

    private final Limits limits;
    private final Transfer t;
    private final Direction recv = new Direction();
    private final Direction send = new Direction();
    /** Total bytes (both ways) and when, one sample a second, oldest first. */
    private final long[] sampleBytes = new long[SAMPLES];
    private final long[] sampleTimes = new long[SAMPLES];
    private int samples;
    /** When the transfer first went below the low-speed limit; 0 while it keeps up. */
    private long slowSince;

    SpeedControl(Limits limits, Transfer t) {
        this.limits = limits;
        this.t = t;
    }

    // ---- the transfer's hooks ----

    /**
     * PERFORMING, before the exchange runs: whether the transfer is ahead of its rate limits; if
     * so it goes to RATELIMITING until the TOOFAST timer (libcurl's RATELIMITING state).
     */
    boolean hold() {
        if (t.state() != TransferState.PERFORMING) {
            return false;
        }
        long ms = holdMs(t.codec().response().bodyBytes(), t.codec().bodySent(), t.engine.now());
        if (ms <= 0) {
            return false;
        }
        t.state(TransferState.RATELIMITING);
        t.expireIn(ExpireId.TOOFAST, ms);
        return true;
    }

    /** After the exchange ran: held, or on at once if it stopped at the limit's edge with bytes in hand. */
    void afterPerform() {
        if (!hold() && t.state() == TransferState.PERFORMING && !t.recvPaused() && !t.codec().responseDone()
                && t.codec().hasBufferedInput()) {
            t.runSoon();
        }
    }

    /** Whether receiving may go on now: false once ahead of the receive limit. */
    boolean recvWithinLimit() {
        return !recvAhead(t.codec().response().bodyBytes(), t.engine.now());
    }

    /** After each run: the first low-speed sample and the once-a-second check, while it performs. */
    void startCheck() {
        if (lowSpeedOn() && performing() && !t.armed(ExpireId.SPEEDCHECK)) {
            check(bothWays(), true, t.engine.now());
            t.expireIn(ExpireId.SPEEDCHECK, 1000);
        }
    }

    /** The TOOFAST or SPEEDCHECK timer expired. */
    void expired(ExpireId id, long now) {
        if (id == ExpireId.TOOFAST) {
            if (t.state() == TransferState.RATELIMITING) {
                t.state(TransferState.PERFORMING);
            }
        } else if (performing()) {
            String slow = check(bothWays(), t.recvPaused() || t.sendPaused(), now);
            if (slow != null) {
                t.fail(dev.hiper.curl.CurlCode.CURLE_OPERATION_TIMEDOUT, slow);
            } else {
                t.expireIn(ExpireId.SPEEDCHECK, 1000);
            }
        }
    }

    private boolean performing() {
        return t.state() == TransferState.PERFORMING || t.state() == TransferState.RATELIMITING;
    }

    private long bothWays() {
        return t.codec().response().bodyBytes() + t.codec().bodySent();
    }

    /** Bytes counted from a checkpoint in one direction. */
    private static final class Direction {
        long start = Long.MIN_VALUE;
        long startSize;
        long last;

        /** Milliseconds to wait before moving more than {@code rate} allows; 0 if none. */
        long waitMs(long rate, long size, long now) {
            if (start == Long.MIN_VALUE || size < last) {
                // first look, or the counts began again (a new exchange: retry, redirect, auth)
                start = now;
                startSize = size;
            }
            last = size;
            return Math.max(0, aheadMs(rate, size, now));
        }

        /** How far ahead of {@code rate} it is now, in milliseconds (0 or less: not ahead); moves nothing. */
        long aheadMs(long rate, long size, long now) {
            if (rate <= 0 || start == Long.MIN_VALUE || size < last) {
                return 0;
            }
            long moved = size - startSize;
            long minimumMs = moved > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / 2 : moved * 1000 / rate;
            return minimumMs - (now - start) / 1_000_000;
        }

        void checkpoint(long now) {
            if (now - start >= CHECKPOINT_NANOS) {
                start = now;
                startSize = last;
            }
        }
    }

    boolean lowSpeedOn() {
        return limits.lowSpeedOn();
    }

    /**
     * How long the transfer must hold off, in milliseconds, given the body bytes received and
     * sent so far by the current exchange; 0 to go on. A hold moves the checkpoints as libcurl does.
     */
    long holdMs(long received, long sent, long now) {
        long r = recv.waitMs(limits.maxRecv, received, now);
        long s = send.waitMs(limits.maxSend, sent, now);
        long wait = Math.max(r, s);
        if (wait > 0) {
            recv.checkpoint(now);
            send.checkpoint(now);
        }
        return wait;
    }

    /** Whether {@code received} body bytes are ahead of the receive limit now (reading should stop). */
    boolean recvAhead(long received, long now) {
        return recv.aheadMs(limits.maxRecv, received, now) > 0;
    }

    /**
     * The once-a-second check of the low speed limit ({@code total}: body bytes both ways so far).
     * Returns libcurl's message when the transfer has been too slow for too long, else null.
     */
    String check(long total, boolean paused, long now) {
        if (samples > 0 && total < sampleBytes[samples - 1]) {
            samples = 0; // the counts began again
        }
        if (samples == SAMPLES) {
            System.arraycopy(sampleBytes, 1, sampleBytes, 0, SAMPLES - 1);
            System.arraycopy(sampleTimes, 1, sampleTimes, 0, SAMPLES - 1);
            samples--;
        }
        sampleBytes[samples] = total;
        sampleTimes[samples] = now;
        samples++;
        if (paused || samples < 2) {
            return null;
        }
        long nanos = now - sampleTimes[0];
        double speed = nanos <= 0 ? 0 : (total - sampleBytes[0]) * 1e9 / nanos;
        if (speed >= limits.lowSpeedLimit) {
            slowSince = 0;
            return null;
        }
        if (slowSince == 0) {
            slowSince = now;
            return null;
        }
        if (now - slowSince >= limits.lowSpeedTime * 1_000_000_000L) {
            return "Operation too slow. Less than " + limits.lowSpeedLimit + " bytes/sec transferred the last "
                    + limits.lowSpeedTime + " seconds";
        }
        return null;
    }
}
