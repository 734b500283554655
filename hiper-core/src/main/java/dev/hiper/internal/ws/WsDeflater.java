package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_OFFSET;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static dev.hiper.curl.Curl.CURLWS_TEXT;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The sending half of permessage-deflate (RFC 7692 section 7.2.1): the payload of each frame the
 * application sends is compressed (a raw DEFLATE stream, flushed at the end of every frame so that
 * the frame can go at once); at a message's end the four bytes {@code 00 00 ff ff} of the flush
 * are cut off, as section 7.2.1 asks. The context goes on from message to message unless the
 * server asked the client to reset it ({@code client_no_context_takeover}). Pure: bytes in, bytes
 * out.
 *
 * <p>Frames: each {@code curl_ws_send} call of a data frame becomes one compressed frame, RSV1
 * on the message's first (section 6.1); a {@code CURLWS_OFFSET} frame, whose compressed size is
 * not known before its last part, goes as one fragment per part (the last part of a final frame
 * ends the message). Control frames between fragments go uncompressed, by the caller.
 */
public final class WsDeflater {
    /** The output buffer kept between frames; a larger one made for a big frame is let go. */
    private static final int KEEP = 16 * 1024;
    private static final byte[] NOTHING = new byte[0];

    private final boolean resetEachMessage;
    /** The application's message in progress goes out compressed. */
    private boolean compressing;
    /** Payload bytes of the application's CURLWS_OFFSET frame still to come, compressed part by part. */
    private long offsetLeft;
    /** The flags of that frame. */
    private int offsetFlags;
    private Deflater deflater;
    private byte[] buf = new byte[256];
    private int len;

    public WsDeflater(boolean clientNoContextTakeover) {
        this.resetEachMessage = clientNoContextTakeover;
    }

    /**
     * Whether a {@code curl_ws_send} with {@code flags} (no frame of the encoder's half sent) goes
     * out compressed: a data frame that starts a message or continues a compressed one, or a
     * part of a CURLWS_OFFSET frame begun here.
     */
    public boolean takes(int flags, WsFrameEncoder encoder) {
        return offsetLeft > 0 || (flags & (CURLWS_PING | CURLWS_PONG | CURLWS_CLOSE)) == 0
                && (compressing || !encoder.messageOpen());
    }

    /** Checks a call's flags and size, changing nothing: CURLE_BAD_FUNCTION_ARGUMENT as libcurl answers. */
    public void check(ByteBuffer data, long fragsize, int flags, WsFrameEncoder encoder) throws WsException {
        if (offsetLeft == 0) {
            WsFrameEncoder.firstByte(flags, encoder.messageOpen()); // the flags make a frame here
        }
        long frameLeft = frameLeft(data, fragsize, flags);
        if (data.remaining() > frameLeft) {
            throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT,
                    "[WS] unaligned frame size (sending " + data.remaining() + " instead of " + frameLeft + ")");
        }
    }

    private long frameLeft(ByteBuffer data, long fragsize, int flags) {
        return offsetLeft > 0 ? offsetLeft : (flags & CURLWS_OFFSET) != 0 ? fragsize : data.remaining();
    }

    /**
     * The frame for a checked call: head and masked compressed payload, all of {@code data} taken.
     * The returned bytes are valid until the next call.
     */
    public ByteBuffer frame(ByteBuffer data, long fragsize, int flags, WsFrameEncoder encoder) throws WsException {
        int appFlags = offsetLeft > 0 ? offsetFlags : flags;
        long frameLeft = frameLeft(data, fragsize, flags);
        if (offsetLeft == 0 && (flags & CURLWS_OFFSET) != 0) {
            offsetFlags = flags;
        }
        offsetLeft = frameLeft - data.remaining();
        boolean fin = offsetLeft == 0 && (appFlags & CURLWS_CONT) == 0;
        int type = appFlags & (CURLWS_TEXT | CURLWS_BINARY);
        boolean first = !encoder.messageOpen();
        ByteBuffer z = compress(data, fin);
        ByteBuffer f = ByteBuffer.allocate(WsFrameEncoder.MAX_HEAD + z.remaining());
        encoder.head(type | (fin ? 0 : CURLWS_CONT), z.remaining(), f, first);
        encoder.payload(z, f);
        compressing = !fin;
        return f.flip();
    }

    /**
     * Compresses {@code src} (all of it; its position moves to its limit) as one frame's payload;
     * {@code endOfMessage}: the frame ends the message. The result is {@link #output()}.
     */
    public ByteBuffer compress(ByteBuffer src, boolean endOfMessage) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        if (buf.length > KEEP) {
            buf = new byte[KEEP];
        }
        len = 0;
        deflater.setInput(src);
        for (;;) {
            if (buf.length - len < 16) {
                byte[] bigger = new byte[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, len);
                buf = bigger;
            }
            int free = buf.length - len;
            int n = deflater.deflate(buf, len, free, Deflater.SYNC_FLUSH);
            len += n;
            if (n < free && deflater.needsInput()) {
                break;
            }
        }
        src.position(src.limit());
        deflater.setInput(NOTHING); // the application's buffer is not held
        if (endOfMessage) {
            if (len >= 4 && buf[len - 4] == 0 && buf[len - 3] == 0 && buf[len - 2] == (byte) 0xff
                    && buf[len - 1] == (byte) 0xff) {
                len -= 4;
            } else if (len == 0) {
                // nothing new since the last flush (an empty last fragment): the receiver appends
                // 00 00 ff ff, so this byte makes that an empty stored block (section 7.2.3.6)
                buf[len++] = 0;
            }
            if (resetEachMessage) {
                deflater.reset();
            }
        }
        return output();
    }

    /** The compressed bytes of the last {@link #compress} call. */
    public ByteBuffer output() {
        return ByteBuffer.wrap(buf, 0, len);
    }

    /** Lets the native deflater go (the session ends). */
    public void end() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
