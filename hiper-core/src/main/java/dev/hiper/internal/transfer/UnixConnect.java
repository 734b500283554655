package dev.hiper.internal.transfer;

import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking connect to a Unix domain socket ({@code CURLOPT_UNIX_SOCKET_PATH}): no name
 * look-up and no address race, one socket, watched for OUT until the connect completes. The
 * host and port of the URL still name the server; only the way there changes.
 */
final class UnixConnect {
    /**
     * The most characters of the path that {@code CURLINFO_PRIMARY_IP} reports: libcurl writes the
     * peer's path into its buffer for an IP address text (MAX_IPADR_LEN, 46 bytes with the NUL).
     */
    static final int PRIMARY_IP_MAX = 45;

    final String path;
    final SocketChannel channel;
    final SocketEntry socket;
    private boolean connected;

    private UnixConnect(String path, SocketChannel channel, SocketEntry socket, boolean connected) {
        this.path = path;
        this.channel = channel;
        this.socket = socket;
        this.connected = connected;
    }

    /** Opens the socket and starts the connect; throws when it fails at once (no such file, refused). */
    static UnixConnect start(MultiEngine engine, Transfer t, String path) throws IOException {
        UnixDomainSocketAddress address;
        try {
            address = UnixDomainSocketAddress.of(path);
        } catch (RuntimeException e) {
            throw new IOException("Invalid Unix domain socket path: " + e.getMessage(), e);
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.configureBlocking(false);
            boolean done = ch.connect(address);
            SocketEntry entry = engine.openSocket(ch, t);
            if (!done) {
                entry.markConnectPending();
            }
            return new UnixConnect(path, ch, entry, done);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing beyond the descriptor to release
            }
            throw e instanceof IOException ? (IOException) e : new IOException(e);
        }
    }

    /** Whether the connect completed; throws when it failed. */
    boolean progress() throws IOException {
        if (!connected) {
            connected = channel.finishConnect();
        }
        return connected;
    }

    /** The path as {@code CURLINFO_PRIMARY_IP} gives it for a Unix socket. */
    static String primaryIp(String path) {
        return path.length() > PRIMARY_IP_MAX ? path.substring(0, PRIMARY_IP_MAX) : path;
    }
}
