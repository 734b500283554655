package dev.hiper.internal.ws;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The sending half of permessage-deflate (RFC 7692 section 7.2.1): the payload of each frame the
 * application sends is compressed (a raw DEFLATE stream, flushed at the end of every frame so that
 * the frame can go at once); at a message's end the four bytes {@code 00 00 ff ff} of the flush
 * are cut off, as section 7.2.1 asks. The context goes on from message to message unless the
 * server asked the client to reset it ({@code client_no_context_takeover}). Pure: bytes in, bytes
 * out.
 */
public final class WsDeflater {
    /** The output buffer kept between frames; a larger one made for a big frame is let go. */
    private static final int KEEP = 16 * 1024;

    private final boolean resetEachMessage;
    private Deflater deflater;
    private byte[] buf = new byte[256];
    private int len;

    public WsDeflater(boolean clientNoContextTakeover) {
        this.resetEachMessage = clientNoContextTakeover;
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
        if (endOfMessage) {
            if (len >= 4 && buf[len - 4] == 0 && buf[len - 3] == 0 && buf[len - 2] == (byte) 0xff
                    && buf[len - 1] == (byte) 0xff) {
                len -= 4;
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
