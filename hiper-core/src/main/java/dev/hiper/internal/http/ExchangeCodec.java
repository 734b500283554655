package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.url.CurlUrl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One HTTP version's wire format for request/response exchanges, behind one interface: the
 * version-blind layer ({@link HttpExchange}) decides what to send and what a response means;
 * a codec puts the request on the connection in its version's framing and turns what arrives
 * into response events. HTTP/1.1 is {@code dev.hiper.internal.http1.Http1Codec} (a request head,
 * Content-Length or chunked body framing, the response parser's loop over the connection's
 * bytes); an HTTP/2 stream codec will implement the same calls over one stream of a shared
 * session (HEADERS and DATA frames, END_STREAM), as OkHttp's {@code ExchangeCodec} and libcurl's
 * protocol handlers split it.
 *
 * <p>Lifecycle of one exchange: 1. {@link #writeRequest} fixes what goes out (nothing is written
 * yet); 2. {@link #send} writes the head and the body as the connection takes them, pausing on a
 * full socket, on an {@code Expect: 100-continue} wait, or when the body source pauses; 3.
 * {@link #receive} reads the response and hands each event to the listener, in order, until it
 * would block, the listener stops it, or the response is complete; 4. {@link #endOfInput} says
 * what the end of the connection's input means; 5. {@link #reusable()} says whether the connection
 * can carry the next exchange. Every call gets the {@link Listener} it acts for: a codec keeps no
 * pointer to a transfer.
 */
public interface ExchangeCodec {
    /** What the response is made of, in the order it arrives. */
    enum Event {
        /** A status line (interim or final); {@link ResponseView#line()} holds it. */
        STATUS_LINE,
        /** One header field of the current head. */
        HEADER,
        /** The end of a head (the blank line); {@link ResponseView#interim()} says which kind. */
        HEADERS_DONE,
        /** Body bytes at the buffer's position, {@link ResponseView#bodyAvailable()} of them. */
        BODY,
        /** One trailer field after the body. */
        TRAILER,
        /** The response is complete. */
        DONE
    }

    /**
     * What the version-blind layer decided to send: the parts of a request, not its bytes.
     * {@code body} says how the body is known: NONE, LENGTH ({@code length} bytes), or CHUNKED
     * (a length not known in advance; HTTP/1.1 frames it in chunks, HTTP/2 ends it with
     * END_STREAM). {@code fields} is the in-memory body ({@code CURLOPT_POSTFIELDS}), else the
     * body comes from {@link Listener#readBody}, after {@code skip} bytes of it were read and
     * dropped (an upload resumed from an offset). {@code noBody}: the response has no body
     * whatever its head says (a HEAD request, {@code CURLOPT_NOBODY}).
     */
    record Request(String method, CurlUrl url, String target, String userAgent, List<String> headers,
            Http1Request.Body body, long length, boolean formPost, Http1Request.Extras extras, byte[] fields,
            long skip, boolean noBody) {
    }

    /** The exchange a codec works for, passed on each call (and on to the connection's filters). */
    interface Listener extends FilterCaller {
        /** Handles one response event. Returns whether to go on reading. */
        boolean onEvent(Event event, ByteBuffer in);

        /** The first byte of the response arrived (CURLINFO_STARTTRANSFER_TIME). */
        void firstByte();

        /** Body bytes from the application: how many, 0 at its end, -1 when paused or failed. */
        int readBody(ByteBuffer dst);

        /** The head went out with {@code Expect: 100-continue}: start waiting for the interim answer. */
        void waitingFor100();

        /** Whether the exchange still runs (not failed, not ended by a callback). */
        boolean running();

        /** Ends the exchange with an error. */
        void fail(CurlCode code, String message);

        /** A line of the verbose trace. */
        @Override
        void trace(String text);

        /** Whether {@link #trace} shows anything (CURLOPT_VERBOSE): lines nobody sees are not made. */
        default boolean tracing() {
            return true;
        }

        /** More may be ready without the socket telling: run again at once, after the others. */
        void runSoon();
    }

    /**
     * Starts an exchange: fixes the request; returns the head as {@code curl -v} shows it
     * (CURLINFO_HEADER_OUT). Nothing is written until {@link #send}.
     */
    byte[] writeRequest(Request request, boolean reused);

    /**
     * What the response may be: HTTP/0.9 allowed, the connection reused (a cut-off response on it
     * may be retried), Content-Length ignored ({@code CURLOPT_IGNORE_CONTENT_LENGTH}).
     */
    void configure(boolean http09Allowed, boolean reused, boolean ignoreContentLength);

    /** {@code CURLOPT_HTTP_TRANSFER_DECODING} 0: a chunked body goes on with its framing (HTTP/1.1 only). */
    default void rawTransfer(boolean on) {
    }

    /** Writes what the connection takes now. Returns false when the exchange failed. */
    boolean send(Listener listener) throws IOException;

    /**
     * Reads what is ready and hands it to the listener as events. Returns true when the
     * connection's input ended ({@link #endOfInput} says what that means), false otherwise.
     */
    boolean receive(Listener listener) throws IOException, HttpParseException;

    /**
     * The connection's input ended: true when that completes the response (a body delimited by
     * the close); throws when the response is cut short.
     */
    boolean endOfInput() throws HttpParseException;

    /** The response read so far. */
    ResponseView response();

    /** A read-only view of {@code n} body bytes at {@code in}'s position, for the write callback. */
    ByteBuffer bodyView(ByteBuffer in, int n);

    /** Marks {@code n} body bytes at {@code in}'s position as delivered. */
    void consumeBody(ByteBuffer in, int n);

    // ---- the request side's progress ----

    /** Whether every byte of the request went out, or sending was given up. */
    boolean sendDone();

    /** Gives up sending the rest of the request (the response made it pointless). */
    void stopSending();

    /** Whether the body waits for {@code 100 Continue} (or the wait's timeout). */
    boolean waiting100();

    /** Ends the wait for {@code 100 Continue}: the body may go. */
    void stopWaiting100();

    /** Whether the head went with {@code Expect: 100-continue}. */
    boolean expect100();

    /** Body bytes taken from the application so far (framing excluded). */
    long bodyRead();

    /** Body bytes counted as uploaded (CURLINFO_SIZE_UPLOAD). */
    long bodySent();

    /** Bytes written to the connection, head and framing included (CURLINFO_REQUEST_SIZE). */
    long requestBytes();

    /** The body's size when known, else -1. */
    long uploadSize();

    /** Whether the request side wants the socket writable now. */
    boolean wantsToSend();

    /**
     * Whether the codec holds bytes of its own making to send (a WebSocket session's frames
     * already handed over, its PONGs), which go out even while the application pauses sending:
     * a pause stops the read callback, not what it gave before.
     */
    default boolean holdsOutput() {
        return false;
    }

    /** Sends what {@link #holdsOutput()} covers as far as the socket takes it, asking the application for nothing. */
    default void flushHeld(Listener l) throws IOException {
    }

    // ---- the response side's progress ----

    /** Whether the response is complete (or ended by a decision about it). */
    boolean responseDone();

    /** Ends the response here: what is left of it is not read. */
    void endResponse();

    /** Whether bytes wait inside the codec (read past a pause), so the socket is not needed to go on. */
    boolean hasBufferedInput();

    // ---- the connection ----

    /** The connection must close after this exchange. */
    void closeAfter();

    /** Whether the connection can carry another exchange once this one is over. */
    boolean reusable();

    /**
     * Whether the connection carries several exchanges at once (HTTP/2 streams); HTTP/1.1
     * carries one at a time.
     */
    boolean multiplexed();

    /**
     * Whether the server refused the request without processing any of it (HTTP/2 REFUSED_STREAM,
     * or a stream above a GOAWAY's last stream id): it may go again on a new connection, once.
     */
    default boolean refused() {
        return false;
    }

    /**
     * Whether {@link #refused} because a GOAWAY's last stream id is below this stream's: what a
     * server that ends connections after N requests does routinely, so it may go again up to
     * libcurl's five times (its CONN_MAX_RETRIES), not once.
     */
    default boolean refusedByGoAway() {
        return false;
    }

    /**
     * The {@code HTTP2-Settings} value (base64url of this end's SETTINGS payload) this codec
     * offers with {@code Upgrade: h2c}, or null when it cannot switch to HTTP/2.
     */
    default String upgradeSettings() {
        return null;
    }

    /** Lets go of the connection's bytes this exchange still holds (the transfer ended). */
    void release();

    /**
     * Reads and drops the part of the upload that a resumed upload skips (CURLOPT_RESUME_FROM),
     * whatever the version: {@code left} of the request's {@code total} skip remain. Returns what
     * still remains, 0 when all was skipped; more than 0 when the read callback paused, or ended
     * too early (then the exchange has failed with CURLE_READ_ERROR).
     */
    static long skipUpload(Listener l, long left, long total) {
        ByteBuffer tmp = ByteBuffer.allocate((int) Math.min(64 * 1024, left));
        while (left > 0) {
            tmp.clear().limit((int) Math.min(tmp.capacity(), left));
            int n = l.readBody(tmp);
            if (n < 0) {
                return left;
            }
            if (n == 0) {
                l.fail(CurlCode.CURLE_READ_ERROR, "Could only read " + (total - left) + " bytes from the input");
                return left;
            }
            left -= n;
        }
        return 0;
    }
}
