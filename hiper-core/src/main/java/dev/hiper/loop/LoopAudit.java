package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.internal.multi.ApiCall;
import dev.hiper.internal.multi.EngineAccess;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.MultiObserver;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks, while it runs, the application's side of the multi-socket contract: the mistakes that
 * make a hand-written event loop hang, spin or corrupt the multi. Opt-in, for development and
 * tests:
 *
 * <pre>{@code
 * LoopAudit audit = LoopAudit.attach(multi);          // reports to System.err
 * ... run your loop ...
 * assert audit.violations().isEmpty();
 * }</pre>
 *
 * <p>What it reports ({@link Kind}), each with a message that says what went wrong and what to do:
 * <ol>
 *   <li>{@link Kind#WATCHED_AFTER_REMOVE}: the loop still watches a socket after the socket callback
 *       said {@code CURL_POLL_REMOVE}. Seen when {@code socketAction} is called for it again (one
 *       late event, from a batch of ready sockets collected before the REMOVE, is allowed), or,
 *       when the audit knows the loop's {@link Builder#selector selector}, when the channel is still
 *       registered there with some interest at the application's next call into the multi (or
 *       the watchdog's next look): make the change inside the socket callback.
 *   <li>{@link Kind#TIMER_NOT_FIRED}: the timer callback asked for
 *       {@code socketAction(CURL_SOCKET_TIMEOUT, 0)} and it did not come within the
 *       {@link Builder#timerSlackMillis slack} after the deadline, seen at the application's next
 *       call into the multi, or by a watchdog when the loop makes no call at all.
 *   <li>{@link Kind#EVENT_NOT_ASKED}: {@code socketAction(s, ev)} with {@code ev} holding
 *       {@code CURL_CSELECT_IN} or {@code _OUT} that the socket callback did not ask for, or for a
 *       socket this multi never announced.
 *   <li>{@link Kind#WRONG_THREAD}: a call into the multi (anything but {@code wakeup}) from a thread
 *       other than the one driving it. The first thread that drives the multi
 *       ({@code socketAction}, {@code perform}, {@code poll}, ...) owns it; calls before that
 *       (setting up) may come from anywhere, and when the owner thread has ended the next caller
 *       takes over. {@link #handOver()} declares a deliberate change of thread.
 * </ol>
 * Each problem is reported once (per socket, per thread, per deadline); the audit never changes
 * what the multi does. Its cost is a short lock per call and per callback.
 */
public final class LoopAudit implements AutoCloseable {

    /** What went wrong. */
    public enum Kind {
        /** The loop still watches a socket after the socket callback said {@code CURL_POLL_REMOVE}. */
        WATCHED_AFTER_REMOVE,
        /** The timer ran out and {@code socketAction(CURL_SOCKET_TIMEOUT, 0)} did not come in time. */
        TIMER_NOT_FIRED,
        /** {@code socketAction} with an event the socket callback did not ask for. */
        EVENT_NOT_ASKED,
        /** A call into the multi from a thread other than the one driving it. */
        WRONG_THREAD
    }

    /**
     * One reported misuse: its kind, a message for people, and the thread that made the call.
     *
     * @param kind what went wrong
     * @param message what went wrong and what to do, for people
     * @param thread the name of the thread that made the faulty call, or of the watchdog's thread
     */
    public record Violation(Kind kind, String message, String thread) {
        /** The kind and the message. */
        @Override
        public String toString() {
            return kind + ": " + message;
        }
    }

    /** How an audit is set up. */
    public static final class Builder {
        private long slackMillis = 2000;
        private Selector selector;
        private boolean watchdog = true;
        private Consumer<Violation> reporter = v -> System.err.println("hiper loop audit: " + v);

        private Builder() {
        }

        /**
         * How late the timeout call may come after the timer's deadline (default 2,000 ms).
         *
         * @param ms the slack in milliseconds, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code ms} is negative
         */
        public Builder timerSlackMillis(long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("slack " + ms);
            }
            this.slackMillis = ms;
            return this;
        }

        /**
         * The selector the loop registers hiper's channels with, if it is a {@code java.nio} one:
         * lets the audit see a socket left registered after REMOVE even before it fires.
         *
         * @param selector the loop's selector, or null
         * @return this builder
         */
        public Builder selector(Selector selector) {
            this.selector = selector;
            return this;
        }

        /**
         * Whether a background check reports a timer that is overdue while the loop makes no call
         * at all (default on; one shared daemon thread for every audit).
         *
         * @param on true for the watchdog
         * @return this builder
         */
        public Builder watchdog(boolean on) {
            this.watchdog = on;
            return this;
        }

        /**
         * Where violations go, besides {@link #violations()} (default: a line on standard error).
         * Called on the thread that made the faulty call, or the watchdog's thread.
         *
         * @param reporter called with each violation
         * @return this builder
         */
        public Builder reportTo(Consumer<Violation> reporter) {
            this.reporter = Objects.requireNonNull(reporter, "reporter");
            return this;
        }

        /**
         * Starts auditing {@code multi}; replaces an audit attached before.
         *
         * @param multi the multi whose loop to check
         * @return the running audit
         */
        public LoopAudit attach(CurlMulti multi) {
            return new LoopAudit(multi, this);
        }
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final int MAX_KEPT = 1000;
    private static final int PRUNE_EVERY = 256;
    private static volatile ScheduledExecutorService watchdogThread;

    private final MultiEngine engine;
    private final long slackNanos;
    private final Selector selector;
    private final Consumer<Violation> reporter;
    private final ScheduledFuture<?> watchdogTask;

    // guarded by this
    private final Map<CurlSocket, AuditWatch> sockets = new IdentityHashMap<>();
    private final List<CurlSocket> toVerify = new ArrayList<>();
    private final List<Violation> kept = new ArrayList<>();
    private final Set<Thread> reportedThreads = Collections.newSetFromMap(new IdentityHashMap<>());
    private Thread owner;
    private boolean handOver;
    private boolean ended;
    private long deadline = NONE;
    private long toldMs;
    private long toldAt;
    private long lastCallAt;
    private int removesSincePrune;
    private int count;

    private LoopAudit(CurlMulti multi, Builder b) {
        this.engine = EngineAccess.engine(Objects.requireNonNull(multi, "multi"));
        this.slackNanos = TimeUnit.MILLISECONDS.toNanos(b.slackMillis);
        this.selector = b.selector;
        this.reporter = b.reporter;
        this.lastCallAt = System.nanoTime();
        engine.observe(new Observer());
        if (b.watchdog) {
            long period = Math.max(20, b.slackMillis / 2);
            watchdogTask = watchdogThread().scheduleWithFixedDelay(this::watchdogCheck, period, period,
                    TimeUnit.MILLISECONDS);
        } else {
            watchdogTask = null;
        }
    }

    /**
     * Audits {@code multi} with the defaults: 2 s of timer slack, watchdog on, reports to standard
     * error.
     *
     * @param multi the multi whose loop to check
     * @return the running audit
     */
    public static LoopAudit attach(CurlMulti multi) {
        return builder().attach(multi);
    }

    /**
     * Audits {@code multi} with the defaults, reporting to {@code reporter}.
     *
     * @param multi the multi whose loop to check
     * @param reporter called with each violation
     * @return the running audit
     */
    public static LoopAudit attach(CurlMulti multi, Consumer<Violation> reporter) {
        return builder().reportTo(reporter).attach(multi);
    }

    /**
     * An audit set up step by step.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The violations seen so far.
     *
     * @return the first 1,000 violations, in the order seen
     */
    public synchronized List<Violation> violations() {
        return List.copyOf(kept);
    }

    /**
     * How many violations were seen in all.
     *
     * @return their number, also those beyond the first 1,000
     */
    public synchronized int count() {
        return count;
    }

    /** The next thread that drives the multi becomes its owner (a deliberate change of thread). */
    public synchronized void handOver() {
        handOver = true;
    }

    /** Stops auditing; the multi goes on as before. */
    @Override
    public void close() {
        engine.observe(null);
        synchronized (this) {
            ended = true;
        }
        if (watchdogTask != null) {
            watchdogTask.cancel(false);
        }
    }

    // ---- the checks ----

    private final class Observer implements MultiObserver {
        @Override
        public void apiCall(ApiCall call) {
            List<Violation> found = null;
            synchronized (LoopAudit.this) {
                if (ended) {
                    return;
                }
                long now = System.nanoTime();
                lastCallAt = now;
                found = checkThread(call, found);
                if (deadline != NONE && now - deadline > slackNanos) {
                    found = add(found, Kind.TIMER_NOT_FIRED, timerMessage(now, "and the loop went on without it"));
                    deadline = NONE;
                }
                if (!toVerify.isEmpty()) {
                    found = verifyDeregistered(found);
                }
                if (call == ApiCall.CLEANUP) {
                    ended = true;
                    if (watchdogTask != null) {
                        watchdogTask.cancel(false);
                    }
                }
            }
            report(found);
        }

        @Override
        public void socketAction(CurlSocket s, int events) {
            List<Violation> found = null;
            synchronized (LoopAudit.this) {
                if (ended) {
                    return;
                }
                if (s == null) {
                    // CURL_SOCKET_TIMEOUT: the deadline is served if it passed; an early call is
                    // answered by the multi with the time left, which the timer callback will hear.
                    if (deadline != NONE && System.nanoTime() - deadline >= 0) {
                        deadline = NONE;
                    }
                    return;
                }
                found = checkEvent(s, events, found);
            }
            report(found);
        }

        @Override
        public void socketCallback(CurlSocket s, int what) {
            synchronized (LoopAudit.this) {
                AuditWatch w = sockets.computeIfAbsent(s, k -> new AuditWatch());
                if (what == CURL_POLL_REMOVE) {
                    w.allowed |= w.asked;
                    w.lateEventAllowed = true;
                    w.asked = 0;
                    w.removed = true;
                    w.removedAt = System.nanoTime();
                    if (selector != null) {
                        toVerify.add(s);
                    }
                    if (++removesSincePrune >= PRUNE_EVERY) {
                        prune(w.removedAt);
                    }
                } else {
                    w.removed = false;
                    w.reported = false;
                    w.asked = what;
                    w.allowed |= what;
                }
            }
        }

        @Override
        public void timerCallback(long timeoutMs) {
            synchronized (LoopAudit.this) {
                long now = System.nanoTime();
                toldMs = timeoutMs;
                toldAt = now;
                deadline = timeoutMs < 0 ? NONE : now + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            }
        }
    }

    private List<Violation> checkThread(ApiCall call, List<Violation> found) {
        Thread t = Thread.currentThread();
        if (owner == null || handOver) {
            if (driving(call)) {
                owner = t;
                handOver = false;
            }
            return found;
        }
        if (t == owner) {
            return found;
        }
        if (!owner.isAlive()) {
            owner = t; // the driving thread ended: the multi was handed over
            return found;
        }
        if (reportedThreads.add(t)) {
            found = add(found, Kind.WRONG_THREAD, method(call) + "() was called from thread \"" + t.getName()
                    + "\" while thread \"" + owner.getName() + "\" drives the multi. A multi belongs to one thread"
                    + " at a time: hand work to the loop's thread (a queue and CurlMulti.wakeup(), or"
                    + " SelectorLoop.submit) instead of calling the multi from elsewhere.");
        }
        return found;
    }

    private List<Violation> checkEvent(CurlSocket s, int events, List<Violation> found) {
        AuditWatch w = sockets.get(s);
        int io = events & (CURL_CSELECT_IN | CURL_CSELECT_OUT);
        if (w == null) {
            w = new AuditWatch();
            w.reported = true;
            sockets.put(s, w);
            return add(found, Kind.EVENT_NOT_ASKED, "socketAction(" + s + ", " + events(events) + ") for a socket"
                    + " this multi never asked to watch: pass only sockets that its socket callback announced.");
        }
        if (w.removed) {
            if (w.lateEventAllowed && (io & ~w.allowed) == 0) {
                w.lateEventAllowed = false;
                w.allowed = 0;
                return found;
            }
            if (!w.reported) {
                w.reported = true;
                found = add(found, Kind.WATCHED_AFTER_REMOVE, "socketAction(" + s + ", " + events(events)
                        + ") again after the socket callback said CURL_POLL_REMOVE for it: your loop still"
                        + " watches it. On REMOVE, stop watching the socket at once (cancel its key or set its"
                        + " interest to 0); a level-triggered loop that keeps it spins.");
            }
            return found;
        }
        int unasked = io & ~w.allowed;
        if (unasked != 0 && !w.reported) {
            w.reported = true;
            found = add(found, Kind.EVENT_NOT_ASKED, "socketAction(" + s + ", " + events(events)
                    + ") but the socket callback asked to watch it for " + what(w.asked)
                    + " only: watch each socket for exactly what the last socket callback said"
                    + " (CurlSocket.interestOps(what) gives the selector's operations).");
        }
        w.allowed = w.asked;
        return found;
    }

    private List<Violation> verifyDeregistered(List<Violation> found) {
        for (CurlSocket s : toVerify) {
            AuditWatch w = sockets.get(s);
            if (w == null || !w.removed || w.reported) {
                continue;
            }
            SelectionKey key = s.channel().keyFor(selector);
            int ops;
            try {
                ops = key == null || !key.isValid() ? 0 : key.interestOps();
            } catch (RuntimeException e) {
                ops = 0; // cancelled meanwhile
            }
            if (ops != 0) {
                w.reported = true;
                found = add(found, Kind.WATCHED_AFTER_REMOVE, s + " is still registered with the loop's selector"
                        + " for " + ops(ops) + " after the socket callback said CURL_POLL_REMOVE: set its"
                        + " interest to 0 or cancel its key in the socket callback.");
            }
        }
        toVerify.clear();
        return found;
    }

    private void watchdogCheck() {
        List<Violation> found = null;
        synchronized (this) {
            if (ended) {
                if (watchdogTask != null) {
                    watchdogTask.cancel(false);
                }
                return;
            }
            long now = System.nanoTime();
            if (deadline != NONE && now - deadline > slackNanos && now - lastCallAt > slackNanos) {
                found = add(found, Kind.TIMER_NOT_FIRED, timerMessage(now, "and the loop has made no call since"));
                deadline = NONE;
            }
            if (!toVerify.isEmpty() && now - lastCallAt > slackNanos) {
                // only when the loop has been quiet a while: never in the middle of its socket callback
                found = verifyDeregistered(found);
            }
        }
        report(found);
    }

    private String timerMessage(long now, String tail) {
        return "the timer callback asked for socketAction(CURL_SOCKET_TIMEOUT, 0) in " + toldMs + " ms, "
                + (now - toldAt) / 1_000_000 + " ms ago; it was not called, " + tail + ". When the time given"
                + " to the timer callback runs out (0: at once, from your loop, not inside the callback), call"
                + " socketAction(CURL_SOCKET_TIMEOUT, 0).";
    }

    /** Forgets sockets that were removed a while ago and whose channel is closed. */
    private void prune(long now) {
        removesSincePrune = 0;
        for (Iterator<Map.Entry<CurlSocket, AuditWatch>> it = sockets.entrySet().iterator(); it.hasNext();) {
            Map.Entry<CurlSocket, AuditWatch> e = it.next();
            AuditWatch w = e.getValue();
            if (w.removed && now - w.removedAt > TimeUnit.SECONDS.toNanos(1) && !e.getKey().channel().isOpen()) {
                it.remove();
            }
        }
    }

    private List<Violation> add(List<Violation> found, Kind kind, String message) {
        Violation v = new Violation(kind, message, Thread.currentThread().getName());
        count++;
        if (kept.size() < MAX_KEPT) {
            kept.add(v);
        }
        if (found == null) {
            found = new ArrayList<>(1);
        }
        found.add(v);
        return found;
    }

    /** Hands violations to the reporter, outside the lock. */
    private void report(List<Violation> found) {
        if (found != null) {
            for (Violation v : found) {
                reporter.accept(v);
            }
        }
    }

    private static boolean driving(ApiCall call) {
        switch (call) {
            case SOCKET_ACTION:
            case SOCKET_ALL:
            case PERFORM:
            case POLL:
            case WAIT:
                return true;
            default:
                return false;
        }
    }

    private static String method(ApiCall call) {
        if (call == ApiCall.WAIT) {
            return "await";
        }
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : call.name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return sb.toString();
    }

    private static String events(int ev) {
        if (ev == 0) {
            return "0";
        }
        List<String> parts = new ArrayList<>(3);
        if ((ev & CURL_CSELECT_IN) != 0) {
            parts.add("CURL_CSELECT_IN");
        }
        if ((ev & CURL_CSELECT_OUT) != 0) {
            parts.add("CURL_CSELECT_OUT");
        }
        if ((ev & CURL_CSELECT_ERR) != 0) {
            parts.add("CURL_CSELECT_ERR");
        }
        return String.join("|", parts);
    }

    private static String what(int what) {
        switch (what) {
            case CURL_POLL_IN:
                return "CURL_POLL_IN";
            case CURL_POLL_OUT:
                return "CURL_POLL_OUT";
            case CURL_POLL_INOUT:
                return "CURL_POLL_INOUT";
            default:
                return "nothing";
        }
    }

    private static String ops(int ops) {
        List<String> parts = new ArrayList<>(3);
        if ((ops & SelectionKey.OP_READ) != 0) {
            parts.add("OP_READ");
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            parts.add("OP_WRITE");
        }
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            parts.add("OP_CONNECT");
        }
        return String.join("|", parts);
    }

    private static ScheduledExecutorService watchdogThread() {
        ScheduledExecutorService s = watchdogThread;
        if (s == null) {
            synchronized (LoopAudit.class) {
                s = watchdogThread;
                if (s == null) {
                    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "hiper-loop-audit");
                        t.setDaemon(true);
                        return t;
                    });
                    ex.setRemoveOnCancelPolicy(true);
                    watchdogThread = ex;
                    s = ex;
                }
            }
        }
        return s;
    }
}
