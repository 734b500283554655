package dev.hiper.internal.share;

import dev.hiper.curl.CurlMulti;
import dev.hiper.loop.SelectorLoop;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection pool of a share with {@code CURL_LOCK_DATA_CONNECT}: one private multi, driven
 * by a {@link SelectorLoop}, that runs the {@code perform()} calls of every handle of the share,
 * one call at a time, so that a connection one handle left open serves the next handle's
 * transfer. libcurl does not support sharing connections between threads running at once; here
 * a second thread's call waits for the first to finish.
 *
 * <p>Handles added to an application's multi use that multi's pool, as before.
 */
public final class PerformPool {
    private final ReentrantLock lock = new ReentrantLock();
    private CurlMulti multi;
    private SelectorLoop loop;

    /** Waits for the pool (another thread's {@code perform()} may hold it). */
    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /** The pool's multi, made on first use; call with the lock held. */
    public CurlMulti multi() throws IOException {
        if (multi == null) {
            CurlMulti m = CurlMulti.init();
            try {
                loop = new SelectorLoop(m);
            } catch (IOException | RuntimeException e) {
                m.cleanup();
                throw e;
            }
            multi = m;
        }
        return multi;
    }

    /** The loop that drives {@link #multi()}; call with the lock held, after {@link #multi()}. */
    public SelectorLoop loop() {
        return loop;
    }

    /** Closes the pool's connections (the share stops sharing them, or is cleaned up). */
    void close() {
        lock.lock();
        try {
            if (loop != null) {
                loop.close();
                loop = null;
            }
            if (multi != null) {
                multi.cleanup();
                multi = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
