package dev.hiper.internal.jdk;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in the order given, on another executor: the Flow rules want the
 * signals to one subscriber (and the calls on one subscription) serial and ordered, while the
 * threads they run on may change. A task that throws is reported to the thread's uncaught-exception
 * handler and the next one runs.
 */
final class SerialExecutor implements Executor {
    private final Executor base;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor base) {
        this.base = base;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (pending.getAndIncrement() == 0) {
            try {
                base.execute(this::drain);
            } catch (RuntimeException e) {
                // the user's executor refused: run here rather than lose the signals
                drain();
            }
        }
    }

    private void drain() {
        do {
            Runnable r = queue.poll();
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
