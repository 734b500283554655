package dev.hiper.internal.multi;

import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.transfer.Transfer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Room for connections in an engine: the {@link ConnectionCache}'s limits seen from the
 * transfers, and the pending queue of those waiting for room (libcurl's PENDING state).
 *
 * <p>Lifecycle of a connection here: 1. a transfer reserves room for a new one
 * ({@link #reserve}), or waits in the pending queue ({@link #addPending}); 2. when done, a
 * transfer parks a reusable connection ({@link #park}) or closes it ({@link #close}), leaving a
 * shared one through {@link #leaveShared}; 3. each of these frees room, and the first waiting
 * transfer that can go on now is woken ({@link #wakePending}); a connection that becomes shared
 * wakes as many waiting for its key as it has room for ({@link #shared}). A closed connection's
 * socket is closed before its room is given away (contract rule 25).
 *
 * <p>Owned by one {@link MultiEngine} and used on its thread alone.
 */
final class ConnectionRoom {
    private final MultiEngine engine;
    private final ConnectionCache cache;
    private final SocketTable table;
    private final LinkedHashSet<Transfer> pending = new LinkedHashSet<>();

    ConnectionRoom(MultiEngine engine, ConnectionCache cache, SocketTable table) {
        this.engine = engine;
        this.cache = cache;
        this.table = table;
    }

    boolean reserve(String key) {
        List<Connection> evicted = new ArrayList<>(0);
        boolean ok = cache.tryReserve(key, evicted);
        for (Connection c : evicted) {
            c.closed = true;
            c.filter.shutdown();
            table.closeNow(c.socket);
        }
        return ok;
    }

    void release(String key) {
        cache.release(key);
        wakePending();
    }

    /** A transfer is done with a reusable connection; {@code transfers} is how many the multi has. */
    void park(Connection c, int transfers) {
        c.idleSince = engine.now();
        c.detachAll();
        long limit = cache.maxConnects > 0 ? cache.maxConnects : 4L * Math.max(1, transfers);
        List<Connection> evicted = cache.park(c, limit);
        for (int i = 0; i < evicted.size(); i++) { // no iterator for the usual empty list
            Connection old = evicted.get(i);
            old.closed = true;
            old.filter.shutdown();
            table.retire(old.socket);
            cache.release(old.key);
        }
        wakePending();
    }

    /**
     * A transfer leaves a connection it may share with others (an HTTP/2 session): only that
     * transfer stops hearing the socket. The last one to leave parks the connection when
     * {@code keep} (the session takes new streams), else closes it; one that leaves an unusable
     * connection to the others stops it being offered.
     */
    void leaveShared(Connection c, SocketUser t, boolean keep, int transfers) {
        if (c == null || c.closed) {
            return;
        }
        c.detach(t);
        if (!keep) {
            cache.unshare(c);
        }
        if (c.exchanges() > 0) {
            wakePending(); // room for another stream
            return;
        }
        if (keep) {
            cache.unshare(c); // idle now: it is taken from the idle set, checked alive first
            park(c, transfers);
        } else {
            close(c);
        }
    }

    void close(Connection c) {
        if (c == null || c.closed) {
            return;
        }
        c.closed = true;
        c.detachAll();
        cache.unshare(c);
        c.filter.shutdown();
        table.closeNow(c.socket); // before its room is given to a waiting transfer (rule 25)
        cache.release(c.key);
        wakePending();
    }

    /**
     * A connection for {@code key} now takes several transfers, or one being made for it knows
     * its protocol: waiting transfers for that key go on, as many as can get a connection now
     * (its free streams, idle connections, new ones within the limits), oldest first. Waking only
     * that many keeps this linear in the transfers that move: with 100,000 waiting and 1,000
     * connections becoming shared one after the other, each wakes its 100, not all of them.
     */
    void shared(String key) {
        long budget = cache.wakeBudget(key);
        for (Iterator<Transfer> it = pending.iterator(); budget > 0 && it.hasNext();) {
            Transfer t = it.next();
            if (t.key().equals(key)) {
                it.remove();
                t.runSoon();
                budget--;
            }
        }
    }

    /** Adds a transfer to the pending queue; false if it was there already. */
    boolean addPending(Transfer t) {
        return pending.add(t);
    }

    void removePending(Transfer t) {
        pending.remove(t);
    }

    /** At cleanup: every idle connection is shut down (its socket is retired with the others). */
    void shutdownIdle() {
        for (Connection idle : cache.drainIdle()) {
            idle.closed = true;
            idle.filter.shutdown();
        }
    }

    /** Forgets every waiting transfer (the multi is cleaned up). */
    void clearPending() {
        pending.clear();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Room for a connection appeared: wake the first pending transfer that can now go on. */
    private void wakePending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Iterator<Transfer> it = pending.iterator(); it.hasNext();) {
            Transfer t = it.next();
            if (cache.canProceed(t.key())) {
                it.remove();
                t.runSoon();
                return;
            }
        }
    }
}
