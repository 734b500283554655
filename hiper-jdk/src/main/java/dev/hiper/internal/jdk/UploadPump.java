package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body: the {@link HttpRequest.BodyPublisher}'s buffers, handed to hiper's read
 * callback under Flow backpressure.
 *
 * <ol>
 *   <li>The first {@link #read} (engine thread) subscribes to the publisher, on the user's
 *       executor, and answers {@code CURL_READFUNC_PAUSE}: nothing is asked of the publisher
 *       before hiper wants to send.
 *   <li>The publisher is asked for {@link #WINDOW} buffers; each {@code onNext} queues one and
 *       asks the engine to resume the paused upload.
 *   <li>{@link #read} copies queued bytes into hiper's buffer; for every buffer used up it asks
 *       the publisher for one more (on the executor: a publisher may block in {@code request}, an
 *       input stream publisher reads there). An empty queue answers {@code CURL_READFUNC_PAUSE};
 *       after {@code onComplete} it answers 0 (the end), after {@code onError}
 *       {@code CURL_READFUNC_ABORT}.
 *   <li>{@link #rewind} (hiper's seek callback, when a request must go again on a new connection):
 *       the subscription is cancelled and the next read subscribes again, as the JDK's client
 *       does when it resends a request; what the old subscription still delivers is dropped.
 * </ol>
 * So at most {@link #WINDOW} of the publisher's buffers are held at once.
 */
final class UploadPump {
    /** Buffers asked of the publisher ahead of hiper's reads. */
    static final int WINDOW = 4;

    private final HttpRequest.BodyPublisher publisher;
    /** Serial: calls on a subscription must not overlap. */
    private final Workers.Serial userCalls;
    /** Asks the engine to resume a paused upload; the attempt decides how. */
    private final Runnable wakeEngine;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    /** The current subscription's state; replaced by {@link #rewind}. */
    private volatile Body body;
    private volatile boolean cancelled;
    /** Engine thread only. */
    private boolean subscribed;

    UploadPump(HttpRequest.BodyPublisher publisher, Executor executor, Runnable wakeEngine) {
        this.publisher = publisher;
        this.userCalls = new Workers.Serial(executor);
        this.wakeEngine = wakeEngine;
        this.body = new Body();
    }

    /** The read callback's work (engine thread): bytes copied, 0 at the end, or a pause/abort code. */
    int read(ByteBuffer dst) {
        Body b = body;
        if (!subscribed) {
            subscribed = true;
            userCalls.execute(() -> publisher.subscribe(b));
            return CURL_READFUNC_PAUSE;
        }
        int start = dst.position();
        int used = 0;
        ByteBuffer next;
        while (dst.hasRemaining() && (next = b.queue.peek()) != null) {
            if (next.remaining() <= dst.remaining()) {
                dst.put(next);
                b.queue.poll();
                used++;
            } else {
                ByteBuffer part = next.duplicate();
                part.limit(part.position() + dst.remaining());
                dst.put(part);
                next.position(part.position());
            }
        }
        if (used > 0) {
            b.requestMore(used);
        }
        int copied = dst.position() - start;
        if (copied > 0) {
            return copied;
        }
        if (b.error != null) {
            return CURL_READFUNC_ABORT;
        }
        if (b.completed && b.queue.isEmpty()) {
            return 0;
        }
        return CURL_READFUNC_PAUSE;
    }

    /** Whether {@link #read} would now give something other than a pause (engine thread). */
    boolean readable() {
        Body b = body;
        return !b.queue.isEmpty() || b.completed || b.error != null;
    }

    /** The publisher's failure, if it signalled one. */
    Throwable error() {
        return body.error;
    }

    /** Starts the body again from its first byte (engine thread). */
    void rewind() {
        Body old = body;
        body = new Body();
        subscribed = false;
        old.cancel();
    }

    /** Stops the publisher (any thread), when the transfer ended before the body did. */
    void cancel() {
        cancelled = true;
        body.cancel();
    }

    /** Called by the engine task that {@code wakeEngine} queued, before it looks at {@link #readable()}. */
    void woken() {
        wakeScheduled.set(false);
    }

    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            wakeEngine.run();
        }
    }

    /** One subscription to the publisher and what it delivered. */
    private final class Body implements Flow.Subscriber<ByteBuffer> {
        final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
        final AtomicLong toRequest = new AtomicLong();
        volatile Flow.Subscription subscription;
        volatile boolean completed;
        volatile Throwable error;
        volatile boolean dropped;

        void requestMore(long n) {
            if (toRequest.getAndAdd(n) == 0) {
                userCalls.execute(() -> {
                    Flow.Subscription s = subscription;
                    long k = toRequest.getAndSet(0);
                    if (s != null && k > 0 && !dropped) {
                        s.request(k);
                    }
                });
            }
        }

        void cancel() {
            dropped = true;
            userCalls.execute(() -> {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            });
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (subscription != null || dropped || cancelled) {
                s.cancel();
                return;
            }
            subscription = s;
            s.request(WINDOW);
        }

        @Override
        public void onNext(ByteBuffer item) {
            if (dropped) {
                return;
            }
            if (item.hasRemaining()) {
                queue.add(item);
                wake();
            } else {
                requestMore(1); // an empty buffer takes no room: ask for the next at once
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!dropped) {
                error = t;
                wake();
            }
        }

        @Override
        public void onComplete() {
            if (!dropped) {
                completed = true;
                wake();
            }
        }
    }
}
