package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.ExchangeCodec;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One stream of an {@link Http2Session}: what the session learned for it (response events in
 * arrival order, its windows, how it ended) until its exchange codec takes them. The session
 * fills it while reading frames for any stream; {@link Http2StreamCodec} drains it for the one
 * transfer it belongs to, so a transfer that is paused keeps its events here, bounded by the
 * stream's receive window, while the others go on.
 *
 * <p>Lifecycle: 1. opened by {@link Http2Session#open} (its HEADERS queued, an odd id given);
 * 2. events appended as frames arrive, the transfer woken; 3. drained by the codec; 4. closed
 * both ways (END_STREAM sent and received) or reset, then {@link Http2Session#close}d.
 */
final class Http2Stream {
    /** One response event, with what it carries. */
    static final class Item {
        final ExchangeCodec.Event event;
        final String name;
        final String value;
        final ByteBuffer body;

        Item(ExchangeCodec.Event event, String name, String value, ByteBuffer body) {
            this.event = event;
            this.name = name;
            this.value = value;
            this.body = body;
        }
    }

    final int id;
    /** Who is woken when something arrives for this stream. */
    final ExchangeCodec.Listener listener;
    final ArrayDeque<Item> items = new ArrayDeque<>();

    /** What the peer still accepts on this stream (RFC 9113 section 6.9). */
    long sendWindow;
    /** What this end still accepts before it credits more. */
    long recvWindow;
    /** Body bytes the application took since the last WINDOW_UPDATE for this stream. */
    long unacked;

    /** The final (non-1xx) response head arrived: further HEADERS are trailers. */
    boolean finalHead;
    /** END_STREAM arrived. */
    boolean remoteClosed;
    /** END_STREAM went out. */
    boolean localClosed;
    /** RST_STREAM was sent or received. */
    boolean reset;
    /** The connection's input ended while this stream was open. */
    boolean cutOff;
    /**
     * The server did not process the request (REFUSED_STREAM, or an id above a GOAWAY's last
     * stream, RFC 9113 sections 8.7 and 6.8): it may go again on a new connection.
     */
    boolean refused;
    /** Refused by a GOAWAY whose last stream id is below this one's. */
    boolean refusedByGoAway;
    /** The application drives this stream itself (a CONNECT_ONLY WebSocket): no transfer is woken for it. */
    boolean detached;
    /** Why the stream failed (null while it has not). */
    CurlCode error;
    String errorMessage;

    Http2Stream(int id, ExchangeCodec.Listener listener, long sendWindow, long recvWindow) {
        this.id = id;
        this.listener = listener;
        this.sendWindow = sendWindow;
        this.recvWindow = recvWindow;
    }

    void add(ExchangeCodec.Event event, String name, String value, ByteBuffer body) {
        items.addLast(new Item(event, name, value, body));
    }

    /**
     * A header block for this stream, decoded: a response head (interim or final), or the
     * trailers after the final one. Checked against RFC 9113 section 8 first; a malformed one is a
     * stream error (thrown), and nothing of it is queued.
     */
    void headerBlock(List<HeaderField> fields, boolean endStream) throws Http2Exception {
        if (finalHead) {
            Http2FieldRules.check(id, fields, Http2FieldRules.Section.TRAILERS);
            if (!endStream) {
                // section 8.1: a header block after the final head ends the stream
                throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
            }
            for (HeaderField f : fields) {
                add(ExchangeCodec.Event.TRAILER, f.name(), f.value(), null);
            }
        } else {
            Http2FieldRules.check(id, fields, Http2FieldRules.Section.RESPONSE);
            String status = fields.get(0).value(); // the rules put the one :status first
            boolean interim = status.charAt(0) == '1';
            if (interim && endStream) {
                throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR, "a 1xx response with END_STREAM");
            }
            finalHead = !interim;
            add(ExchangeCodec.Event.STATUS_LINE, ":status", status, null);
            for (int i = 1; i < fields.size(); i++) {
                add(ExchangeCodec.Event.HEADER, fields.get(i).name(), fields.get(i).value(), null);
            }
            add(ExchangeCodec.Event.HEADERS_DONE, null, status, null);
        }
        if (endStream) {
            remoteClosed = true;
            add(ExchangeCodec.Event.DONE, null, null, null);
        }
    }

    /** Body bytes for this stream, copied (the reader's buffer is reused), and maybe its end. */
    void data(ByteBuffer data, boolean endStream) {
        if (data.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            add(ExchangeCodec.Event.BODY, null, null, copy);
        }
        if (endStream) {
            remoteClosed = true;
            add(ExchangeCodec.Event.DONE, null, null, null);
        }
    }

    /** The stream failed: the first reason is the one kept. */
    void fail(CurlCode code, String message) {
        if (error == null) {
            error = code;
            errorMessage = message;
        }
    }

    /** Whether both directions are over (or it was reset): it no longer counts against the limits. */
    boolean finished() {
        return reset || (remoteClosed && localClosed);
    }
}
