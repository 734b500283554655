package dev.hiper.internal.jdk;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the header lines hiper's header callback hands over, one whole line a call, and says
 * when the head of the final response is complete.
 *
 * <ol>
 *   <li>A status line ({@code HTTP/1.1 200 OK}) starts a head and forgets any earlier one: an
 *       interim 1xx response is followed by the real one.
 *   <li>Over HTTP/2 the head gets a {@code :status} field first, as the JDK's client shows it.
 *   <li>{@code Name: value} lines add to the head (values of a repeated name kept in order).
 *   <li>The empty line ends the head; if its status is 200 or more, {@link #complete()} turns
 *       true and every later line (trailers of a chunked body) is ignored.
 * </ol>
 * hiper has checked the syntax already (malformed lines fail the transfer with
 * {@code CURLE_WEIRD_SERVER_REPLY}), so this only splits. Engine thread only.
 */
final class ResponseHead implements HttpResponse.ResponseInfo {
    private int status;
    private HttpClient.Version version = HttpClient.Version.HTTP_1_1;
    private final Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private boolean complete;
    private HttpHeaders headers;
    /** The TLS session of the connection the response came on (null over plain HTTP). */
    javax.net.ssl.SSLSession sslSession;

    /** Takes one header line, CRLF included; returns true when this line completed the final head. */
    boolean onLine(ByteBuffer line) {
        if (complete) {
            return false;
        }
        byte[] b = new byte[line.remaining()];
        line.duplicate().get(b);
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        String s = new String(b, 0, end, StandardCharsets.ISO_8859_1);
        if (s.isEmpty()) {
            if (status >= 200) {
                complete = true;
                headers = HttpHeaders.of(fields, (n, v) -> true);
                return true;
            }
            return false;
        }
        if (s.startsWith("HTTP/")) {
            startHead(s);
            return false;
        }
        int colon = s.indexOf(':');
        if (colon > 0) {
            String name = s.substring(0, colon).trim();
            String value = s.substring(colon + 1).trim();
            fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return false;
    }

    private void startHead(String statusLine) {
        fields.clear();
        int sp = statusLine.indexOf(' ');
        String proto = sp < 0 ? statusLine : statusLine.substring(0, sp);
        // HTTP/1.0 answers are reported as HTTP_1_1, as the JDK's client does (it has no 1.0)
        version = proto.startsWith("HTTP/2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        status = 0;
        if (sp > 0 && statusLine.length() >= sp + 4) {
            try {
                status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
            } catch (NumberFormatException e) {
                status = 0;
            }
        }
        if (version == HttpClient.Version.HTTP_2) {
            // the JDK's client shows an HTTP/2 response's status pseudo-header among its headers
            fields.put(":status", new ArrayList<>(List.of(Integer.toString(status))));
        }
    }

    boolean complete() {
        return complete;
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        return headers != null ? headers : HttpHeaders.of(fields, (n, v) -> true);
    }

    @Override
    public HttpClient.Version version() {
        return version;
    }
}
