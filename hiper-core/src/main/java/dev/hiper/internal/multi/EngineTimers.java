package dev.hiper.internal.multi;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlTimerFunction;
import dev.hiper.internal.transfer.Transfer;
import java.util.ArrayList;

/**
 * An engine's timers: its transfers ordered by their earliest deadline ({@link TimerHeap}), and
 * the timer callback that hears about the earliest one.
 *
 * <p>Lifecycle: 1. a transfer whose earliest deadline changed is moved in the heap
 * ({@link #changed}); 2. each {@code socketAction} runs the transfers whose deadline passed
 * ({@link #runExpired}); 3. at the end of a call {@link #report} tells the timer callback the
 * time to the earliest deadline, only when it is not the one told last (contract rules 2 to 4).
 * A timer callback that throws or answers non-zero makes {@link #report} answer -1, and the
 * engine aborts.
 *
 * <p>Owned by one {@link MultiEngine} and used on its thread alone.
 */
final class EngineTimers {
    /** The deadline told when there is none. */
    static final long NONE = Long.MIN_VALUE;

    private final MultiEngine engine;
    private final CurlMulti api;
    private final TimerHeap heap = new TimerHeap();
    private final ArrayList<Timed> expiredBatch = new ArrayList<>();
    CurlTimerFunction timerFunction;
    Object timerData;
    /** The deadline last told to the timer callback, {@link #NONE} for none. */
    long lastReported = NONE;

    EngineTimers(MultiEngine engine, CurlMulti api) {
        this.engine = engine;
        this.api = api;
    }

    /** A transfer's earliest deadline changed. */
    void changed(Transfer t) {
        if (t.deadline() == Long.MAX_VALUE) {
            heap.remove(t);
        } else {
            heap.upsert(t);
        }
    }

    /** Takes {@code t} out of the heap (a handle leaves the multi). */
    void remove(Transfer t) {
        heap.remove(t);
    }

    /** Runs every transfer whose deadline passed. Returns whether any did. */
    boolean runExpired() {
        long now = engine.now();
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
            if (t.isCompleted() || t.easy.multi != engine) {
                continue;
            }
            try {
                t.onTimeout(now);
            } catch (RuntimeException | Error ex) {
                t.failNow(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "internal error: " + ex, ex);
            }
            engine.updatePollset(t);
        }
        expiredBatch.clear();
        return true;
    }

    /**
     * Tells the timer callback about a changed earliest deadline (contract rules 2 to 4).
     * Returns the callback's answer.
     */
    int report(boolean rereport) {
        Timed top = heap.peek();
        long dl = top == null ? NONE : top.deadline();
        if (dl == lastReported && !(rereport && dl != NONE)) {
            return 0;
        }
        if (timerFunction == null || engine.aborted) {
            lastReported = dl;
            return 0;
        }
        lastReported = dl;
        long ms = dl == NONE ? -1 : millisUntil(dl);
        MultiObserver o = engine.observer;
        if (o != null) {
            o.timerCallback(ms);
        }
        int r;
        engine.callbackDepth++;
        try {
            r = timerFunction.timer(api, ms, timerData);
        } catch (RuntimeException | Error ex) {
            r = -1;
            engine.callbackThrew(ex);
        } finally {
            engine.callbackDepth--;
        }
        return r == 0 ? 0 : -1;
    }

    /** The time until the earliest deadline in ms, -1 for none. */
    long timeoutMillis() {
        Timed top = heap.peek();
        if (top == null) {
            return -1;
        }
        return millisUntil(top.deadline());
    }

    /** Whole milliseconds from now until {@code deadline}, rounded up; 0 once it passed. */
    private long millisUntil(long deadline) {
        long left = deadline - engine.now();
        return left <= 0 ? 0 : Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }
}
