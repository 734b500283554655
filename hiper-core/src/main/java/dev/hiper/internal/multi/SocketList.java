package dev.hiper.internal.multi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The sockets an engine has open, in the order they were opened: a list threaded through the
 * entries themselves ({@link SocketEntry#prevSocket}, {@link SocketEntry#nextSocket}), so that
 * keeping a socket in it costs no node of its own. With thousands of idle WebSocket sessions on
 * one engine, a hash set's entry a socket was a noticeable part of what each session holds.
 *
 * <p>Used on the engine's thread alone. Adding an entry that is listed, or removing one that is
 * not, does nothing. An iterator reads the next entry before handing out the current one, so
 * the current one may be removed meanwhile; other changes during an iteration are not allowed
 * (take a {@link #snapshot} first).
 */
final class SocketList implements Iterable<SocketEntry> {
    private SocketEntry first;
    private SocketEntry last;
    private int size;

    /** Appends {@code e}, unless it is listed already. */
    void add(SocketEntry e) {
        if (e.listed) {
            return;
        }
        e.prevSocket = last;
        e.nextSocket = null;
        if (last == null) {
            first = e;
        } else {
            last.nextSocket = e;
        }
        last = e;
        e.listed = true;
        size++;
    }

    /** Takes {@code e} out, if it is listed. */
    void remove(SocketEntry e) {
        if (!e.listed) {
            return;
        }
        SocketEntry p = e.prevSocket;
        SocketEntry n = e.nextSocket;
        if (p == null) {
            first = n;
        } else {
            p.nextSocket = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prevSocket = p;
        }
        e.prevSocket = null;
        e.nextSocket = null;
        e.listed = false;
        size--;
    }

    int size() {
        return size;
    }

    /** The entries now, in order, in a list of their own. */
    List<SocketEntry> snapshot() {
        List<SocketEntry> all = new ArrayList<>(size);
        for (SocketEntry e = first; e != null; e = e.nextSocket) {
            all.add(e);
        }
        return all;
    }

    @Override
    public Iterator<SocketEntry> iterator() {
        return new Iterator<>() {
            private SocketEntry next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SocketEntry next() {
                SocketEntry e = next;
                if (e == null) {
                    throw new NoSuchElementException();
                }
                next = e.nextSocket;
                return e;
            }
        };
    }
}
