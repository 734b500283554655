package dev.hiper.internal.http2;

import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.http.ResponseView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The response of one HTTP/2 stream as the version-blind exchange reads it: the status, the
 * header line being handed over, the body piece, the counts. The lines are made up the way
 * libcurl shows an HTTP/2 response to the header callback: {@code "HTTP/2 200 \r\n"},
 * {@code "name: value\r\n"} with the name as received (lowercase), {@code "\r\n"}.
 *
 * <p>Owned by one {@link Http2StreamCodec}, which fills it from the stream's events
 * ({@link #headLine}) and {@link #clear}s it for each exchange.
 */
final class Http2ResponseLines implements ResponseView {
    int status;
    boolean interim;
    long contentLength = -1;
    long bodyBytes;
    long headerBytes;
    boolean anyBytes;
    private String name;
    private String value;
    /** The kind of the last line and its status (STATUS_LINE), its length in bytes. */
    private ExchangeCodec.Event lineEvent;
    private String lineStatus;
    private int lineLength;
    /** The last line's bytes, made only when asked for ({@link #line}): by a header callback or the trace. */
    private ByteBuffer line;
    /** The body piece being handed over, or null. */
    ByteBuffer body;

    /** A new exchange: nothing of the last response counts. */
    void clear() {
        status = 0;
        interim = false;
        contentLength = -1;
        bodyBytes = 0;
        headerBytes = 0;
        anyBytes = false;
        name = null;
        value = null;
        line = null;
        body = null;
    }

    /** The last line's length: it counts in the header bytes once it is taken. */
    int lineLength() {
        return lineLength;
    }

    /**
     * A status, header, end-of-head or trailer event, its line as libcurl shows it. Only its length
     * is worked out here; its bytes are made if someone reads them ({@link #line}).
     */
    boolean headLine(ExchangeCodec.Listener l, Http2Stream.Item item) {
        switch (item.event) {
            case STATUS_LINE:
                status = Integer.parseInt(item.value);
                interim = status < 200;
                lineLength = "HTTP/2 ".length() + item.value.length() + " \r\n".length();
                name = null;
                value = null;
                if (!interim) {
                    contentLength = -1;
                }
                break;
            case HEADERS_DONE:
                lineLength = 2;
                name = null;
                value = null;
                break;
            default:
                name = item.name;
                value = item.value;
                lineLength = name.length() + ": ".length() + value.length() + 2;
                if (item.event == ExchangeCodec.Event.HEADER && !interim && name.equals("content-length")) {
                    contentLength = parseLength(value);
                }
                break;
        }
        lineEvent = item.event;
        lineStatus = item.value;
        line = null;
        return l.onEvent(item.event, null);
    }

    private static long parseLength(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public int httpMinorVersion() {
        return 1; // HTTP/2 keeps connections as HTTP/1.1 does; CURLINFO_HTTP_VERSION comes from multiplexed()
    }

    @Override
    public boolean http09() {
        return false;
    }

    @Override
    public boolean interim() {
        return interim;
    }

    @Override
    public ByteBuffer line() {
        if (line == null) {
            String text = lineEvent == ExchangeCodec.Event.STATUS_LINE ? "HTTP/2 " + lineStatus + " \r\n"
                    : lineEvent == ExchangeCodec.Event.HEADERS_DONE ? "\r\n" : name + ": " + value + "\r\n";
            line = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return line.duplicate();
    }

    @Override
    public boolean headerNameIs(String lower) {
        return name != null && name.equals(lower);
    }

    @Override
    public String headerValue() {
        return value == null ? "" : value;
    }

    @Override
    public boolean headerValueIs(String v) {
        return value != null && value.equals(v);
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public boolean keepAlive() {
        return true;
    }

    @Override
    public int bodyAvailable() {
        return body == null ? 0 : body.remaining();
    }

    @Override
    public long bodyBytes() {
        return bodyBytes;
    }

    @Override
    public long headerBytes() {
        return headerBytes;
    }

    @Override
    public boolean anyBytesSeen() {
        return anyBytes;
    }
}
