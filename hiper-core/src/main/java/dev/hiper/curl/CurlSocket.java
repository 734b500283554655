package dev.hiper.curl;

import dev.hiper.internal.multi.SocketEntry;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code curl_socket_t}: a socket the multi asks the application to watch.
 *
 * <p>Register {@link #channel()} with your selector for {@link #interestOps(int)} of the
 * {@code what} the socket callback gave. Equality is identity; {@link #id()} is unique among the
 * sockets of the process. {@link Curl#CURL_SOCKET_TIMEOUT} is the one socket with no channel.
 */
public final class CurlSocket {
    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        dev.hiper.internal.multi.EngineAccess.installSockets(CurlSocket::entry);
    }

    private final SocketEntry entry;
    private final int id;

    CurlSocket(SocketEntry entry) {
        this.entry = entry;
        this.id = entry == null ? -1 : IDS.incrementAndGet();
    }

    static CurlSocket timeoutSocket() {
        return new CurlSocket(null);
    }

    SocketEntry entry() {
        return entry;
    }

    /**
     * The channel to register with a selector.
     *
     * @return the socket's channel; null for {@code CURL_SOCKET_TIMEOUT}
     */
    public SelectableChannel channel() {
        return entry == null ? null : entry.channel();
    }

    /**
     * The {@link SelectionKey} operations that match {@code what} for this socket now:
     * {@code OP_READ} for IN; for OUT {@code OP_CONNECT} while a TCP connect is in flight and
     * {@code OP_WRITE} after (the socket is announced again when its connect completes, contract
     * rule 8a); 0 for REMOVE.
     *
     * @param what the {@code CURL_POLL_*} value the socket callback gave
     * @return the {@code SelectionKey.OP_*} bits to register for; 0 for REMOVE or
     *     {@code CURL_SOCKET_TIMEOUT}
     */
    public int interestOps(int what) {
        if (entry == null || what == Curl.CURL_POLL_REMOVE) {
            return 0;
        }
        int ops = 0;
        if ((what & Curl.CURL_POLL_IN) != 0) {
            ops |= SelectionKey.OP_READ;
        }
        if ((what & Curl.CURL_POLL_OUT) != 0) {
            ops |= entry.connectPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return ops & entry.channel().validOps();
    }

    /**
     * A number for logs and traces.
     *
     * @return a number unique among the process's sockets; -1 for {@code CURL_SOCKET_TIMEOUT}
     */
    public int id() {
        return id;
    }

    @Override
    public String toString() {
        return entry == null ? "CURL_SOCKET_TIMEOUT" : "CurlSocket#" + id;
    }
}
