package dev.hiper.internal.jdk;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code CURLE_WEIRD_SERVER_REPLY}), so this only splits. The field lines are kept as the bytes
 * they came in, and made into {@link HttpHeaders} the first time someone asks: a handler that never
 * looks at the headers costs no map and no string. {@link #onLine} is for the engine thread only;
 * once the head is complete it no longer changes, and {@link #headers()} may be called from any
 * thread.
 */
final class ResponseHead implements HttpResponse.ResponseInfo {
    private int status;
    private HttpClient.Version version = HttpClient.Version.HTTP_1_1;
    /** The field lines of the head so far, line ends dropped, each followed by '\n' (ISO-8859-1). */
    private byte[] lines = new byte[256];
    private int length;
    private boolean complete;
    private HttpHeaders headers;
    /** The TLS session of the connection the response came on (null over plain HTTP). */
    javax.net.ssl.SSLSession sslSession;

    /** Takes one header line, CRLF included; returns true when this line completed the final head. */
    boolean onLine(ByteBuffer line) {
        if (complete) {
            return false;
        }
        int from = line.position();
        int end = line.limit();
        while (end > from && (line.get(end - 1) == '\n' || line.get(end - 1) == '\r')) {
            end--;
        }
        if (end == from) {
            if (status >= 200) {
                complete = true;
                return true;
            }
            return false;
        }
        if (end - from >= 5 && line.get(from) == 'H' && line.get(from + 1) == 'T' && line.get(from + 2) == 'T'
                && line.get(from + 3) == 'P' && line.get(from + 4) == '/') {
            startHead(line, from, end);
            return false;
        }
        int n = end - from;
        if (length + n + 1 > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(lines.length * 2, length + n + 1));
        }
        line.get(from, lines, length, n);
        length += n;
        lines[length++] = '\n';
        return false;
    }

    private void startHead(ByteBuffer line, int from, int end) {
        length = 0;
        int sp = from;
        while (sp < end && line.get(sp) != ' ') {
            sp++;
        }
        // HTTP/1.0 answers are reported as HTTP_1_1, as the JDK's client does (it has no 1.0)
        version = sp - from >= 6 && line.get(from + 5) == '2' ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        status = 0;
        if (sp < end && end >= sp + 4) {
            int code = 0;
            for (int i = sp + 1; i <= sp + 3; i++) {
                byte c = line.get(i);
                if (c < '0' || c > '9') {
                    code = 0;
                    break;
                }
                code = code * 10 + (c - '0');
            }
            status = code;
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
    public synchronized HttpHeaders headers() {
        if (headers != null) {
            return headers;
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (version == HttpClient.Version.HTTP_2) {
            // the JDK's client shows an HTTP/2 response's status pseudo-header among its headers
            fields.put(":status", new ArrayList<>(List.of(Integer.toString(status))));
        }
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (lines[i] == '\n') {
                String s = new String(lines, start, i - start, StandardCharsets.ISO_8859_1);
                int colon = s.indexOf(':');
                if (colon > 0) {
                    String name = s.substring(0, colon).trim();
                    String value = s.substring(colon + 1).trim();
                    fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                }
                start = i + 1;
            }
        }
        HttpHeaders h = HttpHeaders.of(fields, (n, v) -> true);
        if (complete) {
            headers = h; // the head no longer changes
        }
        return h;
    }

    @Override
    public HttpClient.Version version() {
        return version;
    }
}
