package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.CURL_POLL_IN;
import static dev.hiper.curl.Curl.CURL_POLL_OUT;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.conn.FilterException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A tunnel through a SOCKS proxy (curl's {@code cf-socks}): runs a {@link SocksHandshake} over
 * the filter below, without blocking, then passes every byte through. The handshake reads exactly
 * what each step needs, so nothing of the tunnel's own bytes is taken early.
 *
 * <p>Lifecycle: 1. made over the TCP connection to the proxy; 2. {@link #connect(FilterCaller)}
 * sends and reads as the socket allows; a failure is {@code CURLE_PROXY} with the reason in
 * {@link #proxyError()} ({@code CURLINFO_PROXY_ERROR}); 3. then pass-through.
 */
public final class SocksFilter extends PassThroughFilter {
    private final SocksHandshake handshake;
    private final String label;
    private final byte[] one = new byte[1];
    private long proxyError;
    private boolean traced;

    public SocksFilter(ConnectionFilter next, SocksHandshake handshake, String label) {
        super(next);
        this.handshake = handshake;
        this.label = label;
    }

    /** The {@code CURLPX_*} reason of a failed handshake; 0 otherwise. */
    public long proxyError() {
        return proxyError;
    }

    @Override
    public boolean connect(FilterCaller caller) throws IOException {
        if (!traced) {
            traced = true;
            caller.trace(label);
        }
        try {
            return step(caller);
        } catch (SocksHandshake.Failure f) {
            proxyError = f.reason;
            throw new FilterException(CurlCode.CURLE_PROXY, f.getMessage());
        }
    }

    @Override
    public boolean connect() throws IOException {
        return connect(FilterCaller.NONE);
    }

    private boolean step(FilterCaller caller) throws IOException, SocksHandshake.Failure {
        // a small buffer: each step reads no more than it needs (at most 262 bytes)
        ByteBuffer buf = ByteBuffer.allocate(262);
        while (!handshake.done()) {
            ByteBuffer out = handshake.output();
            if (out.hasRemaining()) {
                int n;
                try {
                    n = next.write(caller, out);
                } catch (IOException e) {
                    throw new SocksHandshake.Failure(dev.hiper.curl.Curl.CURLPX_SEND_CONNECT,
                            "Failed to send SOCKS request: " + e.getMessage());
                }
                if (n == 0) {
                    return false;
                }
                continue;
            }
            buf.clear();
            buf.limit(1); // one byte at a time leaves the tunnel's bytes in the socket
            int n;
            try {
                n = next.read(caller, buf);
            } catch (IOException e) {
                throw new SocksHandshake.Failure(dev.hiper.curl.Curl.CURLPX_RECV_CONNECT,
                        "Failed to receive SOCKS response: " + e.getMessage());
            }
            if (n < 0) {
                throw handshake.closed();
            }
            if (n == 0) {
                return false;
            }
            buf.flip();
            handshake.feed(buf);
        }
        caller.trace("SOCKS proxy handshake done");
        return true;
    }

    @Override
    public int socketInterest(int wanted) {
        if (!handshake.done()) {
            return handshake.output().hasRemaining() ? CURL_POLL_OUT : CURL_POLL_IN;
        }
        return next.socketInterest(wanted);
    }
}
