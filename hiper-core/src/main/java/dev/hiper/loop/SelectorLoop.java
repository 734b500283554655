package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlMultiException;
import dev.hiper.curl.CurlSocket;
import dev.hiper.curl.CurlSocketFunction;
import dev.hiper.internal.multi.EngineAccess;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives a {@link CurlMulti} on a {@code java.nio} {@link Selector}, by the eight steps of
 * {@code curl_multi_socket_action(3)}: it installs the socket and timer callbacks, registers each
 * announced socket for {@link CurlSocket#interestOps}, waits no longer than the timer says, and
 * calls {@code socketAction} for each ready socket and {@code CURL_SOCKET_TIMEOUT} when the timer
 * expires.
 *
 * <p>Two ways to use it:
 * <ol>
 *   <li><b>On your thread</b>: add handles to the multi yourself and call {@link #run()},
 *       {@link #runUntil} or {@link #runOnce} from the thread that owns the multi. Finished
 *       transfers go to {@link #onDone} if set, else they stay queued for
 *       {@link CurlMulti#infoRead()}.
 *   <li><b>On a thread of its own</b>: {@link #start()} the loop, then {@link #submit} easy handles
 *       from any thread. Each submission is queued and the loop's selector is woken (once per
 *       batch, and never from the loop's own thread); the loop adds the handle, and when the
 *       transfer ends it removes the handle, calls {@link #onDone} and completes the future that
 *       {@code submit} returned. {@link #shutdown()} lets what runs finish; {@link #shutdownNow()}
 *       ends every submitted transfer at once with {@code CURLE_ABORTED_BY_CALLBACK}. After
 *       {@link #awaitTermination} the multi belongs to the caller again.
 * </ol>
 * {@link #submit} also works with the first way: the handles are added by the next
 * {@link #runOnce} on your thread.
 *
 * <p>Level-triggered (as the selector is). A timer of 0 is not acted on inside the timer callback:
 * it makes the next wait a {@code selectNow}, so the engine is never re-entered. A REMOVEd socket
 * keeps its registration with no interest until its channel closes, which cancels it; so a
 * connection parked and reused is registered once. The exception is a connection that a
 * {@code CURLOPT_CONNECT_ONLY} transfer hands to the application: its registration is cancelled at
 * the REMOVE, so an idle WebSocket session costs this loop nothing.
 *
 * <p>Callbacks ({@code onDone}, the transfers' own callbacks, the futures' dependent actions) run
 * on the loop's thread: keep them short and never block in them.
 */
public final class SelectorLoop implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    private static final int TERMINATED = 3;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final CurlMulti multi;
    private final Selector selector;
    private Consumer<CurlMsg> onDone;
    /** Absolute {@link System#nanoTime()} of the timer, valid when {@link #timerSet}. */
    private long deadline;
    private boolean timerSet;
    private boolean timeoutNow;
    /** The worst answer of socketAction in the current round. */
    private CurlMCode roundResult;
    private final Consumer<SelectionKey> onReady = this::onReady;

    /** Handles given to {@link #submit}, waiting for the loop thread to add them. */
    private final ConcurrentLinkedQueue<Submission> submissions = new ConcurrentLinkedQueue<>();
    /** Submitted handles the loop added and that have not finished (loop thread only). */
    private final SubmittedTransfers inFlight;
    /** Messages for handles the application added itself, read out while delivering submitted ones. */
    private final ArrayDeque<CurlMsg> unclaimed = new ArrayDeque<>();
    /** {@code unclaimed::add}, made once: a method reference is a new object at each evaluation. */
    private final Consumer<CurlMsg> toUnclaimed = unclaimed::add;
    /** True from a submitter's {@code selector.wakeup()} until the loop drains the queue. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile int state = RUNNING;
    /** The thread in {@link #runOnce} now or last; submissions from it need no wake-up. */
    private volatile Thread loopThread;
    private Thread ownThread;
    /** close() was called on the loop's own thread: close the selector when the loop stops. */
    private volatile boolean closeWhenStopped;

    /**
     * A loop for {@code multi}; it sets the multi's socket and timer callbacks.
     *
     * @param multi the multi to drive
     * @throws IOException if the selector cannot be opened
     */
    public SelectorLoop(CurlMulti multi) throws IOException {
        this.multi = multi;
        this.inFlight = new SubmittedTransfers(multi);
        this.selector = Selector.open();
        multi.setopt(CURLMOPT_SOCKETFUNCTION, this::onSocket);
        multi.setopt(CURLMOPT_TIMERFUNCTION, this::onTimer);
    }

    /**
     * The multi it drives.
     *
     * @return the multi given to the constructor
     */
    public CurlMulti multi() {
        return multi;
    }

    /**
     * The selector it waits on, for {@link LoopAudit.Builder#selector}; do not select on it or
     * register other channels with it.
     *
     * @return the loop's selector
     */
    public Selector selector() {
        return selector;
    }

    /**
     * The socket callback this loop installed, for wrapping: an application that wants to see the
     * announcements (to log or count them) sets its own callback that calls this one.
     *
     * @return the loop's socket callback
     */
    public CurlSocketFunction socketFunction() {
        return this::onSocket;
    }

    /**
     * The timer callback this loop installed, for wrapping in the same way as
     * {@link #socketFunction()}.
     *
     * @return the loop's timer callback
     */
    public dev.hiper.curl.CurlTimerFunction timerFunction() {
        return this::onTimer;
    }

    /**
     * Where finished transfers go, on the loop's thread; null leaves them for
     * {@link CurlMulti#infoRead()} (or {@link #infoRead()} once handles were submitted).
     *
     * @param handler called with each finished transfer's message, or null
     * @return this loop
     */
    public SelectorLoop onDone(Consumer<CurlMsg> handler) {
        this.onDone = handler;
        return this;
    }

    // ---- the callbacks ----

    private int onSocket(CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp) {
        SelectableChannel ch = s.channel();
        SelectionKey key = ch.keyFor(selector);
        int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
        try {
            if (key != null && key.isValid()) {
                if (what == CURL_POLL_REMOVE && EngineAccess.handedOver(s)) {
                    key.cancel(); // a CONNECT_ONLY connection: the application watches it now
                } else {
                    key.interestOps(ops);
                }
            } else if (ops != 0 && ch.isOpen()) {
                ch.register(selector, ops, s);
            }
        } catch (ClosedChannelException | CancelledKeyException | ClosedSelectorException e) {
            // the channel (or this loop) is going away; nothing to watch
        }
        return 0;
    }

    private int onTimer(CurlMulti m, long timeoutMs, Object clientp) {
        if (timeoutMs < 0) {
            timerSet = false;
            timeoutNow = false;
        } else if (timeoutMs == 0) {
            timeoutNow = true;
            timerSet = false;
        } else {
            timeoutNow = false;
            timerSet = true;
            deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        }
        return 0;
    }

    // ---- running on the caller's thread ----

    /**
     * One round: add submitted handles, wait for sockets or the timer (at most {@code maxWaitMs},
     * 0 meaning no limit other than the timer), act on what is ready, hand over finished transfers.
     *
     * @param maxWaitMs the longest wait in milliseconds; 0 for as long as the timer allows
     * @return {@code CURLM_OK}; else an error the multi answered in this round, or
     *     {@code CURLM_UNRECOVERABLE_POLL} if the selector failed
     */
    public CurlMCode runOnce(long maxWaitMs) {
        loopThread = Thread.currentThread();
        wakeupPending.set(false);
        addSubmitted();
        try {
            long wait;
            if (timeoutNow || !submissions.isEmpty()) {
                wait = -1;
            } else if (timerSet) {
                long left = deadline - System.nanoTime();
                wait = left <= 0 ? -1 : Math.max(1, (left + 999_999) / 1_000_000);
            } else {
                wait = 0;
            }
            if (maxWaitMs > 0 && (wait == 0 || wait > maxWaitMs)) {
                wait = maxWaitMs;
            }
            // The select(Consumer) forms hand each ready key over directly: no selected-key set
            // to fill, iterate and empty on every round.
            roundResult = CurlMCode.CURLM_OK;
            if (wait < 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, wait);
            }
        } catch (IOException | ClosedSelectorException e) {
            return CurlMCode.CURLM_UNRECOVERABLE_POLL;
        }
        CurlMCode result = roundResult;
        if (timeoutNow || (timerSet && deadline - System.nanoTime() <= 0)) {
            timeoutNow = false;
            timerSet = false;
            CurlMCode mc = multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
            if (mc != CurlMCode.CURLM_OK) {
                result = mc;
            }
        }
        deliverFinished();
        return result;
    }

    private void onReady(SelectionKey key) {
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // closed by hiper while this round was being handled
        }
        int ev = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ev |= CURL_CSELECT_IN;
        }
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ev |= CURL_CSELECT_OUT;
        }
        CurlMCode mc = multi.socketAction((CurlSocket) key.attachment(), ev);
        if (mc != CurlMCode.CURLM_OK) {
            roundResult = mc;
        }
    }

    /**
     * Runs until no transfer is running and no submitted handle is waiting.
     *
     * @return {@code CURLM_OK}, or the first failure as {@link #runUntil} reports it
     */
    public CurlMCode run() {
        return runUntil(() -> multi.runningHandles() == 0 && submissions.isEmpty() && inFlight.isEmpty());
    }

    /**
     * Runs rounds until {@code done} says so (checked before each round) or the multi fails.
     *
     * @param done true when the loop should stop
     * @return {@code CURLM_OK} once {@code done}; else the failing round's answer, or
     *     {@code CURLM_UNRECOVERABLE_POLL} if the thread was interrupted
     */
    public CurlMCode runUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (Thread.currentThread().isInterrupted()) {
                // select() returns at once on an interrupted thread: stop instead of spinning
                return CurlMCode.CURLM_UNRECOVERABLE_POLL;
            }
            CurlMCode mc = runOnce(0);
            if (mc != CurlMCode.CURLM_OK) {
                return mc;
            }
        }
        return CurlMCode.CURLM_OK;
    }

    /**
     * The next message for a handle the application added itself that this loop read out of the
     * multi while delivering submitted handles (only without {@link #onDone}); else
     * {@link CurlMulti#infoRead()}.
     *
     * @return the next message, or null when none is queued
     */
    public CurlMsg infoRead() {
        CurlMsg m = unclaimed.poll();
        return m != null ? m : multi.infoRead();
    }

    private void deliverFinished() {
        if (onDone == null && inFlight.isEmpty()) {
            return; // leave the messages to the application's infoRead()
        }
        inFlight.deliverFinished(onDone, toUnclaimed);
    }

    // ---- submitting from any thread ----

    /**
     * Queues {@code easy} to be added by the loop's thread; any thread may call it. The future
     * completes with the transfer's {@code CURLMSG_DONE} message, on the loop's thread, after the
     * handle was removed from the multi (so it can be used again at once). It fails with
     * {@link RejectedExecutionException} once the loop is shut down, and with
     * {@link CurlMultiException} if the multi refuses the handle (already added, say).
     *
     * @param easy the transfer to run
     * @return a future of the transfer's message
     */
    public CompletableFuture<CurlMsg> submit(CurlEasy easy) {
        Objects.requireNonNull(easy, "easy");
        CompletableFuture<CurlMsg> f = new CompletableFuture<>();
        if (state != RUNNING) {
            f.completeExceptionally(new RejectedExecutionException("the loop is shut down"));
            return f;
        }
        Submission sub = new Submission(easy, f);
        submissions.add(sub);
        if (state == TERMINATED && submissions.remove(sub)) {
            // the loop ended between the check and the add: it will not see this one
            f.completeExceptionally(new RejectedExecutionException("the loop is shut down"));
            return f;
        }
        signal();
        return f;
    }

    /**
     * Wakes the loop's selector from another thread, once until the loop takes the queue again
     * (a {@code Selector.wakeup()} is a system call; the loop's own thread never needs one).
     */
    private void signal() {
        if (Thread.currentThread() != loopThread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Adds every queued submission (loop thread). */
    private void addSubmitted() {
        Submission sub;
        while ((sub = submissions.poll()) != null) {
            if (state >= STOP) {
                SubmittedTransfers.abort(sub.easy, sub.future, onDone);
                continue;
            }
            inFlight.add(sub.easy, sub.future);
        }
    }

    // ---- running on a thread of its own ----

    /**
     * Starts the loop on a daemon thread of its own ({@code hiper-loop-N}).
     *
     * @return this loop
     * @throws IllegalStateException if it was started or shut down before
     */
    public SelectorLoop start() {
        return start(r -> {
            Thread t = new Thread(r, "hiper-loop-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the loop on a thread made by {@code factory}. From then on only that thread drives the
     * multi.
     *
     * @param factory makes the loop's thread
     * @return this loop
     * @throws IllegalStateException if it was started or shut down before
     */
    public synchronized SelectorLoop start(ThreadFactory factory) {
        if (ownThread != null) {
            throw new IllegalStateException("already started");
        }
        if (state != RUNNING) {
            throw new IllegalStateException("shut down");
        }
        ownThread = factory.newThread(this::loopMain);
        loopThread = ownThread;
        ownThread.start();
        return this;
    }

    private void loopMain() {
        Throwable failure = null;
        try {
            while (true) {
                if (state >= STOP || Thread.currentThread().isInterrupted()) {
                    // interrupted: select() would return at once forever; stop as shutdownNow does
                    abortSubmitted();
                    break;
                }
                if (state == SHUTDOWN && submissions.isEmpty() && inFlight.isEmpty()
                        && multi.runningHandles() == 0) {
                    break;
                }
                CurlMCode mc;
                try {
                    mc = runOnce(0);
                } catch (RuntimeException e) {
                    // an onDone handler threw: report it and keep the other transfers going
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                    continue;
                }
                if (mc != CurlMCode.CURLM_OK && mc != CurlMCode.CURLM_ABORTED_BY_CALLBACK) {
                    failure = new CurlMultiException(mc);
                    abortSubmitted();
                    break;
                }
            }
        } catch (Throwable t) {
            failure = t;
            try {
                abortSubmitted();
            } catch (Throwable ignored) {
                // the failure above is what the caller hears about
            }
        } finally {
            terminate(failure);
            if (closeWhenStopped) {
                closeSelector();
            }
        }
    }

    private void terminate(Throwable failure) {
        state = TERMINATED;
        Submission sub;
        while ((sub = submissions.poll()) != null) {
            sub.future.completeExceptionally(new RejectedExecutionException("the loop is shut down"));
        }
        if (failure == null) {
            terminated.complete(null);
        } else {
            terminated.completeExceptionally(failure);
        }
    }

    /** Ends every submitted transfer now: finished ones with their result, the rest aborted. */
    private void abortSubmitted() {
        deliverFinished();
        inFlight.abortAll(onDone);
        Submission sub;
        while ((sub = submissions.poll()) != null) {
            SubmittedTransfers.abort(sub.easy, sub.future, onDone);
        }
    }

    /**
     * No new submissions (they fail with {@link RejectedExecutionException}); what was submitted,
     * and anything else running in the multi, goes on until it ends, then the loop's thread stops.
     */
    public void shutdown() {
        synchronized (this) {
            if (state == RUNNING) {
                state = SHUTDOWN;
            }
        }
        wake();
    }

    /**
     * No new submissions; at the loop's next round every submitted transfer still running is
     * removed from the multi and completes with {@code CURLE_ABORTED_BY_CALLBACK}, and the loop's
     * thread stops. Handles the application added itself stay added.
     */
    public void shutdownNow() {
        synchronized (this) {
            if (state < STOP) {
                state = STOP;
            }
        }
        wake();
    }

    private void wake() {
        if (Thread.currentThread() != loopThread) {
            selector.wakeup();
        }
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} was called.
     *
     * @return true once either was called
     */
    public boolean isShutdown() {
        return state != RUNNING;
    }

    /**
     * Waits for the loop's own thread to stop; true if it did within the time. Fails if the loop
     * was never started.
     *
     * @param timeout the longest wait
     * @param unit the unit of {@code timeout}
     * @return true if the thread stopped, false if the time ran out first
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalStateException if the loop was never started
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = ownThread;
        }
        if (t == null) {
            throw new IllegalStateException("not started");
        }
        t.join(Math.max(1, unit.toMillis(timeout)));
        return !t.isAlive();
    }

    /**
     * Completes when the loop's own thread has stopped; exceptionally if the multi failed
     * ({@link CurlMultiException}) or a callback threw an {@link Error}.
     *
     * @return the loop's termination
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Stops the loop's thread if it runs ({@link #shutdownNow()} and waits for it), then closes the
     * selector. The multi stays as it is.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = ownThread;
        }
        if (t != null && t == Thread.currentThread()) {
            closeWhenStopped = true;
            shutdownNow();
            return;
        }
        if (t != null && t.isAlive()) {
            shutdownNow();
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closeSelector();
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
