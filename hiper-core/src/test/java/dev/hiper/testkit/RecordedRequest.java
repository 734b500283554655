package dev.hiper.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** A request as {@link ScriptedServer} received it. Immutable; the accessors return copies of the byte arrays. */
public final class RecordedRequest {

    private final byte[] head;
    private final byte[] body;
    private final byte[] decodedBody;
    private final long bodySize;
    private final long decodedBodySize;
    private final boolean truncated;
    private final boolean complete;
    private final int connectionIndex;
    private final int sequenceOnConnection;
    private final String requestLine;
    private final List<String> headerLines;

    RecordedRequest(byte[] head, byte[] body, byte[] decodedBody, long bodySize, long decodedBodySize,
                    boolean truncated, boolean complete, int connectionIndex, int sequenceOnConnection) {
        this.head = head;
        this.body = body;
        this.decodedBody = decodedBody;
        this.bodySize = bodySize;
        this.decodedBodySize = decodedBodySize;
        this.truncated = truncated;
        this.complete = complete;
        this.connectionIndex = connectionIndex;
        this.sequenceOnConnection = sequenceOnConnection;
        List<String> lines = splitLines(head);
        this.requestLine = lines.isEmpty() ? "" : lines.get(0);
        this.headerLines = lines.size() <= 1
                ? List.of() : Collections.unmodifiableList(new ArrayList<>(lines.subList(1, lines.size())));
    }

    /** Lines of the head without their CRLF (or bare LF); stops at the first empty line. */
    private static List<String> splitLines(byte[] head) {
        String s = new String(head, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            String line = s.substring(start, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty()) break;
            out.add(line);
            if (nl < 0) break;
            start = nl + 1;
        }
        return out;
    }

    /** Request line, headers and the blank line, exactly as received. */
    public byte[] head() {
        return head.clone();
    }

    /** Body bytes as received on the wire (still chunk-encoded if chunked; at most the server's body limit). */
    public byte[] body() {
        return body.clone();
    }

    /** The body with chunked encoding removed (same as {@link #body()} if not chunked). */
    public byte[] decodedBody() {
        return decodedBody.clone();
    }

    /** {@link #body()} decoded as UTF-8 after removing chunked encoding. */
    public String decodedBodyUtf8() {
        return new String(decodedBody, StandardCharsets.UTF_8);
    }

    /** Head and body exactly as received. */
    public byte[] raw() {
        byte[] r = new byte[head.length + body.length];
        System.arraycopy(head, 0, r, 0, head.length);
        System.arraycopy(body, 0, r, head.length, body.length);
        return r;
    }

    /** Number of body bytes read from the wire (chunk framing included), even beyond the body limit. */
    public long bodySize() {
        return bodySize;
    }

    /** Number of decoded body bytes, even beyond the body limit. */
    public long decodedBodySize() {
        return decodedBodySize;
    }

    /** True if the body was longer than the server's body limit, so {@link #body()} holds only its start. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * False if the body could not be read to its end (the client closed, the chunked framing was malformed, or the
     * script skipped the body with {@link Action#noContinue()}).
     */
    public boolean complete() {
        return complete;
    }

    /** "GET /x HTTP/1.1" */
    public String requestLine() {
        return requestLine;
    }

    public String method() {
        int sp = requestLine.indexOf(' ');
        return sp < 0 ? requestLine : requestLine.substring(0, sp);
    }

    public String target() {
        int sp = requestLine.indexOf(' ');
        if (sp < 0) return "";
        int sp2 = requestLine.indexOf(' ', sp + 1);
        return sp2 < 0 ? requestLine.substring(sp + 1) : requestLine.substring(sp + 1, sp2);
    }

    /** The header lines in order, without CRLF (obsolete line folding is not undone). */
    public List<String> headerLines() {
        return headerLines;
    }

    /** The first value of the header, name compared case-insensitively, surrounding white space removed; or null. */
    public String header(String name) {
        List<String> all = headers(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every value of the header, in order. */
    public List<String> headers(String name) {
        String want = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            if (line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(want)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** 0-based index of the accepted connection the request came on. */
    public int connectionIndex() {
        return connectionIndex;
    }

    /** 0 for the first request on its connection, 1 for the next, ... */
    public int sequenceOnConnection() {
        return sequenceOnConnection;
    }

    @Override
    public String toString() {
        return requestLine + " [conn " + connectionIndex + " #" + sequenceOnConnection + ", body " + bodySize + "]";
    }
}
