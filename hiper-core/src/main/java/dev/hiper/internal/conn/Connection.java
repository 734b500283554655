package dev.hiper.internal.conn;

import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * An established connection: a chain of filters over one socket, and what the connection cache
 * needs to know to reuse it.
 *
 * <p>Lifecycle: 1. made by a transfer once its connect won; 2. used by one HTTP/1.1 exchange at a
 * time; 3. parked in the {@link ConnectionCache} when the exchange left it reusable, unwatched
 * (contract rule 10); 4. taken again only after {@link #isAlive()} says the peer has not closed
 * it; 5. closed through the engine, which tells REMOVE first.
 */
public final class Connection {
    private static final ByteBuffer PROBE = ByteBuffer.allocate(1);

    public final long id;
    public final String key;
    public final String host;
    public final int port;
    public final SocketChannel channel;
    public final SocketEntry socket;
    public final InetSocketAddress remote;
    public final InetSocketAddress local;
    public ConnectionFilter filter;
    /** Requests sent on it so far. */
    public int uses;
    /** The minor HTTP version of the last response on it (0: HTTP/1.0), -1 before any. */
    public int lastHttpMinor = -1;
    /** When it was parked, engine nanoseconds. */
    public long idleSince;
    public boolean closed;
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
            remoteIp = MultiEngine.ipString(remote.getAddress());
        }
        return remoteIp;
    }

    public String localIp() {
        if (localIp == null && local != null) {
            localIp = MultiEngine.ipString(local.getAddress());
        }
        return localIp;
    }

    /**
     * Whether an idle connection is still usable: the peer has not closed it and has sent
     * nothing (an idle HTTP/1.1 connection that received bytes is out of step). One non-blocking
     * read of one byte through the filters, so that a TLS layer can take in what is not data
     * (session tickets, key updates) and still answer alive; the engine thread is the only
     * caller, so the probe buffer is shared.
     */
    public boolean isAlive() {
        if (closed || !channel.isOpen()) {
            return false;
        }
        try {
            PROBE.clear();
            return filter.read(PROBE) == 0 && !filter.hasBufferedInput();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + host + ":" + port;
    }
}
