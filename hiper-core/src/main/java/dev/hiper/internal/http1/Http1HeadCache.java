package dev.hiper.internal.http1;

import dev.hiper.internal.http.Http1Request;
import dev.hiper.internal.url.CurlUrl;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The last request head an easy handle sent, with the inputs it was built from, and the buffers
 * it went out in: a handle that sends the same request again (the keep-alive loop of a client)
 * builds no head, no buffer and no String it built before.
 *
 * <p>Owned by one {@link Http1Codec}, which belongs to one easy handle; used by its one transfer
 * at a time, so nothing here is shared. Every cached value is checked against its inputs before
 * use: strings by equality (identity first), the URL and the header list by identity (the handle
 * keeps an immutable copy of its list, so a new list is a new instance).
 */
final class Http1HeadCache {
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
}
