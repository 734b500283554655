package dev.hiper.internal.jdk;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every client shares: the default executor that runs user code (body handlers,
 * subscribers, publishers, authenticators, dependent actions), as the JDK's client has one when
 * none is given, and one timer thread for request timeouts. All are daemon threads; idle workers
 * end after 60 seconds. {@link Serial} puts the signals of one Flow subscription in order on any
 * of them.
 */
final class Workers {
    private static final AtomicInteger WORKERS = new AtomicInteger();

    /** A cached pool: user code may block (a file subscriber, an input stream publisher). */
    static final Executor DEFAULT_EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "hiper-jdk-worker-" + WORKERS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /** Request timeouts; each task only queues work for an engine, so one thread is plenty. */
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private Workers() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "hiper-jdk-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        t.setKeepAliveTime(60, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    /**
     * Runs tasks one at a time, in the order given, on another executor: the Flow rules want the
     * signals to one subscriber (and the calls on one subscription) serial and ordered, while the
     * threads they run on may change. A task that throws is reported to the thread's uncaught-exception
     * handler and the next one runs.
     */
    static final class Serial implements Executor {
        private final Executor base;
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();
        private final Runnable drainTask = this::drain;
        /**
         * The task that found the executor idle: set before the drain is handed to {@code base},
         * taken by that drain (the count in {@code pending} orders the two).
         */
        private Runnable first;

        Serial(Executor base) {
            this.base = base;
        }

        @Override
        public void execute(Runnable task) {
            if (pending.compareAndSet(0, 1)) {
                // nothing queued or running: this task goes first, without a queue node
                first = task;
            } else {
                queue.add(task);
                if (pending.getAndIncrement() != 0) {
                    return;
                }
            }
            try {
                base.execute(drainTask);
            } catch (RuntimeException e) {
                // the user's executor refused: run here rather than lose the signals
                drain();
            }
        }

        private void drain() {
            Runnable r = first;
            if (r != null) {
                first = null;
            } else {
                r = queue.poll();
            }
            while (true) {
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
                if (pending.decrementAndGet() == 0) {
                    return;
                }
                r = queue.poll();
            }
        }
    }
}
