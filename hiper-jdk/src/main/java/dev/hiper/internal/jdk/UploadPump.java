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
 *   <li>The publisher is asked for {@link #WINDOW} buffers; each {@link #onNext} queues one and
 *       asks the engine to resume the paused upload.
 *   <li>{@link #read} copies queued bytes into hiper's buffer; for every buffer used up it asks
 *       the publisher for one more (on the executor: a publisher may block in {@code request}, an
 *       input stream publisher reads there). An empty queue answers {@code CURL_READFUNC_PAUSE};
 *       after {@link #onComplete} it answers 0 (the end), after {@link #onError}
 *       {@code CURL_READFUNC_ABORT}.
 * </ol>
 * So at most {@link #WINDOW} of the publisher's buffers are held at once.
 */
final class UploadPump implements Flow.Subscriber<ByteBuffer> {
    /** Buffers asked of the publisher ahead of hiper's reads. */
    static final int WINDOW = 4;

    private final HttpRequest.BodyPublisher publisher;
    /** Serial: calls on the subscription must not overlap. */
    private final Workers.Serial userCalls;
    /** Asks the engine to resume a paused upload; the attempt decides how. */
    private final Runnable wakeEngine;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final AtomicLong toRequest = new AtomicLong();
    private volatile Flow.Subscription subscription;
    private volatile boolean completed;
    private volatile Throwable error;
    private volatile boolean cancelled;
    /** Engine thread only. */
    private boolean subscribed;
    private long sent;

    UploadPump(HttpRequest.BodyPublisher publisher, Executor executor, Runnable wakeEngine) {
        this.publisher = publisher;
        this.userCalls = new Workers.Serial(executor);
        this.wakeEngine = wakeEngine;
    }

    /** The read callback's work (engine thread): bytes copied, 0 at the end, or a pause/abort code. */
    int read(ByteBuffer dst) {
        if (!subscribed) {
            subscribed = true;
            userCalls.execute(() -> publisher.subscribe(this));
            return CURL_READFUNC_PAUSE;
        }
        int start = dst.position();
        int used = 0;
        ByteBuffer b;
        while (dst.hasRemaining() && (b = queue.peek()) != null) {
            if (b.remaining() <= dst.remaining()) {
                dst.put(b);
                queue.poll();
                used++;
            } else {
                ByteBuffer part = b.duplicate();
                part.limit(part.position() + dst.remaining());
                dst.put(part);
                b.position(part.position());
            }
        }
        if (used > 0) {
            requestMore(used);
        }
        int copied = dst.position() - start;
        sent += copied;
        if (copied > 0) {
            return copied;
        }
        if (error != null) {
            return CURL_READFUNC_ABORT;
        }
        if (completed && queue.isEmpty()) {
            return 0;
        }
        return CURL_READFUNC_PAUSE;
    }

    /** Whether {@link #read} would now give something other than a pause (engine thread). */
    boolean readable() {
        return !queue.isEmpty() || completed || error != null;
    }

    /** Bytes handed to hiper so far (engine thread). */
    long sent() {
        return sent;
    }

    /** The publisher's failure, if it signalled one. */
    Throwable error() {
        return error;
    }

    private void requestMore(long n) {
        if (toRequest.getAndAdd(n) == 0) {
            userCalls.execute(() -> {
                Flow.Subscription s = subscription;
                long k = toRequest.getAndSet(0);
                if (s != null && k > 0 && !cancelled) {
                    s.request(k);
                }
            });
        }
    }

    /** Stops the publisher (any thread), when the transfer ended before the body did. */
    void cancel() {
        cancelled = true;
        userCalls.execute(() -> {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null || cancelled) {
            s.cancel();
            return;
        }
        subscription = s;
        s.request(WINDOW);
    }

    @Override
    public void onNext(ByteBuffer item) {
        if (item.hasRemaining()) {
            queue.add(item);
            wake();
        } else {
            requestMore(1); // an empty buffer takes no room: ask for the next at once
        }
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        wake();
    }

    @Override
    public void onComplete() {
        completed = true;
        wake();
    }

    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            wakeEngine.run();
        }
    }

    /** Called by the engine task that {@code wakeEngine} queued, before it looks at {@link #readable()}. */
    void woken() {
        wakeScheduled.set(false);
    }
}
