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
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The frames a client sends, RFC 6455 section 5: a head for the flags and length the application
 * gives, then the payload masked with a new key per frame (section 5.3: from a strong source of
 * entropy, so that a proxy cannot be made to see chosen bytes). Pure: bytes in, bytes out.
 *
 * <p>Use: 1. {@link #head} checks the flags against the message in progress (libcurl's codes and
 * messages) and writes the frame head; 2. {@link #payload} masks the frame's payload as it comes,
 * in any number of pieces, until {@link #remaining()} is 0; only then may the next head be
 * written. Control frames may go between the fragments of a message (section 5.4).
 */
public final class WsFrameEncoder {
    /** Where mask keys come from: a secure random source, or a fixed key in tests. */
    public interface MaskSource {
        /** Fills the four bytes of the next frame's key. */
        void next(byte[] key);
    }

    /**
     * Keys from one shared {@link SecureRandom}, made at the first key: making it looks up the
     * security providers, which a handle that never sends a WebSocket frame does not need. The
     * keys of 256 frames are drawn at once: one call into the generator, not one a frame.
     */
    public static final MaskSource SECURE = new MaskSource() {
        @Override
        public void next(byte[] key) {
            int k = Entropy.take();
            key[0] = (byte) (k >>> 24);
            key[1] = (byte) (k >>> 16);
            key[2] = (byte) (k >>> 8);
            key[3] = (byte) k;
        }
    };

    private static final class Entropy {
        static final SecureRandom RANDOM = new SecureRandom();
        /** Keys drawn and not yet handed out; each is handed out once. */
        private static final int[] KEYS = new int[256];
        private static final byte[] DRAWN = new byte[KEYS.length * 4];
        private static int next = KEYS.length;

        static synchronized int take() {
            if (next == KEYS.length) {
                RANDOM.nextBytes(DRAWN);
                ByteBuffer.wrap(DRAWN).asIntBuffer().get(KEYS);
                java.util.Arrays.fill(DRAWN, (byte) 0);
                next = 0;
            }
            int k = KEYS[next];
            KEYS[next++] = 0;
            return k;
        }
    }

    /** The longest head: 2 bytes, 8 of length, 4 of key. */
    public static final int MAX_HEAD = 14;

    private final MaskSource masks;
    /** The current frame's mask key, its first byte the highest. */
    private int key;
    /** Where a thread's {@link MaskSource} writes a key before it is taken in. */
    private static final ThreadLocal<byte[]> KEY_BYTES = ThreadLocal.withInitial(() -> new byte[4]);
    private int keyIndex;
    private long remaining;
    /** A data message is open: the next data frame continues it. */
    private boolean contFragment;

    public WsFrameEncoder(MaskSource masks) {
        this.masks = masks;
    }

    /** Payload bytes of the current frame still to be given. */
    public long remaining() {
        return remaining;
    }

    /** Whether a data message is open (its last fragment not yet started). */
    public boolean messageOpen() {
        return contFragment;
    }

    /** The next key of a source other than {@link #SECURE} (a test's), its first byte the highest. */
    private static int keyFrom(MaskSource masks) {
        byte[] k = KEY_BYTES.get();
        masks.next(k);
        return (k[0] & 0xff) << 24 | (k[1] & 0xff) << 16 | (k[2] & 0xff) << 8 | k[3] & 0xff;
    }

    /**
     * Writes the head of a frame of {@code length} payload bytes to {@code out} (which has room
     * for {@link #MAX_HEAD} bytes). Flags are libcurl's: a message type, with CURLWS_CONT when
     * more fragments follow; CURLWS_OFFSET is ignored here.
     */
    public void head(int flags, long length, ByteBuffer out) throws WsException {
        head(flags, length, out, false);
    }

    /**
     * {@link #head(int, long, ByteBuffer)} with RSV1 set when {@code rsv1}: the first frame of a
     * compressed message (RFC 7692 section 6.1).
     */
    public void head(int flags, long length, ByteBuffer out, boolean rsv1) throws WsException {
        if (length < 0) {
            throw new WsException(CurlCode.CURLE_SEND_ERROR,
                    "[WS] starting new frame with negative payload length " + length);
        }
        if (remaining > 0) {
            throw new WsException(CurlCode.CURLE_SEND_ERROR,
                    "[WS] starting new frame with " + remaining + " bytes from last one remaining to be sent");
        }
        int first = firstByte(flags, contFragment);
        if ((flags & CURLWS_PING) != 0 && length > WsFrameDecoder.MAX_CONTROL) {
            throw new WsException(CurlCode.CURLE_TOO_LARGE, "[WS] given PING frame is too big");
        }
        if ((flags & CURLWS_PONG) != 0 && length > WsFrameDecoder.MAX_CONTROL) {
            throw new WsException(CurlCode.CURLE_TOO_LARGE, "[WS] given PONG frame is too big");
        }
        if ((flags & CURLWS_CLOSE) != 0 && length > WsFrameDecoder.MAX_CONTROL) {
            throw new WsException(CurlCode.CURLE_TOO_LARGE, "[WS] given CLOSE frame is too big");
        }
        if ((flags & (CURLWS_TEXT | CURLWS_BINARY)) != 0) {
            contFragment = (flags & CURLWS_CONT) != 0;
        } else if ((flags & ~CURLWS_OFFSET) == CURLWS_CONT || (flags & ~CURLWS_OFFSET) == 0) {
            contFragment = (first & 0x80) == 0;
        }
        out.put((byte) (rsv1 ? first | 0x40 : first));
        if (length > 65535) {
            out.put((byte) (127 | 0x80));
            out.putLong(length);
        } else if (length >= 126) {
            out.put((byte) (126 | 0x80));
            out.putShort((short) length);
        } else {
            out.put((byte) (length | 0x80));
        }
        key = masks == SECURE ? Entropy.take() : keyFrom(masks);
        out.putInt(key);
        keyIndex = 0;
        remaining = length;
    }

    /**
     * The first byte of a frame for libcurl's flags: FIN, and the opcode (a continuation inside
     * an open message). Throws CURLE_BAD_FUNCTION_ARGUMENT for flags that make no valid frame.
     */
    static int firstByte(int flags, boolean cont) throws WsException {
        switch (flags & ~CURLWS_OFFSET) {
            case 0:
                if (cont) {
                    return 0x80; // libcurl takes no flags inside a message as its last fragment
                }
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] no flags given");
            case CURLWS_CONT:
                if (cont) {
                    return 0x00;
                }
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT,
                        "[WS] No ongoing fragmented message to continue");
            case CURLWS_TEXT:
                return cont ? 0x80 : 0x81;
            case CURLWS_TEXT | CURLWS_CONT:
                return cont ? 0x00 : 0x01;
            case CURLWS_BINARY:
                return cont ? 0x80 : 0x82;
            case CURLWS_BINARY | CURLWS_CONT:
                return cont ? 0x00 : 0x02;
            case CURLWS_CLOSE:
                return 0x88;
            case CURLWS_CLOSE | CURLWS_CONT:
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] CLOSE frame must not be fragmented");
            case CURLWS_PING:
                return 0x89;
            case CURLWS_PING | CURLWS_CONT:
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] PING frame must not be fragmented");
            case CURLWS_PONG:
                return 0x8a;
            case CURLWS_PONG | CURLWS_CONT:
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "[WS] PONG frame must not be fragmented");
            default:
                throw new WsException(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT,
                        "[WS] unknown flags: " + Integer.toHexString(flags));
        }
    }

    /**
     * Masks payload bytes of the current frame from {@code src} into {@code out}: as many as
     * both have and the frame still takes. Returns how many.
     */
    public int payload(ByteBuffer src, ByteBuffer out) {
        int n = (int) Math.min(Math.min(src.remaining(), out.remaining()), remaining);
        int k = keyIndex;
        int i = 0;
        if (n >= 16 && src.order() == ByteOrder.BIG_ENDIAN && out.order() == ByteOrder.BIG_ENDIAN) {
            // eight bytes at a time: the key, from where the last piece left it, twice over (a
            // multiple of four bytes leaves the key's position where it was)
            long r = Integer.rotateLeft(key, 8 * k) & 0xffffffffL;
            long m = r << 32 | r;
            int sp = src.position();
            int op = out.position();
            for (; i + 8 <= n; i += 8) {
                out.putLong(op + i, src.getLong(sp + i) ^ m);
            }
            src.position(sp + i);
            out.position(op + i);
        }
        for (; i < n; i++) {
            out.put((byte) (src.get() ^ key >>> (24 - 8 * k)));
            k = (k + 1) & 3;
        }
        keyIndex = k;
        remaining -= n;
        return n;
    }
}
