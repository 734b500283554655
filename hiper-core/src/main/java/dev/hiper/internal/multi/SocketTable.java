package dev.hiper.internal.multi;

import static dev.hiper.curl.Curl.CURL_POLL_REMOVE;

import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlSocket;
import dev.hiper.curl.CurlSocketFunction;
import dev.hiper.internal.conn.Connection;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.function.Function;

/**
 * An engine's socket table: the sockets it has open, the per-direction user counts that the
 * transfers' pollsets add up to, and the socket callback that hears their changes.
 *
 * <p>Lifecycle of a call: 1. transfers' pollsets are diffed in ({@link #applyPollset}), and each
 * socket whose combined interest changed is marked dirty; 2. at the call's end {@link #flush}
 * tells the socket callback about the marked sockets alone (contract rules 7 to 10, 19), and
 * closes the retired ones after their REMOVE; 3. a connection that must be gone before another
 * takes its room is closed at once ({@link #closeNow}, rule 25). A socket callback that throws or
 * answers non-zero asks the engine to abort, which it does after the flush.
 *
 * <p>Owned by one {@link MultiEngine} and used on its thread alone.
 */
final class SocketTable {
    private final MultiEngine engine;
    private final Function<SocketEntry, CurlSocket> socketFactory;
    private final ArrayList<SocketEntry> dirty = new ArrayList<>();
    private final SocketList sockets = new SocketList();
    CurlSocketFunction socketFunction;
    Object socketData;
    private CurlEasy internalEasy;

    SocketTable(MultiEngine engine, Function<SocketEntry, CurlSocket> socketFactory) {
        this.engine = engine;
        this.socketFactory = socketFactory;
    }

    /** The open sockets, in the order they were opened. */
    SocketList sockets() {
        return sockets;
    }

    /** Registers a channel the engine opened; nothing is told until a transfer wants it. */
    SocketEntry open(SelectableChannel channel, SocketUser user) {
        SocketEntry e = new SocketEntry(engine, channel, user);
        sockets.add(e);
        return e;
    }

    /** Drops a socket: REMOVE (if announced) and close happen at the end of this call. */
    void retire(SocketEntry e) {
        if (e == null || e.retiring || e.closed) {
            return;
        }
        e.retiring = true;
        markDirty(e);
    }

