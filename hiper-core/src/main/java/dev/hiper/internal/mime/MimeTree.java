package dev.hiper.internal.mime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code curl_mime}: a list of parts and the boundary between them, as libcurl makes it (24
 * dashes and 22 random letters and digits), and, as a request body ({@code CURLOPT_MIMEPOST}),
 * the reading of it: generated as it is sent, files read as they go out, nothing held whole.
 *
 * <p>The bytes (RFC 2046 section 5.1.1, as libcurl writes them): for each part
 * {@code CRLF "--" boundary CRLF}, the part's header lines, an empty line and its content; then
 * {@code CRLF "--" boundary "--" CRLF}. The very first CRLF is left out, since the body starts
 * right after a header block's empty line. The size is known when every part's is.
 *
 * <p>Lifecycle as a request body: 1. {@link #prepare} before each request (the part headers,
 * the request's {@code Content-Type} line); 2. {@link #size}; 3. {@link #read} until 0;
 * 4. {@link #rewind} when the request goes again.
 */
public final class MimeTree {
    /** Read answers besides a count: a part failed, the application paused, or aborted. */
    public static final int READ_ERROR = -1;
    public static final int PAUSE = -2;
    public static final int ABORT = -3;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final String boundary;
    final List<MimePart> parts = new ArrayList<>();
    /** The part whose content this tree is, or null for a top-level tree. */
    MimePart parent;
    /** The request's Content-Type line, made by {@link #prepare}. */
    private String requestType;

    // ---- reading ----
    private int index;
    private boolean begun;
    private boolean done;
    private byte[] pending;
    private int pendingAt;
    private int lastPart = -1;
    /** A pause or failure met after some bytes of a read: the answer of the next read. */
    private int held;

    public MimeTree() {
        StringBuilder b = new StringBuilder(46).append("------------------------");
        for (int i = 0; i < 22; i++) {
            b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        boundary = b.toString();
    }

    /** {@code curl_mime_addpart}. */
    public MimePart addPart() {
        MimePart p = new MimePart(this);
        parts.add(p);
        return p;
    }

    /** A copy for {@code curl_easy_duphandle}, as libcurl's: the same parts, a boundary of its own. */
    public MimeTree copy() {
        MimeTree t = new MimeTree();
        for (MimePart p : parts) {
            p.copyInto(t.addPart());
        }
        return t;
    }

    /** {@code curl_mime_free}: closes any file still open. */
    public void free() {
        for (MimePart p : parts) {
            p.close();
        }
    }

    /** The boundary (for tests and traces). */
    public String boundary() {
        return boundary;
    }

    /**
     * Before a request: makes every part's header lines and rewinds. {@code httpHeaders}: the
     * request's own lines (a {@code Content-Type} among them replaces {@code multipart/form-data}
     * and is not sent twice); {@code backslash}: {@code CURLMIMEOPT_FORMESCAPE}. Returns an error
     * message, or null; then {@link #requestHeaders()} holds the request's lines.
     */
    public String prepare(List<String> httpHeaders, boolean backslash) {
        String ct = MimePart.search(httpHeaders, "Content-Type");
        if (ct == null) {
            ct = "multipart/form-data";
        }
        String d = MimePart.typeIs(ct, "multipart/form-data") ? "form-data" : null;
        for (MimePart p : parts) {
            String e = p.prepare(null, d, backslash, p.userHeaders);
            if (e != null) {
                return e;
            }
        }
        requestType = "Content-Type: " + ct + "; boundary=" + boundary;
        return null;
    }

    /** The request's {@code Content-Type} line (with the boundary), after {@link #prepare}. */
    public String requestHeaders() {
        return requestType;
    }

    /** The body's size, -1 when a part's is unknown (the body then goes chunked). */
    public long size() {
        long size = 4 + boundary.length() + 2;
        for (MimePart p : parts) {
            long s = p.size();
            if (s < 0) {
                return -1;
            }
            size += 4 + boundary.length() + 2 + s;
        }
        return size;
    }

    /**
     * Puts the next body bytes at {@code dst}'s position (and moves it): a count, 0 at the end,
     * {@link #PAUSE}, {@link #ABORT} or {@link #READ_ERROR} (then {@link #errorText()} says why).
     */
    public int read(ByteBuffer dst) {
        if (held != 0) {
            int h = held;
            held = 0;
            return h;
        }
        int count = 0;
        while (dst.hasRemaining()) {
            if (pending != null) {
                int n = Math.min(dst.remaining(), pending.length - pendingAt);
                dst.put(pending, pendingAt, n);
                pendingAt += n;
                count += n;
                if (pendingAt == pending.length) {
                    pending = null;
                }
                continue;
            }
            if (done) {
                break;
            }
            if (!begun) {
                begun = true;
                delimiter(true);
                continue;
            }
            int r = parts.get(index).read(dst, false);
            if (r > 0) {
                count += r;
            } else if (r == 0) {
                index++;
                delimiter(false);
            } else {
                lastPart = index;
                if (count > 0) {
                    held = r; // the bytes first, the pause or failure at the next read
                    return count;
                }
                return r;
            }
        }
        return count;
    }

    /** The line before part {@code index}, or the closing one after the last part. */
    private void delimiter(boolean first) {
        boolean last = index >= parts.size();
        String s = (first ? "" : "\r\n") + "--" + boundary + (last ? "--\r\n" : "\r\n");
        pending = s.getBytes(StandardCharsets.ISO_8859_1);
        pendingAt = 0;
        done = last;
    }

    /** Why the last read answered {@link #READ_ERROR}. */
    public String errorText() {
        return lastPart >= 0 && lastPart < parts.size() ? parts.get(lastPart).errorText() : "";
    }

    /** Back to the first byte (the seek callbacks of parts already read are called); false when a part cannot. */
    public boolean rewind() {
        index = 0;
        begun = false;
        done = false;
        pending = null;
        pendingAt = 0;
        lastPart = -1;
        held = 0;
        boolean ok = true;
        for (MimePart p : parts) {
            ok &= p.rewind();
        }
        return ok;
    }
}
