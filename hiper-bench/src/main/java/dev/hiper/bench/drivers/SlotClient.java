package dev.hiper.bench.drivers;

import dev.hiper.bench.Driver;
import dev.hiper.bench.OpenLoop;
import dev.hiper.bench.Run;

/**
 * A client whose requests complete on its own threads: each slot sends a request, and its
 * completion counts it and sends the slot's next one, until the run says stop. In an open-loop
 * cell {@link OpenLoop} sends instead, at fixed times, and a completion only reports its end.
 */
abstract class SlotClient implements Driver.Client {
    @Override
    public final void start(Run run) {
        if (run.work.openLoop()) {
            OpenLoop.start(run, System.nanoTime(), t -> send(run, t));
            return;
        }
        for (int i = 0; i < run.work.concurrency; i++) {
            next(run, 0);
        }
    }

    /**
     * The request sent at {@code t} (its intended time in an open-loop cell) ended: sends the
     * slot's next request, or ends the slot; in an open-loop cell records its latency.
     */
    final void next(Run run, long t) {
        if (run.work.openLoop()) {
            run.done(t, true); // failures are counted by run.failed, for the whole run
            return;
        }
        if (!run.next()) {
            run.slotDone();
            return;
        }
        send(run, System.nanoTime());
    }

    /**
     * Sends one request; its completion must count it ({@link #status} or {@code run.failed}) and
     * call {@link #next} with the same {@code t}.
     */
    abstract void send(Run run, long t);

    /**
     * Counts an exchange that ended with {@code code} over {@code h2} (whether the answer came
     * over HTTP/2): only 200 succeeds, and in an HTTP/2 cell only over HTTP/2.
     */
    static void status(Run run, int code, boolean h2) {
        if (run.work.h2() && !h2) {
            run.failed("not answered over HTTP/2");
        } else {
            status(run, code);
        }
    }

    /** Counts an exchange that ended with {@code code}: only 200 succeeds. */
    static void status(Run run, int code) {
        if (code == 200) {
            run.succeeded();
        } else {
            run.failed("status " + code);
        }
    }
}
