package dev.hiper.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * One step of a {@link ScriptedServer} script. A script is the list of actions run, in order, for one request.
 *
 * <p>Instances are immutable and may be reused in several scripts.
 */
public final class Action {

    enum Kind {
        WRITE, CLOSE, RESET, SLEEP, DRIP, STALL, CLOSE_BEFORE_READING, NO_CONTINUE, READ_BODY, SHUTDOWN_OUTPUT,
        READ_BODY_PART, AWAIT
    }

    final Kind kind;
    final byte[] data;
    final long millis;
    final CountDownLatch signal;

    private Action(Kind kind, byte[] data, long millis) {
        this(kind, data, millis, null);
    }

    private Action(Kind kind, byte[] data, long millis, CountDownLatch signal) {
        this.kind = kind;
        this.data = data;
        this.millis = millis;
        this.signal = signal;
    }

    /**
     * Waits until the test opens {@code signal} (interrupted when the server closes): the script goes on after
     * an event the test saw, such as the client having finished a transfer, instead of after a guessed time.
     */
    public static Action await(CountDownLatch signal) {
        Objects.requireNonNull(signal, "signal");
        return new Action(Kind.AWAIT, null, 0, signal);
    }

    /** Writes these bytes verbatim (status line, headers, body, exactly as the test spells them). */
    public static Action respond(String raw) {
        Objects.requireNonNull(raw, "raw");
        return new Action(Kind.WRITE, raw.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    /** Writes these bytes verbatim. The array is copied. */
    public static Action respond(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        return new Action(Kind.WRITE, raw.clone(), 0);
    }

    /**
     * Writes {@code "HTTP/1.1 <status> <reason>\r\nContent-Length: n\r\n\r\n<body>"}; the body is encoded as UTF-8
     * and {@code n} is its length in bytes.
     */
    public static Action respond(int status, String body) {
        Objects.requireNonNull(body, "body");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return new Action(Kind.WRITE, all, 0);
    }

    /**
     * Orderly close after what was written: the server shuts its output down (FIN), drains what the client still
     * sends for at most a second (so that unread input does not turn the close into a reset), then closes.
     */
    public static Action close() {
        return new Action(Kind.CLOSE, null, 0);
    }

    /** Shuts the output down (FIN) but keeps reading: the script goes on (a half-closed connection). */
    public static Action shutdownOutput() {
        return new Action(Kind.SHUTDOWN_OUTPUT, null, 0);
    }

    /** Abortive close: {@code setSoLinger(true, 0)} then close, so the client sees a TCP RST. */
    public static Action reset() {
        return new Action(Kind.RESET, null, 0);
    }

    /** Pauses for {@code ms} milliseconds (interrupted when the server closes). */
    public static Action sleep(long ms) {
        if (ms < 0) throw new IllegalArgumentException("ms < 0");
        return new Action(Kind.SLEEP, null, ms);
    }

    /** Writes the bytes one at a time, flushing each and pausing {@code intervalMs} between two bytes. */
    public static Action drip(byte[] data, long intervalMs) {
        Objects.requireNonNull(data, "data");
        if (intervalMs < 0) throw new IllegalArgumentException("intervalMs < 0");
        return new Action(Kind.DRIP, data.clone(), intervalMs);
    }

    /** {@link #drip(byte[], long)} of the ISO-8859-1 bytes of {@code data}. */
    public static Action drip(String data, long intervalMs) {
        return drip(data.getBytes(StandardCharsets.ISO_8859_1), intervalMs);
    }

    /**
     * Never answers: holds the connection open until the server closes or the client goes away (what the client
     * sends meanwhile is read and discarded). Nothing after it in the script runs.
     */
    public static Action stall() {
        return new Action(Kind.STALL, null, 0);
    }

    /**
     * Closes the connection as soon as the request head arrived, without reading the body and without sending
     * {@code 100 Continue}. Only meaningful as the first action. If body bytes already sit unread in the server's
     * receive buffer, the kernel turns the close into a reset.
     */
    public static Action closeBeforeReading() {
        return new Action(Kind.CLOSE_BEFORE_READING, null, 0);
    }

    /**
     * As the FIRST action of a script: run the script right after the request head, without sending
     * {@code 100 Continue} (even if the request asked for it) and without reading the body. The request is then
     * recorded with an empty body, unless the script contains {@link #readBody()}, in which case it is recorded
     * once that body has been read. If the script neither reads the body nor closes the connection, the body bytes
     * the client sends afterwards are parsed as the next request: usually end such a script with {@link #close()}.
     * Anywhere else in a script it does nothing.
     */
    public static Action noContinue() {
        return new Action(Kind.NO_CONTINUE, null, 0);
    }

    /** Same as {@link #noContinue()}: run the script after the head without reading the body. */
    public static Action noRead() {
        return noContinue();
    }

    /**
     * Reads the request body now (by Content-Length or chunked encoding), if it was not read yet. Meant for scripts
     * that start with {@link #noContinue()}, e.g. {@code noContinue(), sleep(1500), readBody(), respond(200, "")}
     * plays a server that ignores {@code Expect: 100-continue}, and
     * {@code noContinue(), respond("HTTP/1.1 100 Continue\r\n\r\n"), readBody(), ...} one that sends its own 100.
     */
    public static Action readBody() {
        return new Action(Kind.READ_BODY, null, 0);
    }

    /**
     * Reads at most {@code bytes} bytes of a Content-Length request body now and records the request with what
     * arrived ({@link RecordedRequest#complete()} false unless that was the whole body). For scripts that start
     * with {@link #noContinue()} and then fail the connection in the middle of an upload, e.g.
     * {@code noContinue(), readBodyPart(100_000), reset()}: the record proves how much of the body the server got.
     */
    public static Action readBodyPart(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("bytes < 0");
        return new Action(Kind.READ_BODY_PART, null, bytes);
    }

    static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 206: return "Partial Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 304: return "Not Modified";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 407: return "Proxy Authentication Required";
            case 408: return "Request Timeout";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 416: return "Range Not Satisfiable";
            case 417: return "Expectation Failed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status";
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case WRITE: return "respond(" + data.length + " bytes)";
            case DRIP: return "drip(" + data.length + " bytes, " + millis + "ms)";
            case SLEEP: return "sleep(" + millis + "ms)";
            default: return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
