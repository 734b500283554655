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
 *
 * <p>A 407 with a {@link Reauth} (proxy credentials and a scheme left to try) does not fail:
 * when the proxy keeps the connection and the reply's body has a length, the body is read and
 * dropped and the next CONNECT goes on the same connection ({@link #takeNewRequest()} says so);
 * otherwise {@link #reconnect()} asks for a new connection, as curl's cf-h1-proxy does.
 */
public final class HttpTunnelFilter extends PassThroughFilter {
    private ByteBuffer request;
    private final String authority;
    private ConnectReply reply = new ConnectReply();
    private Reauth reauth;
    /** The Proxy-Authenticate values of the reply being read. */
    private final java.util.ArrayList<String> challenges = new java.util.ArrayList<>();
    private int replyLineCount;
    private long replyLength = -1;
    private boolean replyCloses;
    /** The reply's body is chunked (Transfer-Encoding names chunked). */
    private boolean replyChunked;
    /**
     * A refusal's chunked body being read before the tunnel fails (as curl reads it: a body
     * that breaks the chunked framing is a receive error, not the refusal); null otherwise.
     */
    private dev.hiper.internal.http.ChunkedDecoder refusalBody;
    private int refusalStatus;
    /** The body of a 407 still to drop before the next CONNECT; -1 when none. */
    private long skip = -1;
    private boolean newRequest;
    private boolean reconnect;
    /** The CONNECT on the wire answers a 407 on the same connection (the proxy may have closed it). */
    private boolean resent;
    /** What came after the reply's head: the tunnel's first bytes (read mode), or null. */
    private ByteBuffer early;
    private boolean established;
    private boolean traced;
    /** The reply's lines not yet taken by {@link #takeReplyLines()}. */
    private final java.util.ArrayList<byte[]> replyLines = new java.util.ArrayList<>();

    public HttpTunnelFilter(ConnectionFilter next, String authority, byte[] request) {
        super(next);
        this.authority = authority;
        this.request = ByteBuffer.wrap(request);
    }

    /** Answers a 407 to CONNECT (curl's proxy authentication loop). */
    public interface Reauth {
        /** The 407's {@code Proxy-Authenticate} values: whether another CONNECT follows. */
        boolean challenged(java.util.List<String> challenges);

        /** The next CONNECT, with the credentials the challenges asked for. */
        byte[] request();
    }

    /** Sets what answers a 407 (none: a 407 fails the tunnel). */
    public void reauth(Reauth r) {
        reauth = r;
    }

    /** Whether a new CONNECT replaced the last one since the last call (it is to be traced). */
    public boolean takeNewRequest() {
        boolean n = newRequest;
        newRequest = false;
        return n;
    }

    /** Whether the next CONNECT must go on a new connection (the proxy closes this one). */
    public boolean reconnect() {
        return reconnect;
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
        return reply.status();
    }

    @Override
    public boolean connect(FilterCaller caller) throws IOException {
        if (established) {
            return true;
        }
        if (reconnect) {
            return false;
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
                if (resent) {
                    reconnect = true; // the proxy closed after its 407 without saying so
                    return false;
                }
                throw new FilterException(CurlCode.CURLE_SEND_ERROR, "Failed sending CONNECT to proxy", e);
            }
            if (n == 0) {
                return false;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(4096);
        if (refusalBody != null) {
            buf.limit(0);
            return readRefusal(caller, buf);
        }
        if (skip >= 0) {
            buf.limit(0); // nothing read yet in this call
            if (!dropBody(caller, buf)) {
                return false;
            }
        }
        for (;;) {
            buf.clear();
            int n;
            try {
                n = next.read(caller, buf);
            } catch (IOException e) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "Proxy CONNECT aborted: " + e.getMessage(), e);
            }
            if (n < 0) {
                if (resent && replyLineCount == 0) {
                    reconnect = true; // closed before any reply to the CONNECT that answers its 407
                    return false;
                }
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "Proxy CONNECT aborted");
            }
            if (n == 0) {
                return false;
            }
            buf.flip();
            ConnectReply.Result r = reply.feed(buf, this::replyLine);
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
        if (status == 407 && reauth != null && reauth.challenged(challenges)) {
            if (replyCloses || replyLength < 0) {
                reconnect = true; // the body's end is the connection's: the next CONNECT goes on a new one
                return false;
            }
            skip = replyLength;
            dropBody(caller, buf);
            return false;
        }
        if (status / 100 != 2) {
            if (replyChunked) {
                refusalBody = new dev.hiper.internal.http.ChunkedDecoder();
                refusalStatus = status;
                return readRefusal(caller, buf);
            }
            throw new FilterException(CurlCode.CURLE_COULDNT_CONNECT, "CONNECT tunnel failed, response " + status);
        }
        if (buf.hasRemaining()) {
            early = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        }
        established = true;
        caller.trace("CONNECT tunnel established, response " + status);
        return true;
    }

    /** One line of the reply's head: kept for the header callback, its framing and challenges noted. */
    private void replyLine(byte[] b, int len) {
        replyLines.add(java.util.Arrays.copyOf(b, len));
        String text = ConnectReply.text(b, len);
        if (replyLineCount++ == 0) {
            replyCloses = text.startsWith("HTTP/1.0");
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = text.substring(0, colon).trim();
        String value = text.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Proxy-Authenticate") && challenges.size() < 32) {
            challenges.add(value);
        } else if (name.equalsIgnoreCase("Content-Length")) {
            replyLength = value.matches("[0-9]{1,18}") && replyLength == -1 ? Long.parseLong(value) : -2;
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
            replyLength = -2; // chunked (or another coding): read to the close, on a new connection
            replyChunked |= value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if ((name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Proxy-Connection"))) {
            if (value.equalsIgnoreCase("close")) {
                replyCloses = true;
            } else if (value.equalsIgnoreCase("keep-alive")) {
                replyCloses = false;
            }
        }
    }

    /**
     * Reads a refusal's chunked body (what {@code buf} holds after the head, then the socket) to
     * its last chunk, then fails the tunnel with the refusal; broken chunked framing fails it
     * with {@code CURLE_RECV_ERROR}, as curl's chunk reader does. False while bytes are to come.
     */
    private boolean readRefusal(FilterCaller caller, ByteBuffer buf) throws IOException {
        for (;;) {
            dev.hiper.internal.http.ChunkedDecoder.Result r;
            try {
                r = refusalBody.next(buf);
            } catch (dev.hiper.internal.http.HttpParseException e) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "chunk reading error in the proxy's "
                        + refusalStatus + " reply to CONNECT: " + e.getMessage());
            }
            if (r == dev.hiper.internal.http.ChunkedDecoder.Result.TRAILERS) {
                break;
            }
            if (r == dev.hiper.internal.http.ChunkedDecoder.Result.DATA) {
                int n = refusalBody.available();
                buf.position(buf.position() + n);
                refusalBody.consumed(n);
                continue;
            }
            buf.clear();
            int n;
            try {
                n = next.read(caller, buf);
            } catch (IOException e) {
                break; // what the proxy said is enough: the refusal below
            }
            if (n < 0) {
                break;
            }
            if (n == 0) {
                buf.limit(0);
                return false;
            }
            buf.flip();
        }
        throw new FilterException(CurlCode.CURLE_COULDNT_CONNECT, "CONNECT tunnel failed, response " + refusalStatus);
    }

    /**
     * Drops the 407's body (what {@code buf} holds after the head, then reads) until its length
     * is read; then the next CONNECT is ready. Returns false while bytes are still to come.
     */
    private boolean dropBody(FilterCaller caller, ByteBuffer buf) throws IOException {
        for (;;) {
            int k = (int) Math.min(skip, buf.remaining());
            buf.position(buf.position() + k);
            skip -= k;
            if (skip == 0) {
                break;
            }
            buf.clear();
            int n;
            try {
                n = next.read(caller, buf);
            } catch (IOException e) {
                throw new FilterException(CurlCode.CURLE_RECV_ERROR, "Proxy CONNECT aborted: " + e.getMessage(), e);
            }
            if (n < 0) {
                reconnect = true; // closed before the body's end: try again on a new connection
                return false;
            }
            if (n == 0) {
                return false;
            }
            buf.flip();
        }
        skip = -1;
        request = ByteBuffer.wrap(reauth.request());
        reply = new ConnectReply();
        challenges.clear();
        replyLineCount = 0;
        replyLength = -1;
        replyCloses = false;
        replyChunked = false;
        newRequest = true;
        resent = true;
        return false; // the caller traces the new request, then calls again to send it
    }

    @Override
    public boolean connect() throws IOException {
        return connect(FilterCaller.NONE);
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
}
