package dev.hiper.internal.conn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts connections per key and in all, keeps the idle ones for reuse, and knows the live ones
 * that carry several exchanges at once and have room for another.
 *
 * <p>A connection counts from the moment a transfer reserves it (before resolving and
 * connecting) until it is closed, so the limits hold while connects are in flight:
 * {@code CURLMOPT_MAX_HOST_CONNECTIONS} per key (scheme, host and port),
 * {@code CURLMOPT_MAX_TOTAL_CONNECTIONS} in all, and {@code CURLMOPT_MAXCONNECTS} idle ones at
 * most (the oldest idle one is closed first). 0 means no limit; for MAXCONNECTS, 0 means four
 * times the number of handles added, as libcurl sizes its cache. The cache never closes
 * anything itself: it hands back what must be closed.
 *
 * <p>A transfer looks for a connection in two places: a live multiplexing connection with room
 * ({@link #withRoom}, shared: it stays in use by others and is not taken out), then an idle one
 * ({@link #takeIdle}, taken out). HTTP/1.1 connections carry one exchange at a time and are never
 * shared; an HTTP/2 session is {@link #share shared} while it accepts streams.
 */
public final class ConnectionCache {
    private final Map<String, ArrayDeque<Connection>> idleByKey = new HashMap<>();
    /**
     * Every idle connection, oldest first: a list through the connections' own links
     * ({@link Connection#idlePrev}, {@link Connection#idleNext}), so that parking and taking one,
     * once per keep-alive request, allocate nothing.
     */
    private Connection idleHead;
    private Connection idleTail;
    private int idleSize;
    private final Map<String, int[]> openByKey = new HashMap<>();
    /** Live connections that multiplex, by key, in the order they were shared. */
    private final Map<String, ArrayDeque<Connection>> sharedByKey = new HashMap<>();
    /** Connections being made that may turn out to multiplex (h2 offered, ALPN not yet in), by key. */
    private final Map<String, int[]> settlingByKey = new HashMap<>();
    /**
     * For an origin whose server ended a connection with GOAWAY after a fixed number of streams
     * (nginx's {@code keepalive_requests}), the most streams one of its connections takes.
     */
    private final Map<String, Integer> streamBudgets = new HashMap<>();
    private int open;

    public long maxHost;
    public long maxTotal;
    public long maxConnects;

    public int openCount() {
        return open;
    }

    public int idleCount() {
        return idleSize;
    }

    public int openCount(String key) {
        int[] n = openByKey.get(key);
        return n == null ? 0 : n[0];
    }

    /** The most recently parked idle connection for {@code key}, removed from the idle set, or null. */
    public Connection takeIdle(String key) {
        ArrayDeque<Connection> q = idleByKey.get(key);
        if (q == null) {
            return null;
        }
        Connection c = q.pollLast(); // an empty queue stays while the origin has connections (release)
        if (c != null) {
            unlinkIdle(c);
        }
        return c;
    }

    /**
     * A live connection for {@code key} that can take another exchange beside those it carries
     * (an HTTP/2 session under its stream limit), or null. It stays shared.
     */
    public Connection withRoom(String key) {
        if (sharedByKey.isEmpty()) {
            return null;
        }
        ArrayDeque<Connection> q = sharedByKey.get(key);
        if (q != null) {
            for (Connection c : q) {
                if (c.hasRoom()) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Connections for {@code key} being made whose protocol is not known yet, that may multiplex. */
    public int settlingCount(String key) {
        int[] n = settlingByKey.get(key);
        return n == null ? 0 : n[0];
    }

    /** A connection that may multiplex starts being made for {@code key}. */
    public void settleStart(String key) {
        settlingByKey.computeIfAbsent(key, k -> new int[1])[0]++;
    }

    /** A connection counted by {@link #settleStart} now knows its protocol, or was given up. */
    public void settleEnd(String key) {
        int[] n = settlingByKey.get(key);
        if (n != null && --n[0] <= 0) {
            settlingByKey.remove(key);
        }
    }

    /** The most streams a new HTTP/2 connection for {@code key} opens: what its server was seen to process. */
    public int streamBudget(String key) {
        return streamBudgets.isEmpty() ? Integer.MAX_VALUE : streamBudgets.getOrDefault(key, Integer.MAX_VALUE);
    }

    /**
     * A server processed {@code streams} streams of a connection for {@code key} and refused the
     * rest with GOAWAY: later connections open no more than that (the largest number seen), so
     * their requests are not sent only to be refused.
     */
    public void learnStreamBudget(String key, int streams) {
        if (streams > 0) {
            streamBudgets.merge(key, streams, Math::max);
        }
    }

    /** Offers a live multiplexing connection to other transfers with the same key. */
    public void share(Connection c) {
        ArrayDeque<Connection> q = sharedByKey.computeIfAbsent(c.key, k -> new ArrayDeque<>());
        if (!q.contains(c)) {
            q.addLast(c);
        }
    }

    /** Stops offering {@code c} (it closes, or takes no new exchanges). */
    public void unshare(Connection c) {
        if (sharedByKey.isEmpty()) {
            return;
        }
        ArrayDeque<Connection> q = sharedByKey.get(c.key);
        if (q != null && q.remove(c) && q.isEmpty()) {
            sharedByKey.remove(c.key);
        }
    }

    /**
     * Whether a new connection for {@code key} fits the limits. When only the total limit is in
     * the way and some idle connection exists, the oldest idle one is taken out and added to
     * {@code toClose} to make room.
     */
    public boolean tryReserve(String key, List<Connection> toClose) {
        if (maxHost > 0 && openCount(key) >= maxHost) {
            return false;
        }
        if (maxTotal > 0 && open >= maxTotal) {
            Connection oldest = oldestIdle();
            if (oldest == null) {
                return false;
            }
            removeIdle(oldest);
            toClose.add(oldest);
            // its count is released when the engine closes it; count the room now
            release(oldest.key);
        }
        openByKey.computeIfAbsent(key, k -> new int[1])[0]++;
        open++;
        return true;
    }

    /**
     * How many waiting transfers for {@code key} to wake when a connection for it is shared or
     * settles: the free streams of its shared connections, its idle connections, and the new
     * connections the limits allow. Without limits only transfers that wait with PIPEWAIT are
     * pending, and of those beyond the free streams the first opens a connection and the others
     * wait for it again: one is counted for them.
     */
    public long wakeBudget(String key) {
        long fresh = Long.MAX_VALUE;
        if (maxHost > 0) {
            fresh = Math.max(0, maxHost - openCount(key));
        }
        if (maxTotal > 0) {
            fresh = Math.min(fresh, Math.max(0, maxTotal - open) + idleSize);
        }
        long room = fresh == Long.MAX_VALUE ? 1 : fresh;
        ArrayDeque<Connection> shared = sharedByKey.get(key);
        if (shared != null) {
            for (Connection c : shared) {
                room += c.room();
            }
        }
        ArrayDeque<Connection> idleOnes = idleByKey.get(key);
        return idleOnes == null ? room : room + idleOnes.size();
    }

    /** Whether a transfer for {@code key} could get a connection now (idle, or room for a new one). */
    public boolean canProceed(String key) {
        ArrayDeque<Connection> idleOnes = idleByKey.get(key);
        if (idleOnes != null && !idleOnes.isEmpty() || withRoom(key) != null) {
            return true;
        }
        if (maxHost > 0 && openCount(key) >= maxHost) {
            return false;
        }
        return maxTotal <= 0 || open < maxTotal || idleSize > 0;
    }

    /** Gives back a reservation or the count of a connection that closed. */
    public void release(String key) {
        int[] n = openByKey.get(key);
        if (n == null) {
            return;
        }
        if (--n[0] == 0) {
            openByKey.remove(key);
            // no connection to this origin is left: its idle queue (empty: each of them was taken
            // out before its release) goes too, so an application that meets many origins over
            // time does not keep a queue for each; while one is open, the queue is kept and
            // parking a connection makes no new one
            ArrayDeque<Connection> q = idleByKey.get(key);
            if (q != null && q.isEmpty()) {
                idleByKey.remove(key);
            }
        }
        open--;
    }

    /**
     * Parks a reusable connection. Returns the idle connections that must now be closed to keep
     * within {@code limit} idle ones (already taken out of the cache, counts not yet released).
     */
    public List<Connection> park(Connection c, long limit) {
        if (c.idle) {
            return List.of(); // parked already
        }
        idleByKey.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
        appendIdle(c);
        List<Connection> evicted = null;
        while (limit > 0 && idleSize > limit) {
            Connection oldest = oldestIdle();
            removeIdle(oldest);
            if (evicted == null) {
                evicted = new ArrayList<>(1);
            }
            evicted.add(oldest);
        }
        return evicted == null ? List.of() : evicted;
    }

    /** Takes every idle connection out (for cleanup). */
    public List<Connection> drainIdle() {
        List<Connection> all = new ArrayList<>(idleSize);
        while (idleHead != null) {
            Connection c = idleHead;
            unlinkIdle(c);
            all.add(c);
        }
        idleByKey.clear();
        return all;
    }

    /** Takes out the idle connections parked before {@code before} (engine nanoseconds). */
    public List<Connection> expireIdle(long before) {
        if (idleHead == null || idleHead.idleSince >= before) {
            return List.of();
        }
        List<Connection> out = new ArrayList<>();
        while (idleHead != null && idleHead.idleSince < before) {
            Connection c = idleHead;
            removeIdle(c);
            out.add(c);
        }
        return out;
    }

    private Connection oldestIdle() {
        return idleHead;
    }

    private void appendIdle(Connection c) {
        c.idle = true;
        c.idlePrev = idleTail;
        c.idleNext = null;
        if (idleTail == null) {
            idleHead = c;
        } else {
            idleTail.idleNext = c;
        }
        idleTail = c;
        idleSize++;
    }

    private void unlinkIdle(Connection c) {
        if (!c.idle) {
            return;
        }
        if (c.idlePrev == null) {
            idleHead = c.idleNext;
        } else {
            c.idlePrev.idleNext = c.idleNext;
        }
        if (c.idleNext == null) {
            idleTail = c.idlePrev;
        } else {
            c.idleNext.idlePrev = c.idlePrev;
        }
        c.idlePrev = null;
        c.idleNext = null;
        c.idle = false;
        idleSize--;
    }

    private void removeIdle(Connection c) {
        unlinkIdle(c);
        ArrayDeque<Connection> q = idleByKey.get(c.key);
        if (q != null) {
            q.remove(c); // an empty queue goes when the origin's last connection is released
        }
    }
}
