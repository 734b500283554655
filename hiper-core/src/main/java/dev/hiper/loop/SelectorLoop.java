package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives a {@link CurlMulti} on a {@code java.nio} {@link Selector}, by the seeds' eight steps:
 * it installs the socket and timer callbacks, registers each announced socket for
 * {@link CurlSocket#interestOps}, waits no longer than the timer says, and calls
 * {@code socketAction} for each ready socket and {@code CURL_SOCKET_TIMEOUT} when the timer
 * expires.
 *
 * <p>Level-triggered (as the selector is). A timer of 0 is not acted on inside the timer
 * callback: it makes the next wait a {@code selectNow}, so the engine is never re-entered.
 * A REMOVEd socket keeps its registration with no interest until its channel closes, which
 * cancels it; so a connection parked and reused is registered once.
 *
 * <p>Use it on one thread. Finished transfers are handed to {@link #onDone} if set; otherwise
 * they stay queued for {@link CurlMulti#infoRead()}.
 */
public final class SelectorLoop implements AutoCloseable {
    private final CurlMulti multi;
    private final Selector selector;
    private Consumer<CurlMsg> onDone;
    /** Absolute {@link System#nanoTime()} of the timer, valid when {@link #timerSet}. */
    private long deadline;
    private boolean timerSet;
    private boolean timeoutNow;

    public SelectorLoop(CurlMulti multi) throws IOException {
        this.multi = multi;
        this.selector = Selector.open();
        multi.setopt(CURLMOPT_SOCKETFUNCTION, this::onSocket);
        multi.setopt(CURLMOPT_TIMERFUNCTION, this::onTimer);
    }

    /** The multi it drives. */
    public CurlMulti multi() {
        return multi;
    }

    /**
     * The socket callback this loop installed, for wrapping: an application that wants to see the
     * announcements (to log or count them) sets its own callback that calls this one.
     */
    public dev.hiper.curl.CurlSocketFunction socketFunction() {
        return this::onSocket;
    }

    /** The timer callback this loop installed, for wrapping in the same way as {@link #socketFunction()}. */
    public dev.hiper.curl.CurlTimerFunction timerFunction() {
        return this::onTimer;
    }

    /** Where finished transfers go; null leaves them for {@link CurlMulti#infoRead()}. */
    public SelectorLoop onDone(Consumer<CurlMsg> handler) {
        this.onDone = handler;
        return this;
    }

    private int onSocket(dev.hiper.curl.CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp) {
        SelectableChannel ch = s.channel();
        SelectionKey key = ch.keyFor(selector);
        int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
        try {
            if (key != null && key.isValid()) {
                key.interestOps(ops);
            } else if (ops != 0 && ch.isOpen()) {
                ch.register(selector, ops, s);
            }
        } catch (ClosedChannelException | java.nio.channels.CancelledKeyException e) {
            // the channel is going away; nothing to watch
        }
        return 0;
    }

    private int onTimer(CurlMulti m, long timeoutMs, Object clientp) {
        if (timeoutMs < 0) {
            timerSet = false;
            timeoutNow = false;
        } else if (timeoutMs == 0) {
            timeoutNow = true;
            timerSet = false;
        } else {
            timeoutNow = false;
            timerSet = true;
            deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        }
        return 0;
    }

    /**
     * One round: wait for sockets or the timer (at most {@code maxWaitMs}, 0 meaning no limit
     * other than the timer), act on what is ready, hand over finished transfers.
     */
    public CurlMCode runOnce(long maxWaitMs) {
        try {
            long wait;
            if (timeoutNow) {
                wait = -1;
            } else if (timerSet) {
                long left = deadline - System.nanoTime();
                wait = left <= 0 ? -1 : Math.max(1, (left + 999_999) / 1_000_000);
            } else {
                wait = 0;
            }
            if (maxWaitMs > 0 && (wait == 0 || wait > maxWaitMs)) {
                wait = maxWaitMs;
            }
            if (wait < 0) {
                selector.selectNow();
            } else {
                selector.select(wait);
            }
        } catch (IOException e) {
            return CurlMCode.CURLM_UNRECOVERABLE_POLL;
        }
        CurlMCode result = CurlMCode.CURLM_OK;
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            int ready;
            try {
                ready = key.readyOps();
            } catch (java.nio.channels.CancelledKeyException e) {
                continue;
            }
            int ev = 0;
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                ev |= CURL_CSELECT_IN;
            }
            if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                ev |= CURL_CSELECT_OUT;
            }
            CurlMCode mc = multi.socketAction((CurlSocket) key.attachment(), ev);
            if (mc != CurlMCode.CURLM_OK) {
                result = mc;
            }
        }
        if (timeoutNow || (timerSet && deadline - System.nanoTime() <= 0)) {
            timeoutNow = false;
            timerSet = false;
            CurlMCode mc = multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
            if (mc != CurlMCode.CURLM_OK) {
                result = mc;
            }
        }
        if (onDone != null) {
            CurlMsg m;
            while ((m = multi.infoRead()) != null) {
                onDone.accept(m);
            }
        }
        return result;
    }

    /** Runs until no transfer is running. */
    public CurlMCode run() {
        return runUntil(() -> multi.runningHandles() == 0);
    }

    /** Runs rounds until {@code done} says so (checked before each round) or the multi fails. */
    public CurlMCode runUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            CurlMCode mc = runOnce(0);
            if (mc != CurlMCode.CURLM_OK) {
                return mc;
            }
        }
        return CurlMCode.CURLM_OK;
    }

    /** Closes the selector. The multi stays as it is. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
