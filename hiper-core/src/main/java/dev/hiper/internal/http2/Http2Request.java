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

    static Converted convert(Http1Request.Head head, String scheme, String defaultAuthority) {
        String text = new String(head.bytes, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String requestLine = lines[0];
        int sp1 = requestLine.indexOf(' ');
        int sp2 = requestLine.lastIndexOf(' ');
        String method = requestLine.substring(0, sp1);
        String path = requestLine.substring(sp1 + 1, sp2);
        String authority = defaultAuthority;
        List<HeaderField> regular = new ArrayList<>();
        StringBuilder trace = new StringBuilder(text.length());
        trace.append(method).append(' ').append(path).append(" HTTP/2\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (line.isEmpty() || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("host")) {
                authority = value;
                trace.append(line).append("\r\n");
                continue;
            }
            if (connectionSpecific(name, value)) {
                continue;
            }
            regular.add(new HeaderField(name, value));
            trace.append(line).append("\r\n");
        }
        trace.append("\r\n");
        List<HeaderField> fields = new ArrayList<>(regular.size() + 4);
        fields.add(new HeaderField(":method", method));
        fields.add(new HeaderField(":scheme", scheme));
        fields.add(new HeaderField(":authority", authority));
        fields.add(new HeaderField(":path", path));
        fields.addAll(regular);
        return new Converted(fields, trace.toString().getBytes(StandardCharsets.ISO_8859_1));
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
