package dev.hiper.internal.conn;

import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;

/**
 * An established connection: a chain of filters over one socket, the exchanges using it, and what
 * the connection cache needs to know to reuse it. It is its socket's user: readiness reported on
 * the socket reaches the connection, which wakes the transfers of its exchanges (one for
 * HTTP/1.1; for HTTP/2, the transfer of each stream the session's frames concern).
 *
 * <p>Lifecycle: 1. made when a transfer's connect won, its filter chain assembled by the
 * transfer's {@code ConnectionSetup}; 2. carries up to {@link #maxExchanges} exchanges at once,
 * each {@link #attach attached} while it runs (HTTP/1.1: one at a time); 3. parked in the
 * {@link ConnectionCache} when the last exchange left it reusable, unwatched (contract rule 10);
 * 4. taken again only after {@link #isAlive} says the peer has not closed it; 5. closed through
 * the engine, which tells REMOVE first.
 */
public final class Connection implements SocketUser {
    private static final ByteBuffer PROBE = ByteBuffer.allocate(1);

    public final long id;
    public final String key;
    public final String host;
    public final int port;
    public final SocketChannel channel;
    public final SocketEntry socket;
    public final InetSocketAddress remote;
    public final InetSocketAddress local;
    /** For a Unix domain socket: its path as CURLINFO_PRIMARY_IP reports it; null over TCP. */
    public String unixPath;
    public ConnectionFilter filter;
    /** Requests sent on it so far. */
    public int uses;
    /** The minor HTTP version of the last response on it (0: HTTP/1.0), -1 before any. */
    public int lastHttpMinor = -1;
    /** When it was parked, engine nanoseconds. */
    public long idleSince;
    /** Whether it is in its cache's idle list, and its neighbours there (older, newer). */
    boolean idle;
    Connection idlePrev;
    Connection idleNext;
    public boolean closed;
    private boolean handedOver;
    /** How many exchanges it carries at once: 1 for HTTP/1.1; a multiplexing session raises it. */
    public int maxExchanges = 1;
    /** The HTTP/2 session on it, when its ALPN (or prior knowledge) made it one; null for HTTP/1.1. */
    public dev.hiper.internal.http2.Http2Session h2;
    /** The transfers of the exchanges on it now, woken when the socket is ready. */
    private final ArrayList<SocketUser> users = new ArrayList<>(1);
    /** The addresses as curl prints them, made once (CURLINFO_PRIMARY_IP / LOCAL_IP on each reuse). */
    private String remoteIp;
    private String localIp;

    public Connection(long id, String key, String host, int port, SocketChannel channel, SocketEntry socket) {
        this.id = id;
        this.key = key;
        this.host = host;
        this.port = port;
        this.channel = channel;
        this.socket = socket;
        this.filter = new SocketFilter(channel);
        this.remote = address(channel, true);
        this.local = address(channel, false);
        socket.user(this);
    }

    /** An exchange starts on this connection: its transfer hears the socket's readiness. */
    public void attach(SocketUser exchange) {
        users.add(exchange);
    }

    /** An exchange ended: its transfer no longer hears the socket. */
    public void detach(SocketUser exchange) {
        users.remove(exchange);
    }

    /** Every exchange left (the connection is parked or closes). */
    public void detachAll() {
        users.clear();
    }

    /** Whether a CONNECT_ONLY transfer gave it to the application, which reads and writes it now. */
    public boolean handedOver() {
        return handedOver;
    }

    /** A CONNECT_ONLY transfer gives it to the application: no exchange of the engine's runs on it again. */
    public void handOver() {
        users.clear();
        users.trimToSize();
        handedOver = true;
        filter.leanBuffers(); // mostly idle from now on: TLS keeps no buffers between the application's calls
    }

    /** How many exchanges run on it now. */
    public int exchanges() {
        return users.size();
    }

    /** Whether another exchange can start on it now, beside those running. */
    public boolean hasRoom() {
        return !closed && users.size() < maxExchanges;
    }

    /** How many more exchanges it takes now. */
    public int room() {
        return closed ? 0 : Math.max(0, maxExchanges - users.size());
    }

    /**
     * The socket is ready: wake each exchange's transfer. With HTTP/1.1 that is the one transfer
     * on it; a multiplexing session reads its frames first and wakes the streams they concern.
     * Walked from the end, so a transfer that finishes and leaves while woken skips no other.
     */
    @Override
    public void onSocketReady(SocketEntry entry, int events) {
        if (h2 != null && events == dev.hiper.curl.Curl.CURL_CSELECT_IN && !users.isEmpty()
                && !readFrames(entry)) {
            return; // the streams the frames concern were woken; the others have nothing new
        }
        if (h2 != null && events != dev.hiper.curl.Curl.CURL_CSELECT_OUT) {
            h2.readable(); // readable, an error, or unknown (0): the session reads again
        }
        for (int i = users.size() - 1; i >= 0; i--) {
            if (i < users.size()) {
                users.get(i).onSocketReady(entry, events);
            }
        }
    }

    /**
     * An HTTP/2 connection's socket is readable: its session reads for all streams at once, in
     * the name of the exchange that would have run first. Returns whether every exchange should
     * run as well ({@link dev.hiper.internal.http2.Http2Session#readAll}); also after a failure
     * of the session's own, so that each transfer meets it in a run of its own.
     */
    private boolean readFrames(SocketEntry entry) {
        SocketUser last = users.get(users.size() - 1);
        try {
            return h2.readAll(last instanceof FilterCaller c ? c : FilterCaller.NONE, entry.readBuffer());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static InetSocketAddress address(SocketChannel ch, boolean remote) {
        try {
            return (InetSocketAddress) (remote ? ch.getRemoteAddress() : ch.getLocalAddress());
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    public String remoteIp() {
        if (remoteIp == null && remote != null) {
            remoteIp = AddressText.ipString(remote.getAddress());
        }
        return remoteIp;
    }

    public String localIp() {
        if (localIp == null && local != null) {
            localIp = AddressText.ipString(local.getAddress());
        }
        return localIp;
    }

    /**
     * Whether an idle connection is still usable: the peer has not closed it and has sent
     * nothing (an idle HTTP/1.1 connection that received bytes is out of step). One non-blocking
     * read of one byte through the filters, so that a TLS layer can take in what is not data
     * (session tickets, key updates) and still answer alive; the engine thread is the only
     * caller, so the probe buffer is shared. An HTTP/2 connection's session reads what came into
     * {@code readBuffer}, the engine's read buffer.
     */
    public boolean isAlive(FilterCaller caller, ByteBuffer readBuffer) {
        if (closed || !channel.isOpen()) {
            return false;
        }
        if (h2 != null) {
            // an idle HTTP/2 connection may hold frames (a PING, a GOAWAY): its session reads them
            return h2.idleCheck(caller, readBuffer);
        }
        try {
            PROBE.clear();
            return filter.read(caller, PROBE) == 0 && !filter.hasBufferedInput();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + host + ":" + port;
    }
}
