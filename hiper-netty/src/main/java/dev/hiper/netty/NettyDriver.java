package dev.hiper.netty;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlMultiException;
import dev.hiper.curl.CurlSocket;
import dev.hiper.loop.SubmittedTransfers;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoEvent;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives a {@link CurlMulti} from one Netty 4.2 NIO event loop, so a Netty application runs hiper
 * transfers on the threads it already has.
 *
 * <ol>
 *   <li>{@link #open(IoEventLoop, Consumer)} creates the multi on the loop's thread and installs
 *       the socket and timer callbacks there.
 *   <li>The socket callback registers each socket's channel with the loop's own selector through
 *       Netty's {@code IoHandle} API ({@link NioIoHandle}, {@link IoEventLoop#register}), sets its
 *       interest with {@link IoRegistration#submit} and cancels the registration on
 *       {@code CURL_POLL_REMOVE}. Netty hands readiness back to {@code handle()}, which calls
 *       {@code socketAction} for that socket.
 *   <li>The timer callback puts the deadline on the loop's scheduler; a timeout of 0 becomes a task
 *       that runs after the current call (never a call back into the multi from its callback).
 *   <li>{@link #submit} may be called from any thread: the handle goes to the loop as a task
 *       ({@code execute}, which wakes Netty's selector only when needed). When the transfer ends,
 *       the handle is removed from the multi, {@link #onDone} hears the message, and the future
 *       completes, all on the loop's thread.
 *   <li>{@link #shutdown()} refuses new handles and, once nothing runs, cleans the multi up and
 *       cancels every registration; {@link #shutdownNow()} first ends each submitted transfer with
 *       {@code CURLE_ABORTED_BY_CALLBACK}. Shut the driver down before the event loop group.
 * </ol>
 *
 * <p>Every call into the multi, every hiper callback and every completion happens on the event
 * loop's thread. Keep callbacks short: they share that thread with the application's channels.
 */
public final class NettyDriver implements AutoCloseable {
    private static final long NONE = Long.MIN_VALUE;
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    private static final int TERMINATED = 3;

    private final IoEventLoop loop;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile int state = RUNNING;

    // loop thread only
    private CurlMulti multi;
    private Consumer<CurlMsg> onDone;
    private SubmittedTransfers inFlight;
    /** Messages for handles added through {@link #execute}, kept when there is no onDone. */
    private final ArrayDeque<CurlMsg> unclaimed = new ArrayDeque<>();
    private final Set<Watch> watches = Collections.newSetFromMap(new IdentityHashMap<>());
    /** {@link System#nanoTime()} at which the multi wants its timeout call; NONE for never. */
    private long timerDue = NONE;
    private ScheduledFuture<?> timerTask;
    private long timerTaskDue;
    private boolean timeoutQueued;

    private NettyDriver(IoEventLoop loop) {
        this.loop = loop;
    }

    /**
     * {@link #open(IoEventLoop, Consumer)} with no configuration.
     *
     * @param loop an event loop with an {@code NioIoHandler}
     * @return the driver, its multi set up
     * @throws IllegalArgumentException if {@code loop} is not an NIO event loop
     */
    public static NettyDriver open(IoEventLoop loop) {
        return open(loop, m -> { });
    }

    /**
     * A driver on {@code loop} (an event loop with an {@code NioIoHandler}), with a new multi that
     * {@code configure} may set options on (on the loop's thread). Called from another thread it
     * waits until the multi is set up; called on the loop's thread it sets up at once.
     *
     * @param loop an event loop with an {@code NioIoHandler}
     * @param configure sets options on the new multi, on the loop's thread
     * @return the driver, its multi set up
     * @throws IllegalArgumentException if {@code loop} is not an NIO event loop
     */
    public static NettyDriver open(IoEventLoop loop, Consumer<CurlMulti> configure) {
        Objects.requireNonNull(configure, "configure");
        if (!loop.isCompatible(Watch.class)) {
            throw new IllegalArgumentException("not an NIO event loop (NioIoHandler): " + loop);
        }
        NettyDriver d = new NettyDriver(loop);
        if (loop.inEventLoop()) {
            d.init(configure);
        } else {
            loop.submit(() -> d.init(configure)).syncUninterruptibly();
        }
        return d;
    }

    private void init(Consumer<CurlMulti> configure) {
        multi = CurlMulti.init();
        inFlight = new SubmittedTransfers(multi);
        multi.setopt(CURLMOPT_SOCKETFUNCTION, this::onSocket);
        multi.setopt(CURLMOPT_TIMERFUNCTION, this::onTimer);
        configure.accept(multi);
    }

    /**
     * The event loop it runs on.
     *
     * @return the loop given to {@code open}
     */
    public IoEventLoop eventLoop() {
        return loop;
    }

    /**
     * The multi, for code running on the loop's thread (to add handles of its own, read info,
     * set options); from any other thread it throws {@link IllegalStateException}.
     *
     * @return the driver's multi
     * @throws IllegalStateException if called from another thread
     */
    public CurlMulti multi() {
        checkLoopThread();
        return multi;
    }

    /**
     * Where every finished transfer's message goes, on the loop's thread. Set it on the loop's
     * thread or before submitting.
     *
     * @param handler called with each finished transfer's message, or null
     * @return this driver
     */
    public NettyDriver onDone(Consumer<CurlMsg> handler) {
        this.onDone = handler;
        return this;
    }

    /**
     * On the loop's thread: the next message of a handle added through {@link #execute} when no
     * {@link #onDone} is set (the driver reads the multi after every call), else null.
     *
     * @return the next such message, or null
     * @throws IllegalStateException if called from another thread
     */
    public CurlMsg infoRead() {
        checkLoopThread();
        return unclaimed.poll();
    }

    /**
     * Runs {@code task} with the multi on the loop's thread; any thread may call it. Handles it adds
     * itself stay added when done: their messages go to {@link #onDone} (or {@link #infoRead()}).
     *
     * @param task what to do with the multi
     * @return Netty's future of the task
     */
    public Future<?> execute(Consumer<CurlMulti> task) {
        return loop.submit(() -> {
            task.accept(multi);
            afterCall();
        });
    }

    /**
     * Hands {@code easy} to the loop, which adds it to the multi; any thread may call it. The future
     * completes on the loop's thread with the transfer's {@code CURLMSG_DONE} message after the
     * handle was removed from the multi. It fails with {@link RejectedExecutionException} once the
     * driver is shut down and with {@link CurlMultiException} if the multi refuses the handle.
     *
     * @param easy the transfer to run
     * @return a future of the transfer's message
     */
    public CompletableFuture<CurlMsg> submit(CurlEasy easy) {
        Objects.requireNonNull(easy, "easy");
        CompletableFuture<CurlMsg> f = new CompletableFuture<>();
        if (state != RUNNING) {
            f.completeExceptionally(new RejectedExecutionException("the driver is shut down"));
            return f;
        }
        try {
            // A task even on the loop's thread: the caller may be inside one of hiper's callbacks.
            loop.execute(() -> add(easy, f));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private void add(CurlEasy easy, CompletableFuture<CurlMsg> f) {
        if (state >= STOP || multi == null) {
            SubmittedTransfers.abort(easy, f, onDone);
            return;
        }
        inFlight.add(easy, f);
    }

    // ---- hiper's callbacks ----

    /** A socket of the multi, registered with the loop's selector. */
    private final class Watch implements NioIoHandle {
        final CurlSocket socket;
        IoRegistration registration;

        Watch(CurlSocket socket) {
            this.socket = socket;
        }

        @Override
        public SelectableChannel selectableChannel() {
            return socket.channel();
        }

        @Override
        public void handle(IoRegistration reg, IoEvent event) {
            int ready = ((NioIoEvent) event).ops().value();
            int ev = 0;
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                ev |= CURL_CSELECT_IN;
            }
            if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                ev |= CURL_CSELECT_OUT;
            }
            multi.socketAction(socket, ev);
            afterCall();
        }

        void cancel() {
            watches.remove(this);
            if (registration != null) {
                registration.cancel();
                registration = null;
            }
        }

        @Override
        public void close() {
            // Netty lets go of the registration (its key went invalid, or the loop is closing);
            // the channel is hiper's and stays open until hiper closes it.
            watches.remove(this);
            registration = null;
        }
    }

    private int onSocket(CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp) {
        Watch w = (Watch) socketp;
        if (what == CURL_POLL_REMOVE) {
            if (w != null) {
                w.cancel(); // hiper forgets socketp at REMOVE; a later announcement registers anew
            }
            return 0;
        }
        if (w == null || w.registration == null) {
            w = new Watch(s);
            Future<IoRegistration> reg = loop.register(w); // on the loop's thread: done at once
            if (!reg.isSuccess()) {
                return -1;
            }
            w.registration = reg.getNow();
            watches.add(w);
            multi.assign(s, w);
        }
        w.registration.submit(NioIoOps.valueOf(s.interestOps(what)));
        return 0;
    }

    private int onTimer(CurlMulti m, long timeoutMs, Object clientp) {
        if (timeoutMs < 0) {
            timerDue = NONE; // a task still scheduled finds nothing due and does nothing
            return 0;
        }
        long now = System.nanoTime();
        timerDue = now + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (timeoutMs == 0) {
            if (!timeoutQueued) {
                timeoutQueued = true;
                loop.execute(this::timerFired);
            }
        } else if (timerTask == null || timerTaskDue - timerDue > 0) {
            schedule(timeoutMs, timerDue);
        }
        // A task scheduled earlier than the new deadline stays: it re-arms when it finds nothing due.
        return 0;
    }

    private void schedule(long ms, long due) {
        if (timerTask != null) {
            timerTask.cancel(false);
        }
        timerTaskDue = due;
        timerTask = loop.schedule(() -> {
            timerTask = null;
            timerFired();
        }, ms, TimeUnit.MILLISECONDS);
    }

    private void timerFired() {
        timeoutQueued = false;
        if (timerDue == NONE || multi == null || state == TERMINATED) {
            return;
        }
        long left = timerDue - System.nanoTime();
        if (left > 0) {
            if (timerTask == null) {
                schedule(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)), timerDue);
            }
            return;
        }
        timerDue = NONE;
        multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
        afterCall();
    }

    // ---- after each call: finished transfers, and the end of a shutdown ----

    private void afterCall() {
        if (multi == null || state == TERMINATED) {
            return;
        }
        inFlight.deliverFinished(onDone, unclaimed::add);
        if (state == SHUTDOWN && inFlight.isEmpty() && multi.runningHandles() == 0) {
            finish();
        }
    }

    /** Cleans the multi up (REMOVE cancels the registrations) and lets go of what is left. */
    private void finish() {
        state = TERMINATED;
        if (timerTask != null) {
            timerTask.cancel(false);
            timerTask = null;
        }
        multi.cleanup();
        for (Watch w : new ArrayList<>(watches)) {
            w.cancel(); // sockets parked idle were not watched, but may still be registered
        }
        terminated.complete(null);
    }

    /**
     * Refuses new handles; what runs goes on, and when nothing is left the multi is cleaned up and
     * every registration cancelled. The returned future completes then.
     *
     * @return the driver's termination, as {@link #terminated()}
     */
    public CompletableFuture<Void> shutdown() {
        if (state == RUNNING) {
            state = SHUTDOWN;
        }
        runOnLoop(this::afterCall);
        return terminated;
    }

    /**
     * Refuses new handles and ends every submitted transfer now with
     * {@code CURLE_ABORTED_BY_CALLBACK}, then cleans up as {@link #shutdown()} does.
     *
     * @return the driver's termination, as {@link #terminated()}
     */
    public CompletableFuture<Void> shutdownNow() {
        if (state < STOP) {
            state = STOP;
        }
        runOnLoop(() -> {
            if (state == TERMINATED) {
                return;
            }
            afterCall(); // finished ones keep their real result
            inFlight.abortAll(onDone);
            finish();
        });
        return terminated;
    }

    /**
     * Completes when the driver has cleaned up.
     *
     * @return a future that completes then; exceptionally if the event loop was gone first
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * How many of hiper's channels are registered with the loop now (for diagnostics and tests).
     *
     * @return the number of registrations
     * @throws IllegalStateException if called from another thread
     */
    public int registrations() {
        checkLoopThread();
        return watches.size();
    }

    /** {@link #shutdownNow()}, waiting for it unless called on the loop's thread. */
    @Override
    public void close() {
        CompletableFuture<Void> done = shutdownNow();
        if (!loop.inEventLoop()) {
            done.join();
        }
    }

    /** Queues {@code r} on the loop, even from the loop's thread: the caller may be inside a callback. */
    private void runOnLoop(Runnable r) {
        try {
            loop.execute(r);
        } catch (RejectedExecutionException e) {
            terminated.completeExceptionally(e); // the event loop is gone
        }
    }

    private void checkLoopThread() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("only on the event loop's thread (" + Thread.currentThread().getName() + ")");
        }
    }
}
