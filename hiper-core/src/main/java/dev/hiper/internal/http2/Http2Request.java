package dev.hiper.internal.http2;

import dev.hiper.internal.http.Http1Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request head as HTTP/2 sends it, made from the head curl would send over HTTP/1.1 (the same
 * defaults, the application's headers in their order, the same replacements), as libcurl turns
 * its HTTP/1 request into HTTP/2 fields: the request line and {@code Host} become the
 * pseudo-headers {@code :method :scheme :authority :path} (RFC 9113 section 8.3.1), names are
 * lowercased (section 8.2), and the connection-specific fields go (section 8.2.2:
 * {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding},
 * {@code Upgrade}, and {@code TE} unless it is {@code trailers}). {@code Expect: 100-continue}
 * goes only when the application set it (the head is built without curl's automatic one, as
 * libcurl adds it over HTTP/1.1 only).
 *
 * <p>Pure: a head in, the fields and the head for the trace ({@code "GET / HTTP/2"}) out.
 */
final class Http2Request {
    /** The fields to send and the head as the trace shows it. */
    record Converted(List<HeaderField> fields, byte[] traceHead) {
    }

    private Http2Request() {
    }

    /** The head for the trace when nobody traces: not made. */
    private static final byte[] NO_TRACE = new byte[0];

    /**
     * The fields of {@code head}; the head as the trace shows it only when {@code tracing} (else
     * an empty array). Reads the head's bytes line by line, with no copy of the whole text.
     */
    static Converted convert(Http1Request.Head head, String scheme, String defaultAuthority, boolean tracing) {
        byte[] b = head.bytes;
        int end = lineEnd(b, 0);
        int sp1 = indexOf(b, (byte) ' ', 0, end);
        int sp2 = lastIndexOf(b, (byte) ' ', sp1 + 1, end);
        String method = latin1(b, 0, sp1);
        String path = latin1(b, sp1 + 1, sp2);
        String authority = defaultAuthority;
        List<HeaderField> fields = new ArrayList<>(12);
        fields.add(null); // the four pseudo-headers, set below once :authority is known
        fields.add(null);
        fields.add(null);
        fields.add(null);
        StringBuilder trace = tracing ? new StringBuilder(b.length) : null;
        if (tracing) {
            trace.append(method).append(' ').append(path).append(" HTTP/2\r\n");
        }
        for (int from = end + 2; from < b.length; from = end + 2) {
            end = lineEnd(b, from);
            int colon = indexOf(b, (byte) ':', from, end);
            if (colon <= from) {
                continue; // the blank line at the end, or no name
            }
            String name = latin1(b, from, colon).trim().toLowerCase(Locale.ROOT);
            String value = latin1(b, colon + 1, end).trim();
            if (name.equals("host")) {
                authority = value;
            } else if (connectionSpecific(name, value)) {
                continue;
            } else {
                fields.add(new HeaderField(name, value));
            }
            if (tracing) {
                trace.append(latin1(b, from, end)).append("\r\n");
            }
        }
        fields.set(0, new HeaderField(":method", method));
        fields.set(1, new HeaderField(":scheme", scheme));
        fields.set(2, new HeaderField(":authority", authority));
        fields.set(3, new HeaderField(":path", path));
        if (!tracing) {
            return new Converted(fields, NO_TRACE);
        }
        trace.append("\r\n");
        return new Converted(fields, trace.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Where the line starting at {@code from} ends: its CR LF, or the end of the bytes. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte x, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The lines curl's verbose trace shows when a stream opens: {@code [HTTP/2] [1] OPENED stream
     * for URL}, then each field sent, pseudo-headers first, as {@code [HTTP/2] [1] [name: value]}.
     */
    static List<String> traceLines(int streamId, String url, List<HeaderField> fields) {
        List<String> lines = new ArrayList<>(fields.size() + 1);
        String prefix = "[HTTP/2] [" + streamId + "] ";
        lines.add(prefix + "OPENED stream for " + url);
        for (HeaderField f : fields) {
            lines.add(prefix + "[" + f.name() + ": " + f.value() + "]");
        }
        return lines;
    }

    /** The octets the fields count for in CURLINFO_REQUEST_SIZE: name, value and ": " and CRLF, as a head line. */
    static long size(List<HeaderField> fields) {
        long n = 0;
        for (HeaderField f : fields) {
            n += f.name().length() + f.value().length() + 4;
        }
        return n;
    }

    private static boolean connectionSpecific(String name, String value) {
        switch (name) {
            case "connection":
            case "keep-alive":
            case "proxy-connection":
            case "transfer-encoding":
            case "upgrade":
                return true;
            case "te":
                return !value.equalsIgnoreCase("trailers");
            default:
                return false;
        }
    }
}
