package dev.hiper.internal.multi;

import dev.hiper.curl.CurlEasy;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One socket the engine owns, as the socket table sees it.
 *
 * <p>Lifecycle: 1. created by {@link MultiEngine#openSocket} for a channel the engine opened;
 * 2. transfers add and drop interest ({@link MultiEngine#updatePollset}), counted per direction
 * over every user by the {@link SocketTable}, so one user leaving lowers the mask instead of
 * removing the socket (contract rule 8); 3. after each engine call the table flushes changed entries to the socket callback;
 * 4. {@link MultiEngine#retire} drops it: REMOVE is told (if it was announced) before the channel
 * is closed (rule 9).
 */
public final class SocketEntry {
    final MultiEngine engine;
    final SelectableChannel channel;
    SocketUser user;

    /** How many pollset entries want IN / OUT on this socket. */
    int inUsers;
    int outUsers;
    /** The {@code what} last told to the application; 0 when not announced. */
    int announced;
    /** The value of {@code curl_multi_assign}; forgotten at REMOVE (rule 9). */
    Object socketp;
    /** Set by assign; applies to the next callback (rule 11). */
    boolean dirty;
    boolean retiring;
    boolean closed;
    /** Rule 8a: announce again once a TCP connect completed while OUT is still wanted. */
    boolean reannounce;
    volatile boolean connectPending;
    /** The easy handle given to the socket callback for this socket. */
    CurlEasy easy;
    /** The public face, made once. */
    Object api;
    /** Registration with the engine's own selector for poll()/await(). */
    SelectionKey pollKey;
    /** The engine's list of open sockets ({@link SocketList}): the neighbours there, and whether it is in it. */
    SocketEntry prevSocket;
    SocketEntry nextSocket;
    boolean listed;

    SocketEntry(MultiEngine engine, SelectableChannel channel, SocketUser user) {
        this.engine = engine;
        this.channel = channel;
        this.user = user;
    }

    /** Hands the socket to whoever acts on its readiness from now on (a connection, once its connect won). */
    public void user(SocketUser u) {
        user = u;
    }

    /** The engine's read buffer, for reading on the socket's readiness outside a transfer's run. */
    public java.nio.ByteBuffer readBuffer() {
        return engine.readBuffer();
    }

    public SelectableChannel channel() {
        return channel;
    }

    /** True while a TCP connect on it has not completed: select for OP_CONNECT, not OP_WRITE. */
    public boolean connectPending() {
        return connectPending;
    }

    /** A TCP connect on it is in flight. */
    public void markConnectPending() {
        connectPending = true;
    }

    /** Marks the TCP connect as complete (rule 8a). */
    public void connectDone() {
        if (connectPending) {
            connectPending = false;
            if (outUsers > 0 && announced != 0) {
                reannounce = true;
                engine.table.markDirty(this);
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    int wanted() {
        return (inUsers > 0 ? 1 : 0) | (outUsers > 0 ? 2 : 0);
    }
}
