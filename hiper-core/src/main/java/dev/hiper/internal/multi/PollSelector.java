package dev.hiper.internal.multi;

import static dev.hiper.curl.Curl.CURL_POLL_IN;
import static dev.hiper.curl.Curl.CURL_POLL_OUT;

import dev.hiper.curl.CurlMCode;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The engine's own selector, for {@code curl_multi_poll} and {@code curl_multi_wait}: an
 * application that drives the multi by {@code perform} and {@code poll} waits here on the
 * sockets the transfers want, instead of in a loop of its own.
 *
 * <p>Lifecycle: 1. the selector is opened on first use (by a poll, or by a {@link #wakeup} from
 * any thread, hence the lock); 2. each {@link #poll} brings every open socket's registration up
 * to its wanted interest, then waits for readiness, the earliest deadline or the time given;
 * 3. {@link #close} releases it when the multi is cleaned up. Readiness found here is not acted
 * on: the following {@code perform} runs every transfer.
 */
final class PollSelector {
    private final SocketList sockets;
    private final EngineTimers timers;
    private volatile Selector pollSelector;
    private final Object selectorLock = new Object();

    PollSelector(SocketList sockets, EngineTimers timers) {
        this.sockets = sockets;
        this.timers = timers;
    }

    /** Waits as {@code curl_multi_poll} (wakeable) or {@code curl_multi_wait} does. */
    CurlMCode poll(long timeoutMs, boolean wakeable) {
        try {
            Selector sel = selector();
            int watched = 0;
            for (SocketEntry e : sockets) {
                int want = e.retiring || e.closed ? 0 : e.wanted();
                int ops = 0;
                if ((want & CURL_POLL_IN) != 0) {
                    ops |= SelectionKey.OP_READ;
                }
                if ((want & CURL_POLL_OUT) != 0) {
                    ops |= e.connectPending ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
                }
                ops &= e.channel.validOps();
                if (ops != 0) {
                    watched++;
                }
                if (e.pollKey == null || !e.pollKey.isValid()) {
                    if (ops != 0) {
                        e.pollKey = e.channel.register(sel, ops);
                    }
                } else {
                    e.pollKey.interestOps(ops);
                }
            }
            long wait = timeoutMs;
            long t = timers.timeoutMillis();
            if (t >= 0 && t < wait) {
                wait = t;
            }
            if (!wakeable && watched == 0) {
                return CurlMCode.CURLM_OK;
            }
            if (wait == 0) {
                sel.selectNow();
            } else {
                sel.select(wait);
            }
            sel.selectedKeys().clear();
            return CurlMCode.CURLM_OK;
        } catch (IOException | RuntimeException e) {
            return CurlMCode.CURLM_UNRECOVERABLE_POLL;
        }
    }

    /** Ends a poll in progress, or makes the next one return at once: any thread. */
    void wakeup() throws IOException {
        selector().wakeup();
    }

    private Selector selector() throws IOException {
        Selector s = pollSelector;
        if (s == null) {
            synchronized (selectorLock) {
                s = pollSelector;
                if (s == null) {
                    s = Selector.open();
                    pollSelector = s;
                }
            }
        }
        return s;
    }

    /** Closes the selector if it was ever opened. */
    void close() {
        Selector s = pollSelector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
