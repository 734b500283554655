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
 * A tunnel through an HTTP proxy (curl's {@code cf-h1-proxy}): sends CONNECT, reads the reply's
 * head, and from a 2xx on passes every byte through untouched, so the layers above (TLS to the
 * origin, HTTP) never know. Never blocks.
 *
 * <p>Lifecycle: 1. made over the connected filter below with the whole request
 * ({@link ConnectRequest}); 2. {@link #connect(FilterCaller)} sends it as the socket takes it,
 * then reads the reply ({@link ConnectReply}) as it comes; a 2xx establishes the tunnel, any
 * other status fails with {@code CURLE_COULDNT_CONNECT} ("CONNECT tunnel failed, response N"),
 * the proxy closing first with {@code CURLE_RECV_ERROR}, a head over 100 KiB too, a line that is
 * no header with {@code CURLE_BAD_FUNCTION_ARGUMENT} ("Invalid response header", libcurl's code
 * from its headers API); 3. bytes that
 * came after the head are the tunnel's first and are read first; 4. {@link #connectCode()} is
 * the reply's status for {@code CURLINFO_HTTP_CONNECTCODE}.
 */
public final class HttpTunnelFilter implements ConnectionFilter {
    private final ConnectionFilter next;
    private final ByteBuffer request;
    private final String authority;
    private final ConnectReply reply = new ConnectReply();
    /** What came after the reply's head: the tunnel's first bytes (read mode), or null. */
    private ByteBuffer early;
    private boolean established;
    private boolean traced;
    /** The reply's lines not yet taken by {@link #takeReplyLines()}. */
    private final java.util.ArrayList<byte[]> replyLines = new java.util.ArrayList<>();

    public HttpTunnelFilter(ConnectionFilter next, String authority, byte[] request) {
        this.next = next;
        this.authority = authority;
        this.request = ByteBuffer.wrap(request);
    }

    /** The request, as sent. */
    public byte[] request() {
        return request.array();
    }

    /** The reply's lines that arrived since the last call, line ends included. */
    public java.util.List<byte[]> takeReplyLines() {
        if (replyLines.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<byte[]> out = new java.util.ArrayList<>(replyLines);
        replyLines.clear();
        return out;
    }

    /** The status of the proxy's reply; 0 before one arrived. */
    public int connectCode() {
        return reply.done() || reply.status() != 0 ? reply.status() : 0;
    }

    @Override
    public boolean connect(FilterCaller caller) throws IOException {
        if (established) {
            return true;
        }
        if (!traced) {
            traced = true;
            caller.trace("Establishing HTTP proxy tunnel to " + authority);
        }
        while (request.hasRemaining()) {
            int n;
            try {
                n = next.write(caller, request);
            } catch (IOException e) {
                throw new FilterException(CurlCode.CURLE_SEND_ERROR, "Failed sending CONNECT to proxy", e);
            }
            if (n == 0) {
                return false;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (;;) {
            buf.clear();
            int n;
            try {
                n = next.read(caller, buf);
            } catch (IOException e) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "Proxy CONNECT aborted: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "Proxy CONNECT aborted");
            }
            if (n == 0) {
                return false;
            }
            buf.flip();
            ConnectReply.Result r = reply.feed(buf, (b, len) -> replyLines.add(java.util.Arrays.copyOf(b, len)));
            if (r == ConnectReply.Result.BAD_HEADER) {
                throw new FilterException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "Invalid response header");
            }
            if (r == ConnectReply.Result.NUL_BYTE) {
                throw new FilterException(CurlCode.CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
            }
            if (r == ConnectReply.Result.TOO_LARGE) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "CONNECT response too large");
            }
            if (r == ConnectReply.Result.DONE) {
                break;
            }
        }
        int status = reply.status();
        if (status / 100 != 2) {
            throw new FilterException(CurlCode.CURLE_COULDNT_CONNECT, "CONNECT tunnel failed, response " + status);
        }
        if (buf.hasRemaining()) {
            early = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        }
        established = true;
        caller.trace("CONNECT tunnel established, response " + status);
        return true;
    }

    @Override
    public boolean connect() throws IOException {
        return connect(FilterCaller.NONE);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(FilterCaller.NONE, dst);
    }

    @Override
    public int read(FilterCaller caller, ByteBuffer dst) throws IOException {
        if (early != null) {
            int n = Math.min(early.remaining(), dst.remaining());
            ByteBuffer slice = early.duplicate();
            slice.limit(slice.position() + n);
            dst.put(slice);
            early.position(early.position() + n);
            if (!early.hasRemaining()) {
                early = null;
            }
            return n;
        }
        return next.read(caller, dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return next.write(src);
    }

    @Override
    public int write(FilterCaller caller, ByteBuffer src) throws IOException {
        return next.write(caller, src);
    }

    @Override
    public boolean hasBufferedInput() {
        return early != null || next.hasBufferedInput();
    }

    @Override
    public int socketInterest(int wanted) {
        if (!established) {
            return request.hasRemaining() ? CURL_POLL_OUT : CURL_POLL_IN;
        }
        return next.socketInterest(wanted);
    }

    @Override
    public boolean isSecure() {
        return next.isSecure();
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }

    @Override
    public void close() {
        next.close();
    }
}
