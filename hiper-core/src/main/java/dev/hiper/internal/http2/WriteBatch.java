package dev.hiper.internal.http2;

import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * The HTTP/2 sessions whose queued frames wait for the end of the engine's current call, so that
 * what all the streams of a connection queued in one call (the HEADERS of the requests a pass
 * starts, the WINDOW_UPDATEs their responses earned, RST_STREAMs) leaves in one write: one
 * system call and, over TLS, one record, instead of one for each stream.
 *
 * <p>Lifecycle: 1. made by the engine with a test that says whether one of its calls is running;
 * 2. a session that queued frames inside a call {@link #add}s itself once; outside a call (an
 * application's send between calls) it writes at once; 3. the engine's call ends with
 * {@link #flush}, before the socket changes are reported, so that a write that blocks can still
 * ask for the socket's writability.
 */
public final class WriteBatch {
    /** A batch that never waits: every session writes at once (sessions made outside an engine). */
    public static final WriteBatch NONE = new WriteBatch(() -> false);

    private final BooleanSupplier inCall;
    private final ArrayList<Http2Session> waiting = new ArrayList<>();

    /** {@code inCall}: whether an engine call is running, at whose end {@link #flush} comes. */
    public WriteBatch(BooleanSupplier inCall) {
        this.inCall = inCall;
    }

    /** Whether output queued now may wait for the end of the call. */
    boolean deferring() {
        return inCall.getAsBoolean();
    }

    /** {@code s} has frames waiting; called once until the next {@link #flush}. */
    void add(Http2Session s) {
        waiting.add(s);
    }

    /** The call ends: every waiting session writes what it queued. */
    public void flush() {
        // indexed: a session's failure may wake transfers, never add a session to this list
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).flushBatched();
        }
        waiting.clear();
    }

    /** Sessions waiting (for tests). */
    public int size() {
        return waiting.size();
    }
}
