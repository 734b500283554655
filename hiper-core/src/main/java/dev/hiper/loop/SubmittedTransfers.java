package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlMultiException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The handles a loop driver added to its multi on behalf of other threads, each with the future to
 * complete when its transfer ends: the bookkeeping behind {@link SelectorLoop#submit} and the Netty
 * driver, for anyone writing a driver for another event loop.
 *
 * <ol>
 *   <li>{@link #add}: the loop's thread adds a handed-over handle; a refusal fails its future.
 *   <li>{@link #deliverFinished}: after each call into the multi, every finished transfer is read;
 *       a submitted one is removed from the multi, {@code onDone} hears it, and its future
 *       completes (even if {@code onDone} throws), in that order.
 *   <li>{@link #abortAll}: at an aborting shutdown, each transfer still running is removed and
 *       ends with a {@code CURLMSG_DONE} message carrying {@code CURLE_ABORTED_BY_CALLBACK}.
 * </ol>
 * Not thread-safe: use it on the loop's thread only.
 */
public final class SubmittedTransfers {
    private final CurlMulti multi;
    private final Map<CurlEasy, CompletableFuture<CurlMsg>> running = new IdentityHashMap<>();

    /**
     * Bookkeeping for handles added to {@code multi}.
     *
     * @param multi the multi the loop drives
     */
    public SubmittedTransfers(CurlMulti multi) {
        this.multi = multi;
    }

    /**
     * Adds {@code easy} to the multi; if the multi refuses, fails {@code f} with
     * {@link CurlMultiException}.
     *
     * @param easy the handed-over handle
     * @param f the future to complete when its transfer ends
     * @return true if the multi took the handle
     */
    public boolean add(CurlEasy easy, CompletableFuture<CurlMsg> f) {
        CurlMCode mc = multi.addHandle(easy);
        if (mc != CurlMCode.CURLM_OK) {
            f.completeExceptionally(new CurlMultiException(mc));
            return false;
        }
        running.put(easy, f);
        return true;
    }

    /**
     * Reads every finished transfer. Each message goes to {@code onDone} if it is not null;
     * messages of handles that were not submitted go to {@code others} when {@code onDone} is null.
     *
     * @param onDone where every message goes, or null
     * @param others where messages of handles that were not submitted go when {@code onDone} is null
     */
    public void deliverFinished(Consumer<CurlMsg> onDone, Consumer<CurlMsg> others) {
        CurlMsg m;
        while ((m = multi.infoRead()) != null) {
            CompletableFuture<CurlMsg> f = running.remove(m.easy());
            if (f != null) {
                multi.removeHandle(m.easy());
            }
            try {
                if (onDone != null) {
                    onDone.accept(m);
                } else if (f == null) {
                    others.accept(m);
                }
            } finally {
                if (f != null) {
                    f.complete(m);
                }
            }
        }
    }

    /**
     * Removes every submitted transfer still running and ends it as aborted.
     *
     * @param onDone hears each aborted transfer's message first, or null
     */
    public void abortAll(Consumer<CurlMsg> onDone) {
        for (CurlEasy easy : new ArrayList<>(running.keySet())) {
            CompletableFuture<CurlMsg> f = running.remove(easy);
            multi.removeHandle(easy);
            abort(easy, f, onDone);
        }
    }

    /**
     * Ends a handed-over handle as aborted: {@code onDone} (if any) hears it, then {@code f}
     * completes, with a {@code CURLMSG_DONE} message carrying {@code CURLE_ABORTED_BY_CALLBACK}.
     *
     * @param easy the handle, which is not (or no longer) in the multi
     * @param f its future
     * @param onDone hears the message first, or null
     */
    public static void abort(CurlEasy easy, CompletableFuture<CurlMsg> f, Consumer<CurlMsg> onDone) {
        CurlMsg m = new CurlMsg(CURLMSG_DONE, easy, CurlCode.CURLE_ABORTED_BY_CALLBACK, 0);
        try {
            if (onDone != null) {
                onDone.accept(m);
            }
        } finally {
            f.complete(m);
        }
    }

    /**
     * Whether no submitted transfer is running.
     *
     * @return true when none is
     */
    public boolean isEmpty() {
        return running.isEmpty();
    }

    /**
     * How many submitted transfers are running.
     *
     * @return their number
     */
    public int size() {
        return running.size();
    }
}
