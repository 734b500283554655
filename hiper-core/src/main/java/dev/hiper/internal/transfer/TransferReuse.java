package dev.hiper.internal.transfer;

import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.http.Http1ResponseParser;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * What one easy handle's transfers hand on to the next, so that a handle added again for the
 * same URL (the keep-alive loop of a client) allocates nothing it already made: the response
 * parser, the timer and pollset arrays, the parsed URL with its connection-cache key, and the
 * last request head with the inputs it was built from.
 *
 * <p>Owned by the {@link EasyHandle}; used by its one transfer at a time (a handle is in at most
 * one multi, with one transfer), so nothing here is shared. Every cached value is checked against
 * its inputs before use: strings by equality (identity first), the header list by identity (the
 * handle keeps an immutable copy, so a new list is a new instance).
 */
final class TransferReuse {
    final Http1ResponseParser parser = new Http1ResponseParser();
    final long[] timers = new long[ExpireId.ALL.length];
    final SocketEntry[] pollEntries = new SocketEntry[4];
    final int[] pollMasks = new int[4];

    private String urlText;
    private CurlUrl url;
    private CurlUrl keyOf;
    private String key;

    private String method;
    private CurlUrl headUrl;
    private String target;
    private Http1Request.Extras extras;
    private String userAgent;
    private List<String> headers;
    private Http1Request.Body body;
    private long length;
    private boolean formPost;
    private Http1Request.Head head;
    private ByteBuffer headBuffer;
    private Http1Request.Head headBufferOf;
    private byte[] sendScratch;
    private ByteBuffer sendScratchBuffer;
    private String contentType;

    /** {@link CurlUrl#parse}, or the last result when {@code text} is the same URL. */
    CurlUrl parse(String text) throws UrlException {
        if (url != null && text.equals(urlText)) {
            return url;
        }
        CurlUrl u = CurlUrl.parse(text);
        urlText = text;
        url = u;
        return u;
    }

    /** The connection-cache key of {@code u}: scheme, host and port. */
    String key(CurlUrl u) {
        if (u != keyOf) {
            key = u.scheme() + "://" + u.authority().toLowerCase(Locale.ROOT) + ":" + u.port();
            keyOf = u;
        }
        return key;
    }

    /**
     * {@link Http1Request#build} for {@code u} with this request-target and these optional lines,
     * or the last head when every input is the same.
     */
    Http1Request.Head head(String method, CurlUrl u, String target, String userAgent, List<String> headers,
            Http1Request.Body body, long length, boolean formPost, Http1Request.Extras extras) {
        if (head != null && u == headUrl && headers == this.headers && body == this.body && length == this.length
                && formPost == this.formPost && method.equals(this.method) && target.equals(this.target)
                && (extras == this.extras || extras.equals(this.extras))
                && (userAgent == null ? this.userAgent == null : userAgent.equals(this.userAgent))) {
            return head;
        }
        head = Http1Request.build(method, target, u.hostHeader(), userAgent, headers, body, length, formPost, extras);
        this.method = method;
        this.headUrl = u;
        this.target = target;
        this.extras = extras;
        this.userAgent = userAgent;
        this.headers = headers;
        this.body = body;
        this.length = length;
        this.formPost = formPost;
        return head;
    }

    /** A buffer over {@code h}'s bytes, from the start (the same buffer while the head is the same). */
    ByteBuffer headBuffer(Http1Request.Head h) {
        if (h != headBufferOf) {
            headBuffer = ByteBuffer.wrap(h.bytes);
            headBufferOf = h;
        }
        return headBuffer.clear();
    }

    /** {@code head} then {@code n} bytes of {@code body}, copied into this handle's own send buffer. */
    ByteBuffer headWithBody(byte[] head, byte[] body, int n) {
        int total = head.length + n;
        if (sendScratch == null || sendScratch.length < total) {
            sendScratch = new byte[total];
            sendScratchBuffer = ByteBuffer.wrap(sendScratch);
        }
        System.arraycopy(head, 0, sendScratch, 0, head.length);
        System.arraycopy(body, 0, sendScratch, head.length, n);
        return sendScratchBuffer.clear().limit(total);
    }

    /** The Content-Type value of the parser's current header: the last String when the bytes match it. */
    String contentType(Http1ResponseParser p) {
        if (contentType == null || !p.headerValueIs(contentType)) {
            contentType = p.headerValue();
        }
        return contentType;
    }
}
