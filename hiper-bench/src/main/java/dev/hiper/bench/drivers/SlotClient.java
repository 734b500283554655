package dev.hiper.bench.drivers;

import dev.hiper.bench.Driver;
import dev.hiper.bench.Run;

/**
 * A client whose requests complete on its own threads: each slot sends a request, and its
 * completion counts it and sends the slot's next one, until the run says stop.
 */
abstract class SlotClient implements Driver.Client {
    @Override
    public final void start(Run run) {
        for (int i = 0; i < run.work.concurrency; i++) {
            next(run);
        }
    }

    /** Sends the slot's next request, or ends the slot. */
    final void next(Run run) {
        if (!run.next()) {
            run.slotDone();
            return;
        }
        send(run);
    }

    /** Sends one request; its completion must count it ({@link #status} or {@code run.failed}) and call {@link #next}. */
    abstract void send(Run run);

    /** Counts an exchange that ended with {@code code}: only 200 succeeds. */
    static void status(Run run, int code) {
        if (code == 200) {
            run.succeeded();
        } else {
            run.failed("status " + code);
        }
    }
}
