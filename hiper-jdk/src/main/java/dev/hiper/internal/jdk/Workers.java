package dev.hiper.internal.jdk;

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
 * end after 60 seconds.
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
}
