package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_TEXT;
import static dev.hiper.curl.Curl.CURLWS_OFFSET;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static dev.hiper.curl.Curl.CURLWS_RAW_MODE;
import static dev.hiper.curl.Curl.CURLWS_NOAUTOPONG;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One WebSocket connection after the 101: the frame decoder and encoder, the bytes on their way
 * out, the automatic PONG, and what {@code curl_ws_meta} says. Both of libcurl's modes use it:
 * {@link WsCodec} in a running transfer (frames to the write callback), and the application's
 * own calls after a {@code CURLOPT_CONNECT_ONLY} transfer ({@link #recv}, {@link #send}).
 *
 * <p>Sending keeps libcurl's contract for a non-blocking socket: {@link #send} moves the data's
 * position only over payload bytes that reached the connection; payload already masked into the
 * send buffer but not yet written is remembered, and the next call must start with those same
 * bytes (libcurl's rule), which are then not masked again. So nothing is lost, sent twice or
 * reordered, however the socket takes the bytes. Inside a running transfer (a callback)
 * everything given is taken at once and goes out as the socket allows.
 *
 * <p>A PING is answered with a PONG of the same payload (section 5.5.2) unless
 * {@code CURLWS_NOAUTOPONG}; the answer goes out between frames, never inside one the
 * application is sending.
 */
public final class WsSession {

    private final WsFrameDecoder decoder = new WsFrameDecoder();
    final WsFrameEncoder encoder;
    final ConnectionFilter filter;
    private final boolean raw;
    private final boolean autoPong;
    /** The receive and send buffers: held between calls only for bytes left over. */
    final WsBuffers buf = new WsBuffers();

    /** Payload bytes of the frame being sent that are at the tail of the send buffer, not yet written. */
    private int bufferedPayload;
    /**
     * The payload of the PING being read (answered once whole), made at the first PING to answer:
     * a session whose server never pings holds neither array.
     */
    private byte[] ping;
    /** A PONG waiting for the frame in progress to end; -1 when none. */
    private int pongLength = -1;
    private byte[] pong;

    private boolean eof;
    /** The last read took all the connection had: the next that would find nothing is not made (once). */
    private boolean emptied;
    /** The application's CLOSE (or the answer to the server's) went into the send buffer. */
    private boolean closeSent;

    private boolean metaValid;
    private int metaFlags;
    private long metaOffset;
    private long metaLeft;
    private long metaLen;

    /** permessage-deflate's two halves, when agreed on (else null). */
    private WsInflater inflater;
    WsDeflater deflater;

    /**
     * @param filter the connection's filter chain
     * @param leftover bytes that came with the 101 and belong to the WebSocket, or null
     * @param options {@code CURLOPT_WS_OPTIONS}
     * @param masks where the frames' mask keys come from
     */
    public WsSession(ConnectionFilter filter, ByteBuffer leftover, long options, WsFrameEncoder.MaskSource masks) {
        this.filter = filter;
        this.raw = (options & CURLWS_RAW_MODE) != 0;
        this.autoPong = (options & CURLWS_NOAUTOPONG) == 0;
        this.encoder = new WsFrameEncoder(masks);
        if (leftover != null && leftover.hasRemaining()) {
            buf.in = ByteBuffer.allocate(Math.max(WsBuffers.RECV_BUFFER, leftover.remaining()));
            buf.in.put(leftover).flip();
        }
    }

    /**
     * permessage-deflate (RFC 7692) was agreed on in the 101: compressed messages are inflated
     * and, when the client's window allows, data messages go out compressed.
     */
    public void deflate(PerMessageDeflate.Params p) {
        if (p == null) {
            return;
        }
        decoder.allowCompressed(true);
        inflater = new WsInflater(p.serverNoContextTakeover());
        deflater = p.compressSent() ? new WsDeflater(p.clientNoContextTakeover()) : null;
    }

    /** The inflater of the compressed message in progress, or null when none is agreed on. */
    WsInflater inflater() {
        return inflater;
    }

    /**
     * A frame is current: when it belongs to a compressed message, the inflater takes it on.
     * Returns whether it did.
     */
    boolean beginInflating() {
        if (inflater == null || inflater.active() || !decoder.compressed()) {
            return false;
        }
        inflater.begin(decoder.flags(), decoder.length(), (decoder.flags() & CURLWS_CONT) == 0,
                decoder.startsMessage());
        if (decoder.length() == 0) {
            decoder.consumed(0);
        }
        return true;
    }

    /** Whether inflated bytes wait to be handed over without more input. */
    boolean inflatedPending() {
        return inflater != null && inflater.hasOutput();
    }

    /** Lets the native inflater and deflater go. */
    public void end() {
        if (inflater != null) {
            inflater.end();
        }
        if (deflater != null) {
            deflater.end();
        }
    }

    public WsFrameDecoder decoder() {
        return decoder;
    }

    public boolean raw() {
        return raw;
    }

    /** Bytes that came with the 101 (taken once, by the transfer that delivers them). */
    ByteBuffer takeLeftover() {
        ByteBuffer b = buf.in;
        buf.in = null;
        return b;
    }

    // ---- what curl_ws_meta says ----

    /** The frame of the bytes handed over last: {@code n} bytes at the decoder's offset. */
    void meta(int n) {
        metaValid = true;
        metaFlags = decoder.flags();
        metaOffset = decoder.offset();
        metaLen = n;
        metaLeft = decoder.remaining() - n;
    }

    /** The meta of {@code n} inflated bytes of the inflater's ready piece. */
    void metaInflated(int n) {
        metaValid = true;
        metaFlags = inflater.flags();
        metaOffset = inflater.offset();
        metaLen = n;
        metaLeft = inflater.leftAfter(n);
    }

    /** {@code curl_ws_meta}: null before any frame was handed over. */
    public CurlWsFrame frame() {
        return metaValid ? new CurlWsFrame(0, metaFlags, metaOffset, metaLeft, metaLen) : null;
    }

    // ---- receiving ----

    /**
     * Takes a PING's payload piece when it is to be answered here; true when the piece was
     * taken (the application does not see it). The PONG is queued once the PING is whole.
     */
    boolean answersPing(ByteBuffer src, int n) {
        if (!autoPong || (decoder.flags() & CURLWS_PING) == 0) {
            return false;
        }
        if (ping == null) {
            ping = new byte[WsFrameDecoder.MAX_CONTROL];
            pong = new byte[WsFrameDecoder.MAX_CONTROL];
        }
        src.get(ping, (int) decoder.offset(), n);
        boolean last = decoder.remaining() == n;
        decoder.consumed(n);
        if (last && !closeSent) { // after a CLOSE nothing more is sent (RFC 6455 section 5.5.1)
            System.arraycopy(ping, 0, pong, 0, (int) decoder.length());
            pongLength = (int) decoder.length(); // a newer PING replaces an unanswered one, as in libcurl
            queuePong();
        }
        return true;
    }

    /** Puts a waiting PONG into the send buffer when no frame is being sent. */
    private void queuePong() {
        if (closeSent) {
            pongLength = -1; // a CLOSE went out first: the PONG is dropped
        }
        if (pongLength < 0 || encoder.remaining() > 0 || bufferedPayload > 0) {
            return;
        }
        try {
            buf.room(WsFrameEncoder.MAX_HEAD + pongLength, true);
            encoder.head(CURLWS_PONG, pongLength, buf.out);
            encoder.payload(ByteBuffer.wrap(pong, 0, pongLength), buf.out);
            buf.out.flip();
        } catch (WsException e) {
            throw new IllegalStateException(e); // a PONG of at most 125 bytes between frames is valid
        }
        pongLength = -1;
    }

    /**
     * {@code curl_ws_recv}: payload bytes of one frame into {@code dst}, as many as have arrived
     * and fit; {@link #frame()} describes them. CURLE_AGAIN when nothing has arrived,
     * CURLE_GOT_NOTHING once the connection is closed.
     */
    public CurlCode recv(ByteBuffer dst, FilterCaller caller) throws WsException, IOException {
        buf.inCall = true;
        try {
            return receive(dst, caller);
        } finally {
            buf.inCall = false;
            buf.settleIn();
            buf.settleOut();
        }
    }

    private CurlCode receive(ByteBuffer dst, FilterCaller caller) throws WsException, IOException {
        flushQuietly(caller);
        metaValid = false;
        for (;;) {
            if (inflater != null && inflater.active()) {
                int st = inflater.next();
                if (st == WsInflater.PIECE_READY) {
                    int n = Math.min(inflater.pieceRemaining(), dst.remaining());
                    metaInflated(n);
                    inflater.take(dst);
                    return CurlCode.CURLE_OK;
                }
                if (st == WsInflater.NEED_INPUT) {
                    CurlCode c = fill(caller);
                    if (c != null) {
                        return c;
                    }
                    decoder.consumed(inflater.feed(buf.in));
                }
                continue;
            }
            if (!raw && decoder.remaining() > 0 && (decoder.flags() & (CURLWS_TEXT | CURLWS_BINARY)) != 0
                    && (buf.in == null || !buf.in.hasRemaining()) && dst.hasRemaining() && !eof) {
                return payloadStraight(dst, caller);
            }
            if (buf.in == null || !buf.in.hasRemaining()) {
                CurlCode c = fill(caller);
                if (c != null) {
                    return c;
                }
            }
            if (raw) {
                int n = Math.min(buf.in.remaining(), dst.remaining());
                ByteBuffer part = buf.in.duplicate();
                part.limit(part.position() + n);
                dst.put(part);
                buf.in.position(buf.in.position() + n);
                return CurlCode.CURLE_OK;
            }
            if (!decoder.frame(buf.in)) {
                continue;
            }
            if (beginInflating()) {
                continue;
            }
            int n = (int) Math.min(decoder.remaining(), buf.in.remaining());
            if (n == 0 && decoder.remaining() > 0) {
                continue;
            }
            if (answersPing(buf.in, n)) {
                flushQuietly(caller);
                continue;
            }
            n = Math.min(n, dst.remaining());
            if (n == 0 && decoder.remaining() > 0) {
                meta(0); // no room: nothing taken; the meta says what the frame holds (libcurl's peek)
                return CurlCode.CURLE_OK;
            }
            meta(n);
            ByteBuffer part = buf.in.duplicate();
            part.limit(part.position() + n);
            dst.put(part);
            buf.in.position(buf.in.position() + n);
            decoder.consumed(n);
            return CurlCode.CURLE_OK;
        }
    }

    /**
     * The rest of a data frame's payload, none of it read yet: read from the connection straight
     * into the application's buffer (at most what the frame has left), with no copy through the
     * session's receive buffer. A large message then crosses the session once.
     */
    private CurlCode payloadStraight(ByteBuffer dst, FilterCaller caller) throws IOException {
        if (emptied) {
            emptied = false; // the application waits for readiness next; its next call reads
            return CurlCode.CURLE_AGAIN;
        }
        int want = (int) Math.min(decoder.remaining(), dst.remaining());
        int limit = dst.limit();
        dst.limit(dst.position() + want);
        int r;
        try {
            r = filter.read(caller, dst);
        } finally {
            dst.limit(limit);
        }
        if (r < 0) {
            eof = true;
            caller.trace("[WS] connection expectedly closed?");
            return CurlCode.CURLE_GOT_NOTHING;
        }
        if (r == 0) {
            return CurlCode.CURLE_AGAIN;
        }
        emptied = filter.inputDrained();
        meta(r);
        decoder.consumed(r);
        return CurlCode.CURLE_OK;
    }

    /**
     * Reads into the receive buffer when it is empty: null when bytes are there, else the answer for
     * {@code curl_ws_recv} (CURLE_AGAIN, CURLE_GOT_NOTHING).
     */
    private CurlCode fill(FilterCaller caller) throws IOException {
        if (buf.in != null && buf.in.hasRemaining()) {
            return null;
        }
        if (eof) {
            return CurlCode.CURLE_GOT_NOTHING;
        }
        if (emptied) {
            emptied = false; // a read now would find nothing; after the application's wait, one reads
            return CurlCode.CURLE_AGAIN;
        }
        buf.readyToRead();
        buf.in.clear();
        int r = filter.read(caller, buf.in);
        buf.in.flip();
        emptied = r > 0 && filter.inputDrained();
        if (r < 0) {
            eof = true;
            caller.trace("[WS] connection expectedly closed?");
            return CurlCode.CURLE_GOT_NOTHING;
        }
        return r == 0 ? CurlCode.CURLE_AGAIN : null;
    }

    // ---- sending ----


    /** Writes what the connection takes. Returns whether the send buffer is empty. */
    public boolean flush(FilterCaller caller) throws IOException {
        if (!buf.out.hasRemaining()) {
            filter.flushHeld(caller); // what a layer of the connection holds of earlier frames
        }
        while (buf.out.hasRemaining()) {
            if (filter.write(caller, buf.out) == 0) {
                return false;
            }
        }
        buf.dropBurst(); // a burst inside a callback grew the buffer: let it go
        queuePongAndFlushOnce(caller);
        return !buf.out.hasRemaining();
    }

    private void queuePongAndFlushOnce(FilterCaller caller) throws IOException {
        if (pongLength >= 0 && !buf.out.hasRemaining()) {
            queuePong();
            while (buf.out.hasRemaining() && filter.write(caller, buf.out) > 0) {
                // as far as the socket takes it
            }
        }
    }

    private void flushQuietly(FilterCaller caller) throws IOException {
        if (buf.out.hasRemaining() || pongLength >= 0) {
            flush(caller);
        }
    }

    /** Whether bytes wait to go out. */
    public boolean wantsToSend() {
        return buf.out.hasRemaining() || pongLength >= 0 && encoder.remaining() == 0;
    }

    /**
     * {@code curl_ws_send}: one frame (or a part of one, {@code CURLWS_OFFSET}) from
     * {@code data}'s position. {@code inTransfer}: called inside a running transfer, where
     * everything is taken at once. Returns CURLE_AGAIN when the socket took nothing of it.
     */
    public CurlCode send(ByteBuffer data, long fragsize, int flags, boolean inTransfer, FilterCaller caller)
            throws WsException, IOException {
        buf.inCall = true;
        try {
            return sendFrame(data, fragsize, flags, inTransfer, caller);
        } finally {
            buf.inCall = false;
            buf.settleOut();
        }
    }


    /** The bytes of buffer the session holds between calls (for tests). */
    int heldBytes() {
        return buf.held();
    }

    private CurlCode sendFrame(ByteBuffer data, long fragsize, int flags, boolean inTransfer, FilterCaller caller)
            throws WsException, IOException {
        if (raw) {
            return WsSendModes.raw(this, data, inTransfer, caller);
        }
        if (deflater != null && encoder.remaining() == 0 && bufferedPayload == 0 && deflater.takes(flags, encoder)) {
            return WsSendModes.compressed(this, data, fragsize, flags, inTransfer, caller);
        }
        if (encoder.remaining() > 0 || bufferedPayload > 0) {
            if (data.remaining() < bufferedPayload) {
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT,
                        "[WS] curl_ws_send() called with smaller 'buflen' than bytes already buffered in previous"
                                + " call, " + data.remaining() + " vs " + bufferedPayload);
            }
            if (data.remaining() > encoder.remaining() + bufferedPayload) {
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] unaligned frame size (sending "
                        + data.remaining() + " instead of " + (encoder.remaining() + bufferedPayload) + ")");
            }
        } else {
            if (!inTransfer && !flush(caller)) {
                return CurlCode.CURLE_AGAIN;
            }
            long length = (flags & CURLWS_OFFSET) != 0 ? fragsize : data.remaining();
            startFrame(flags, length);
            if (length == 0) {
                // the head alone: taken; it goes out now or with the next call
                flush(caller);
                return CurlCode.CURLE_OK;
            }
        }
        long sent = 0;
        for (;;) {
            int skip = bufferedPayload;
            if (data.remaining() > skip && encoder.remaining() > 0) {
                ByteBuffer src = data.duplicate();
                src.position(data.position() + skip);
                int want = (int) Math.min(src.remaining(), encoder.remaining());
                buf.room(inTransfer ? want : 1, inTransfer);
                if (!buf.out.hasRemaining() && !inTransfer) {
                    buf.out.flip();
                } else {
                    bufferedPayload += encoder.payload(src, buf.out);
                    buf.out.flip();
                }
            }
            if (inTransfer) {
                data.position(data.position() + bufferedPayload);
                bufferedPayload = 0;
                flush(caller);
                return CurlCode.CURLE_OK;
            }
            flush(caller);
            int unwritten = Math.min(bufferedPayload, buf.out.remaining());
            // the frame's last byte stays unreported while a layer below holds its end: the
            // application calls again with it (CURLE_AGAIN: once the socket is writable)
            boolean held = unwritten == 0 && bufferedPayload > 0 && filter.holdsOutput();
            if (held) {
                unwritten = 1;
            }
            int written = bufferedPayload - unwritten;
            data.position(data.position() + written);
            bufferedPayload = unwritten;
            sent += written;
            if (buf.out.hasRemaining() || held) {
                return sent > 0 ? CurlCode.CURLE_OK : CurlCode.CURLE_AGAIN;
            }
            if (!data.hasRemaining() || encoder.remaining() == 0) {
                queuePongAndFlushOnce(caller);
                return CurlCode.CURLE_OK;
            }
        }
    }

    /**
     * {@code curl_ws_start_frame} (in a read callback): the head of the next frame goes out now;
     * the read callback's next bytes are its payload.
     */
    public void startFrame(int flags, long length) throws WsException {
        buf.room(WsFrameEncoder.MAX_HEAD, true);
        try {
            encoder.head(flags, length, buf.out);
        } finally {
            buf.out.flip();
        }
        if ((flags & CURLWS_CLOSE) != 0) {
            closeSent = true;
        }
    }

    /** Payload bytes of the frame started last still to come from the read callback. */
    public long framePayloadLeft() {
        return encoder.remaining();
    }

    /** Masks read-callback bytes as the current frame's payload (a BINARY frame of them when none is open). */
    public void uploadPayload(ByteBuffer src) throws WsException {
        while (src.hasRemaining()) {
            if (encoder.remaining() == 0) {
                startFrame(CURLWS_BINARY, src.remaining());
            }
            int n = (int) Math.min(src.remaining(), encoder.remaining());
            buf.room(n, true);
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            encoder.payload(part, buf.out);
            src.position(src.position() + n);
            buf.out.flip();
        }
    }

    /**
     * A CLOSE arrived: answered with a CLOSE carrying the same status code, unless the application
     * sent one already or is inside a frame of its own. {@code n} is how many bytes the CLOSE's
     * payload had, at most 2: none is answered with none; a payload of 1 byte, or a code that
     * RFC 6455 section 7.4 does not let an endpoint send (below 1000, 1004 to 1006, 1015 and up to
     * 2999, 5000 and above), is a protocol error, answered with 1002.
     */
    void answerClose(byte[] code, int n, FilterCaller caller) throws IOException {
        if (closeSent || encoder.remaining() > 0 || bufferedPayload > 0) {
            return;
        }
        if (n == 1 || n == 2 && !sendableCloseCode((code[0] & 0xff) << 8 | code[1] & 0xff)) {
            code = new byte[] {(byte) (1002 >> 8), (byte) 1002};
            n = 2;
        }
        try {
            startFrame(CURLWS_CLOSE, n);
        } catch (WsException e) {
            throw new IllegalStateException(e); // a CLOSE of 2 bytes between frames is valid
        }
        buf.room(n, true);
        encoder.payload(ByteBuffer.wrap(code, 0, n), buf.out);
        buf.out.flip();
        flush(caller);
    }

    /** Whether an endpoint may send {@code code} in a CLOSE (RFC 6455 section 7.4, IANA's registry). */
    static boolean sendableCloseCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /** Whether the session's bytes all went out and no answer waits. */
    public boolean idle() {
        return !buf.out.hasRemaining() && pongLength < 0;
    }
}
