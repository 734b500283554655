package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.loop.SelectorLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client's hiper engine: a {@link CurlMulti} driven by a {@link SelectorLoop} on a thread of
 * its own, plus a queue of tasks that other threads hand to that thread.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start}: the thread {@code hiper-jdk-N} runs rounds: drain the task queue, then one
 *       {@link SelectorLoop#runOnce} (which waits for sockets or the multi's timer).
 *   <li>{@link #execute}: any thread queues a task; the selector is woken once per batch, never
 *       from the engine's own thread. Tasks are the only way other threads touch the multi or a
 *       running {@link CurlEasy} (add, pause, abort).
 *   <li>{@link #add} / {@link #abort} (engine thread): a transfer's handle goes into the multi;
 *       when it ends (or is aborted) its completion hears the {@link CurlCode}, still on the
 *       engine thread.
 *   <li>{@link #shutdown}: the thread stops when no transfer runs and no call may start one.
 *       {@link #shutdownNow}: every transfer is aborted at the next round. {@link #terminated()}
 *       completes when the thread has stopped and the multi is cleaned up.
 * </ol>
 * {@code SelectorLoop.submit} is not used: a submitted handle cannot be taken back out of the
 * multi (its future stays with the loop), and a request that times out or is cancelled must be.
 */
final class Engine {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    private static final int TERMINATED = 3;
    /** The most idle handles kept for reuse. */
    static final int IDLE_HANDLES = 256;

    private final CurlMulti multi;
    private final SelectorLoop loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks the engine's thread gave itself (engine thread only). */
    private final ArrayDeque<Runnable> local = new ArrayDeque<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Transfers in the multi and what to tell when each ends (engine thread only). */
    private final Map<CurlEasy, Consumer<CurlCode>> running = new IdentityHashMap<>();
    /** Handles of ended attempts, ready for the next ones (engine thread). */
    private final ArrayDeque<CurlEasy> idle = new ArrayDeque<>();
    /** What each idle handle's options were last set for ({@link #NO_SETUP}: nothing reusable). */
    private final Map<CurlEasy, Object> setups = new IdentityHashMap<>();
    private static final Object NO_SETUP = new Object();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Calls that may still start a transfer (a 401 about to be tried again): shutdown waits for them. */
    private final AtomicInteger openCalls = new AtomicInteger();
    private final Thread thread;
    private volatile int state = RUNNING;

    /** An engine whose connections are at most {@code maxConnections} (0: no limit). */
    Engine(int maxConnections) {
        multi = CurlMulti.init();
        // Handles leave the multi as soon as they are done, so libcurl's default (4 idle connections
        // per added handle) would shrink to nothing between bursts: keep every idle connection, as
        // the JDK's own pool does (they are never more than were open at once). Under a limit, all
        // of them too, so that a waiting transfer finds one instead of a new connect.
        multi.setopt(CURLMOPT_MAXCONNECTS, maxConnections > 0 ? (long) Math.max(64, maxConnections) : Long.MAX_VALUE);
        if (maxConnections > 0) {
            multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, (long) maxConnections);
        }
        try {
            loop = new SelectorLoop(multi);
        } catch (IOException e) {
            multi.cleanup();
            throw new UncheckedIOException("cannot open a selector", e);
        }
        loop.onDone(this::onDone);
        thread = new Thread(this::main, "hiper-jdk-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
    }

    Engine start() {
        thread.start();
        return this;
    }

    /** Whether the caller is the engine's thread. */
    boolean inEngineThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Queues {@code task} for the engine's thread; from that thread too, it runs at the next round
     * (never nested in a hiper callback). Throws {@link RejectedExecutionException} once the
     * engine has stopped.
     */
    void execute(Runnable task) {
        if (state == TERMINATED) {
            throw new RejectedExecutionException("the client's engine has stopped");
        }
        if (inEngineThread()) {
            // no other thread sees this queue: no atomic operation, no node per task
            local.add(task);
            return;
        }
        tasks.add(task);
        if (state == TERMINATED && tasks.remove(task)) {
            // stopped between the check and the add: nobody would run it
            throw new RejectedExecutionException("the client's engine has stopped");
        }
        if (wakeupPending.compareAndSet(false, true)) {
            loop.selector().wakeup();
        }
    }

    /** A call has started: the engine does not stop at {@link #shutdown} before {@link #callEnded}. */
    void callStarted() {
        openCalls.incrementAndGet();
    }

    /** A call will start no more transfers. */
    void callEnded() {
        if (openCalls.decrementAndGet() == 0 && state == SHUTDOWN) {
            wake();
        }
    }

    /**
     * An easy handle for a new attempt (engine thread): the last one that ended, or a new one; its
     * options are as that attempt left them until {@link #prepare}.
     */
    CurlEasy obtain() {
        CurlEasy e = idle.pollFirst();
        return e != null ? e : CurlEasy.init();
    }

    /**
     * Readies {@code e}'s options for an attempt whose settings are {@code setup} (engine thread):
     * when they were last set for an equal one (the same request with the same settings, an attempt
     * that ended well) they are kept and this returns true; otherwise they go back to the defaults,
     * and the caller sets them. Either way what a handle keeps across transfers (the parsed URL, the
     * request head, the parser) serves the next attempt, and an unchanged request builds no head.
     */
    boolean prepare(CurlEasy e, Object setup) {
        Object was = setups.remove(e);
        if (setup != null && setup.equals(was)) {
            return true;
        }
        if (was != null) {
            e.reset();
        }
        return false;
    }

    /**
     * Takes back the handle of an attempt that has ended (engine thread), with what its options
     * were set for ({@code setup}, or null when they are not to be reused). At most
     * {@value #IDLE_HANDLES} are kept.
     */
    void recycle(CurlEasy e, Object setup) {
        if (idle.size() < IDLE_HANDLES) {
            idle.addFirst(e);
            setups.put(e, setup != null ? setup : NO_SETUP);
        }
    }

    /** Adds a transfer (engine thread); {@code done} hears its result when it ends. */
    void add(CurlEasy easy, Consumer<CurlCode> done) {
        if (state >= STOP) {
            done.accept(CurlCode.CURLE_ABORTED_BY_CALLBACK);
            return;
        }
        CurlMCode mc = multi.addHandle(easy);
        if (mc != CurlMCode.CURLM_OK) {
            done.accept(CurlCode.CURLE_FAILED_INIT);
            return;
        }
        running.put(easy, done);
    }

    /** Takes a running transfer out of the multi (engine thread); its completion hears {@code code}. */
    void abort(CurlEasy easy, CurlCode code) {
        Consumer<CurlCode> done = running.remove(easy);
        if (done != null) {
            multi.removeHandle(easy);
            done.accept(code);
        }
    }

    /** Number of transfers in the multi now (engine thread). */
    int runningCount() {
        return running.size();
    }

    private void onDone(CurlMsg msg) {
        Consumer<CurlCode> done = running.remove(msg.easy());
        multi.removeHandle(msg.easy());
        if (done != null) {
            done.accept(msg.result());
        }
    }

    private void main() {
        Throwable failure = null;
        try {
            while (true) {
                wakeupPending.set(false);
                runTasks();
                if (state >= STOP) {
                    for (CurlEasy easy : new ArrayList<>(running.keySet())) {
                        abort(easy, CurlCode.CURLE_ABORTED_BY_CALLBACK);
                    }
                    runTasks();
                    break;
                }
                if (state == SHUTDOWN && running.isEmpty() && tasks.isEmpty() && local.isEmpty() && openCalls.get() == 0) {
                    break;
                }
                CurlMCode mc = loop.runOnce(0);
                if (mc != CurlMCode.CURLM_OK && mc != CurlMCode.CURLM_ABORTED_BY_CALLBACK) {
                    throw new IOException("the event loop failed: " + mc.strerror());
                }
            }
        } catch (Throwable t) {
            failure = t;
            for (CurlEasy easy : new ArrayList<>(running.keySet())) {
                abort(easy, CurlCode.CURLE_ABORTED_BY_CALLBACK);
            }
        } finally {
            state = TERMINATED;
            for (Runnable r; (r = local.poll()) != null || (r = tasks.poll()) != null; ) {
                runQuietly(r);
            }
            loop.close();
            multi.cleanup();
            if (failure == null) {
                terminated.complete(null);
            } else {
                terminated.completeExceptionally(failure);
            }
        }
    }

    private void runTasks() {
        // a bounded batch: tasks queued by these tasks wait for the next round
        for (int n = local.size(); n > 0; n--) {
            runQuietly(local.poll());
        }
        for (int n = tasks.size(); n > 0; n--) {
            Runnable r = tasks.poll();
            if (r == null) {
                break;
            }
            runQuietly(r);
        }
        if (!tasks.isEmpty() || !local.isEmpty()) {
            // more came while running: make the next select return at once
            loop.selector().wakeup();
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /** No new work from the client; the thread stops once every transfer has ended. */
    void shutdown() {
        synchronized (this) {
            if (state == RUNNING) {
                state = SHUTDOWN;
            }
        }
        wake();
    }

    /** Aborts every transfer at the next round and stops the thread. */
    void shutdownNow() {
        synchronized (this) {
            if (state < STOP) {
                state = STOP;
            }
        }
        wake();
    }

    private void wake() {
        if (!inEngineThread()) {
            loop.selector().wakeup();
        }
    }

    boolean isShutdown() {
        return state != RUNNING;
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }
}
