package dev.hiper.internal.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The request of a WebSocket over one HTTP/2 stream (RFC 8441 section 4 and 5), made from the
 * fields an ordinary request to the same URL would have: {@code :method CONNECT} with
 * {@code :protocol websocket}, the URL's {@code ws}/{@code wss} sent as {@code :scheme
 * http}/{@code https}, {@code :authority} and {@code :path} as they were, then
 * {@code sec-websocket-version: 13} (unless the application set one) and the application's own
 * fields ({@code sec-websocket-protocol}, {@code sec-websocket-extensions}, ...). There is no
 * {@code sec-websocket-key}: the stream's 2xx answers the request (section 5), so a key the
 * application set is left out.
 *
 * <p>Pure: fields in, fields out.
 */
final class Http2ExtendedConnect {
    private Http2ExtendedConnect() {
    }

    /** The fields of the extended CONNECT for a request whose fields are {@code fields} (pseudo-headers first). */
    static List<HeaderField> websocket(List<HeaderField> fields, String urlScheme) {
        List<HeaderField> out = new ArrayList<>(fields.size() + 2);
        out.add(new HeaderField(":method", "CONNECT"));
        out.add(new HeaderField(":protocol", "websocket"));
        out.add(new HeaderField(":scheme", urlScheme.equals("wss") || urlScheme.equals("https") ? "https" : "http"));
        for (HeaderField f : fields) {
            if (f.name().equals(":authority") || f.name().equals(":path")) {
                out.add(f);
            }
        }
        if (!mentions(fields, "sec-websocket-version")) {
            out.add(new HeaderField("sec-websocket-version", "13"));
        }
        for (HeaderField f : fields) {
            if (!f.name().startsWith(":") && !f.name().equals("sec-websocket-key")) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean mentions(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) {
            if (f.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The head the trace shows: the request's, its method CONNECT, without a key line. */
    static byte[] traceHead(byte[] head) {
        if (head.length == 0) {
            return head;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder(text.length() + 16);
        sb.append("CONNECT").append(text, text.indexOf(' '), text.indexOf("\r\n") + 2);
        for (String line : text.substring(text.indexOf("\r\n") + 2).split("\r\n", -1)) {
            if (!line.regionMatches(true, 0, "sec-websocket-key:", 0, 18) && !line.isEmpty()) {
                sb.append(line).append("\r\n");
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
