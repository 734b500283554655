package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.CURL_POLL_OUT;

import dev.hiper.internal.conn.AddressText;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HAProxy PROXY protocol, version 1 (curl's {@code cf-haproxy}): a new connection starts
 * with one text line that tells the server where the client connects from, before any byte of
 * TLS or HTTP: {@code PROXY TCP4|TCP6 <source> <destination> <local port> <remote port>}, the
 * addresses being the socket's own or, with {@code CURLOPT_HAPROXY_CLIENT_IP}, the given one
 * twice; {@code PROXY UNKNOWN} over a Unix socket.
 *
 * <p>Lifecycle: 1. made over the connected filters; 2. {@link #connect(FilterCaller)} writes the
 * line as the socket takes it; 3. then pass-through.
 */
public final class HaproxyFilter extends PassThroughFilter {
    private final ByteBuffer line;

    public HaproxyFilter(ConnectionFilter next, String line) {
        super(next);
        this.line = ByteBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The line for a connection from {@code local} to {@code remote} (null or not IP addresses:
     * a Unix socket), naming {@code clientIp} instead of both addresses when it is not null.
     */
    public static String line(SocketAddress local, SocketAddress remote, String clientIp) {
        if (!(local instanceof InetSocketAddress l) || !(remote instanceof InetSocketAddress r)
                || l.getAddress() == null || r.getAddress() == null) {
            return "PROXY UNKNOWN\r\n";
        }
        boolean v6 = r.getAddress() instanceof Inet6Address;
        String source = AddressText.ipString(l.getAddress());
        String destination = AddressText.ipString(r.getAddress());
        if (clientIp != null) {
            source = clientIp;
            destination = clientIp;
            v6 = !isIpv4(clientIp);
        }
        return "PROXY " + (v6 ? "TCP6 " : "TCP4 ") + source + " " + destination + " " + l.getPort() + " "
                + r.getPort() + "\r\n";
    }

    /** A dotted quad of four decimal parts up to 255, as {@code inet_pton} reads IPv4. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean connect(FilterCaller caller) throws IOException {
        while (line.hasRemaining()) {
            if (next.write(caller, line) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean connect() throws IOException {
        return connect(FilterCaller.NONE);
    }

    @Override
    public int socketInterest(int wanted) {
        return line.hasRemaining() ? CURL_POLL_OUT : next.socketInterest(wanted);
    }
}