    void markDirty(SocketEntry e) {
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    /**
     * The socket table's diff: replaces the pollset {@code entries/masks[0..old)} by
     * {@code next/nextMasks[0..n)} (which is cleared), moving the per-direction user counts and
     * marking each socket whose combined interest changed. Returns {@code n}.
     */
    int applyPollset(SocketEntry[] entries, int[] masks, int old, SocketEntry[] next, int[] nextMasks, int n,
            CurlEasy easy) {
        if (n == old) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = next[i] == entries[i] && nextMasks[i] == masks[i];
            }
            if (same) {
                for (int i = 0; i < n; i++) {
                    next[i] = null;
                }
                return n;
            }
        }
        for (int i = 0; i < old; i++) {
            SocketEntry e = entries[i];
            int before = e.wanted();
            if ((masks[i] & 1) != 0) {
                e.inUsers--;
            }
            if ((masks[i] & 2) != 0) {
                e.outUsers--;
            }
            if (e.wanted() != before) {
                markDirty(e);
            }
            entries[i] = null;
        }
        for (int i = 0; i < n; i++) {
            SocketEntry e = next[i];
            int before = e.wanted();
            if ((nextMasks[i] & 1) != 0) {
                e.inUsers++;
            }
            if ((nextMasks[i] & 2) != 0) {
                e.outUsers++;
            }
            e.easy = easy;
            if (e.wanted() != before || e.announced == 0) {
                markDirty(e);
            }
            entries[i] = e;
            masks[i] = nextMasks[i];
            next[i] = null;
        }
        return n;
    }

    /** Forgets the marked sockets without telling anyone (for the micro-benchmark of the diff). */
    void clearDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).dirty = false;
        }
        dirty.clear();
    }

    /** Tells the application what changed (contract rules 7 to 10, 19). */
    void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            SocketEntry e = dirty.get(i);
            e.dirty = false;
            if (e.closed) {
                continue;
            }
            if (e.retiring) {
                if (e.announced != 0) {
                    callSocket(e, CURL_POLL_REMOVE);
                    e.announced = 0;
                    e.socketp = null;
                }
                closeEntry(e);
                continue;
            }
            int want = e.wanted();
            if (want == 0) {
                if (e.announced != 0) {
                    callSocket(e, CURL_POLL_REMOVE);
                    e.announced = 0;
                    e.socketp = null;
                }
            } else if (want != e.announced || e.reannounce) {
                e.reannounce = false;
                e.announced = want;
                callSocket(e, want);
            }
        }
        dirty.clear();
    }

    /**
     * Closes a connection's socket at once rather than at the end of the call, so a new
     * connection that takes its room never overlaps it (contract rule 25); REMOVE first if it is
     * still announced (rule 9).
     */
    void closeNow(SocketEntry e) {
        if (e.closed) {
            return;
        }
        if (e.announced != 0) {
            callSocket(e, CURL_POLL_REMOVE);
            e.announced = 0;
            e.socketp = null;
        }
        closeEntry(e);
    }

    private void closeEntry(SocketEntry e) {
        e.closed = true;
        sockets.remove(e);
        try {
            e.channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }

    private void callSocket(SocketEntry e, int what) {
        if (socketFunction == null) {
            return;
        }
        CurlSocket s = apiSocket(e);
        CurlEasy easy = e.easy != null ? e.easy : internalEasy();
        MultiObserver o = engine.observer;
        if (o != null) {
            o.socketCallback(s, what);
        }
        int r;
        engine.callbackDepth++;
        try {
            r = socketFunction.socket(easy, s, what, socketData, e.socketp);
        } catch (RuntimeException | Error ex) {
            r = -1;
            engine.callbackThrew(ex);
        } finally {
            engine.callbackDepth--;
        }
        if (r != 0 && !engine.aborted) {
            engine.abortRequested = true;
        }
    }

    /** The public face of a socket, made once. */
    CurlSocket apiSocket(SocketEntry e) {
        if (e.api == null) {
            e.api = socketFactory.apply(e);
        }
        return (CurlSocket) e.api;
    }

    /** The easy handle the socket callback is given for sockets of no transfer (rule 13). */
    CurlEasy internalEasy() {
        if (internalEasy == null) {
            internalEasy = CurlEasy.init();
        }
        return internalEasy;
    }

    /** {@code curl_multi_assign}: {@code socketp} goes with {@code s} until its REMOVE (rule 9). */
    CurlMCode assign(SocketEntry s, Object socketp) {
        if (s == null || s.engine != engine || s.closed || s.announced == 0) {
            return CurlMCode.CURLM_BAD_SOCKET;
        }
        s.socketp = socketp;
        return CurlMCode.CURLM_OK;
    }

    /** At cleanup: every socket's callback is given the internal handle from now on (rule 13). */
    void handToInternal() {
        CurlEasy internal = internalEasy();
        for (SocketEntry e : sockets) {
            e.easy = internal;
        }
    }

    /** At cleanup: every open socket is retired, told through the internal handle. */
    void retireAll() {
        CurlEasy internal = internalEasy();
        for (SocketEntry e : sockets.snapshot()) {
            e.easy = internal;
            retire(e);
        }
    }

    /** Every HTTP/2 session on a socket here reads again ({@code curl_multi_perform} knows no readiness). */
    void readAllSessions() {
        for (SocketEntry s : sockets) {
            if (s.user instanceof Connection conn && conn.h2 != null) {
                conn.h2.readable();
            }
        }
    }

    /** How many channels are open now. */
    int openChannels() {
        int n = 0;
        for (SocketEntry e : sockets) {
            if (e.channel.isOpen()) {
                n++;
            }
        }
        return n;
    }
}
