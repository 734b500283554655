package dev.hiper.internal.ws;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692 section 7.2.2): the compressed payload of
 * each frame of a compressed message goes in as it arrives, the inflated bytes come out in pieces
 * of at most {@link #PIECE} bytes, in fixed buffers: no message is ever held whole. The four bytes
 * {@code 00 00 ff ff} that the sender stripped are put back after the message's last frame. The
 * inflater's context goes on from message to message unless the server resets its own
 * ({@code server_no_context_takeover}).
 *
 * <p>One message may inflate to at most {@link #maxMessage} bytes: past it the session fails
 * with CURLE_RECV_ERROR, so that a small compressed message cannot make the client write
 * gigabytes (a "compressed bomb").
 *
 * <p>Use per frame: {@link #begin}, then {@link #next()} until it answers {@link #DONE}: on
 * {@link #PIECE} take the piece ({@link #take}), on {@link #NEED_INPUT} give the frame's next
 * compressed bytes ({@link #feed}). Pure: no I/O.
 */
public final class WsInflater {
    /** The largest piece handed over at once (CURL_MAX_WRITE_SIZE). */
    public static final int PIECE = 16 * 1024;
    /** The default limit on the inflated size of one message: 64 MiB. */
    public static final long MAX_MESSAGE = 64L << 20;
    /** The limit in force for new sessions; a test may lower it. */
    public static volatile long maxMessage = MAX_MESSAGE;

    /** {@link #next()}: a piece is ready (possibly empty: the frame's end). */
    public static final int PIECE_READY = 0;
    /** {@link #next()}: the frame's next compressed bytes are needed. */
    public static final int NEED_INPUT = 1;
    /** {@link #next()}: the frame is over, every byte of it handed over. */
    public static final int DONE = 2;

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final boolean resetEachMessage;
    private final long limit;
    private Inflater inflater;
    /** The buffers, made with the first compressed frame (a session that never gets one pays nothing). */
    private byte[] input;
    private byte[] output;
    private ByteBuffer out = ByteBuffer.allocate(0);

    private boolean active;
    private int flags;
    private boolean fin;
    private long rawLeft;
    /** The last inflate filled the output: more may come without more input. */
    private boolean mayHaveMore;
    private boolean pieceReady;
    private boolean pieceLast;
    private boolean endReported;
    private long frameOffset;
    private long pieceOffset;
    private long messageSize;

    /**
     * @param serverNoContextTakeover the server resets its context after each message
     *     (so does the inflater)
     */
    public WsInflater(boolean serverNoContextTakeover) {
        this(serverNoContextTakeover, maxMessage);
    }

    public WsInflater(boolean serverNoContextTakeover, long limit) {
        this.resetEachMessage = serverNoContextTakeover;
        this.limit = limit;
    }

    /**
     * A frame of a compressed message starts: its libcurl flags, its compressed payload length,
     * whether it ends the message, whether it starts one.
     */
    public void begin(int flags, long rawLength, boolean fin, boolean first) {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        if (output == null) {
            input = new byte[PIECE + TAIL.length];
            output = new byte[PIECE];
            out = ByteBuffer.wrap(output);
        }
        if (first) {
            messageSize = 0;
        }
        this.active = true;
        this.flags = flags;
        this.fin = fin;
        this.rawLeft = rawLength;
        mayHaveMore = false;
        pieceReady = false;
        pieceLast = false;
        endReported = false;
        frameOffset = 0;
        out.limit(0);
        if (rawLength == 0 && fin && !inflater.finished()) {
            inflater.setInput(TAIL, 0, TAIL.length);
        }
    }

    /** Whether a frame is in progress. */
    public boolean active() {
        return active;
    }

    /** Whether a piece is ready or may be made without more compressed bytes. */
    public boolean hasOutput() {
        return active && (pieceReady || mayHaveMore || rawLeft == 0 || !inflater.needsInput());
    }

    /** Takes up to the frame's remaining compressed bytes from {@code src} (only when {@link #next()} asked). Returns how many. */
    public int feed(ByteBuffer src) {
        int n = (int) Math.min(Math.min(src.remaining(), rawLeft), PIECE);
        src.get(input, 0, n);
        rawLeft -= n;
        if (inflater.finished()) {
            return n; // the sender ended the stream (a final block): what follows in the message is ignored
        }
        int len = n;
        if (rawLeft == 0 && fin) {
            System.arraycopy(TAIL, 0, input, n, TAIL.length);
            len += TAIL.length;
        }
        inflater.setInput(input, 0, len);
        return n;
    }

    /** Makes the next piece ready: {@link #PIECE_READY}, {@link #NEED_INPUT} or {@link #DONE}. */
    public int next() throws WsException {
        if (pieceReady) {
            return PIECE_READY;
        }
        if (!active) {
            return DONE;
        }
        if (mayHaveMore || !inflater.needsInput() && !inflater.finished()) {
            int k;
            try {
                k = inflater.inflate(output, 0, output.length);
            } catch (DataFormatException e) {
                throw new WsException(CurlCode.CURLE_RECV_ERROR, "[WS] invalid compressed data: " + e.getMessage());
            }
            mayHaveMore = k == output.length;
            messageSize += k;
            if (messageSize > limit) {
                throw new WsException(CurlCode.CURLE_RECV_ERROR,
                        "[WS] inflated message larger than the limit of " + limit + " bytes");
            }
            if (k == 0 && !mayHaveMore && !inflater.needsInput() && !inflater.finished()) {
                throw new WsException(CurlCode.CURLE_RECV_ERROR, "[WS] invalid compressed data: no progress");
            }
            if (k > 0) {
                out.position(0).limit(k);
                pieceOffset = frameOffset;
                frameOffset += k;
                pieceReady = true;
                pieceLast = !mayHaveMore && rawLeft == 0 && (inflater.needsInput() || inflater.finished());
                return PIECE_READY;
            }
        }
        if (rawLeft > 0) {
            return NEED_INPUT;
        }
        if (!endReported) {
            out.position(0).limit(0); // the frame's end, with nothing more in it
            pieceOffset = frameOffset;
            pieceReady = true;
            pieceLast = true;
            return PIECE_READY;
        }
        active = false;
        if (fin && (resetEachMessage || inflater.finished())) {
            inflater.reset();
        }
        return DONE;
    }

    /** The ready piece's bytes still to hand over. */
    public int pieceRemaining() {
        return out.remaining();
    }

    /** A read-only view of {@code n} bytes of the ready piece. */
    public ByteBuffer view(int n) {
        ByteBuffer v = out.asReadOnlyBuffer();
        v.limit(v.position() + n);
        return v;
    }

    /** Copies what fits of the ready piece into {@code dst}; returns how many. */
    public int take(ByteBuffer dst) {
        int n = Math.min(out.remaining(), dst.remaining());
        dst.put(output, out.position(), n);
        consumed(n);
        return n;
    }

    /** {@code n} bytes of the ready piece were handed over. */
    public void consumed(int n) {
        out.position(out.position() + n);
        pieceOffset += n;
        if (!out.hasRemaining()) {
            pieceReady = false;
            if (pieceLast) {
                endReported = true;
            }
        }
    }

    /** The frame's flags ({@code CURLWS_*}). */
    public int flags() {
        return flags;
    }

    /** The inflated bytes of this frame handed over before the ready piece's remaining bytes. */
    public long offset() {
        return pieceOffset;
    }

    /**
     * What {@code curl_ws_meta} says is left after {@code n} bytes of the ready piece: 0 when they
     * end the frame, else a positive number that is not a count (the inflated size is not known
     * before the end): the frame's compressed bytes still to come, at least 1.
     */
    public long leftAfter(int n) {
        if (pieceLast && n == out.remaining()) {
            return 0;
        }
        return Math.max(1, rawLeft + out.remaining() - n);
    }

    /** Lets the native inflater go (the session ends). */
    public void end() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        active = false;
    }
}
