package dev.hiper.internal.multi;

import dev.hiper.internal.transfer.Transfer;
import java.util.ArrayDeque;

/**
 * A multi's message queue ({@code curl_multi_info_read}): the transfers that completed, oldest
 * first, each queued once (contract rules 17, 18).
 *
 * <p>Lifecycle of a message: 1. queued when its transfer completes ({@link #add}), which marks
 * the transfer ({@link Transfer#messageQueued}); 2. taken by {@link #next}, or dropped with its
 * handle when the handle is removed before it was read ({@link #remove}); 3. all of them are
 * forgotten at cleanup ({@link #clear}). Used on the engine's thread alone.
 */
final class MessageQueue {
    private final ArrayDeque<Transfer> messages = new ArrayDeque<>();

    /** Queues the message of a completed transfer. */
    void add(Transfer t) {
        messages.addLast(t);
        t.messageQueued = true;
    }

    /** Drops the message of {@code t}, if one is still queued (its handle leaves the multi). */
    void remove(Transfer t) {
        if (t.messageQueued) {
            messages.remove(t);
            t.messageQueued = false;
        }
    }

    /** The oldest message, or null when none is left. */
    Transfer next() {
        Transfer t = messages.pollFirst();
        if (t != null) {
            t.messageQueued = false;
        }
        return t;
    }

    /** How many messages wait to be read. */
    int size() {
        return messages.size();
    }

    void clear() {
        messages.clear();
    }
}
