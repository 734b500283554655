package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static dev.hiper.curl.Curl.CURLWS_TEXT;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;

/**
 * The frames a server sends, RFC 6455 section 5, taken from bytes in any split. Pure: no I/O,
 * no copy of payload bytes (they stay in the caller's buffer; the decoder counts them).
 *
 * <p>Use: 1. {@link #frame(ByteBuffer)} reads a frame head when none is current and says whether
 * one is; 2. the caller hands on up to {@link #remaining()} payload bytes at the buffer's
 * position and reports them with {@link #consumed(int)} (a frame with no payload is reported
 * once, with 0); 3. once the frame's payload is all reported, the next {@code frame} call reads
 * the next head. {@link #flags()}, {@link #offset()} and {@link #length()} describe the current
 * frame as libcurl's {@code curl_ws_frame} does.
 *
 * <p>Every rule of section 5 for a client is enforced, each with libcurl's message and
 * {@code CURLE_RECV_ERROR}: no masked frame from a server (5.1), no reserved bit without an
 * extension (5.2; RSV1 only on the first frame of a data message once permessage-deflate was
 * agreed on), no reserved opcode (5.2), control frames not fragmented and at most 125 bytes (5.5), a continuation only inside a message and no new message inside
 * one (5.4), a 64-bit length with its top bit clear (5.2). After an error the decoder is spent:
 * the connection must close, as section 7.1.7 says.
 */
public final class WsFrameDecoder {
    /** RFC 6455 section 5.5: the payload of a control frame. */
    public static final int MAX_CONTROL = 125;

    /** The head's extended length bytes so far (big-endian), and whether the first had its top bit. */
    private long headLength;
    private boolean headTooLong;
    private int headLen;
    private int headTotal;
    /** The flags of the data message in progress (with CURLWS_CONT), 0 between messages. */
    private int contFlags;
    private int flags;
    private long length;
    private long offset;
    /** A head is complete and its payload not all reported. */
    private boolean inFrame;
    private boolean failed;
    /** permessage-deflate was agreed on: RSV1 may mark the first frame of a data message. */
    private boolean rsv1Allowed;
    /** The data message in progress (or the last one) came compressed (RSV1 on its first frame). */
    private boolean compressed;
    /** The current frame starts a data message (a TEXT or BINARY opcode). */
    private boolean startsMessage;

    /** Whether the current frame starts a data message (else it continues one, or is a control frame). */
    public boolean startsMessage() {
        return startsMessage;
    }

    /** Forgets everything: a new connection. */
    public void reset() {
        headLen = 0;
        headTotal = 0;
        contFlags = 0;
        flags = 0;
        length = 0;
        offset = 0;
        inFrame = false;
        failed = false;
        compressed = false;
    }

    /** permessage-deflate (RFC 7692) was agreed on: RSV1 on a message's first frame marks it compressed. */
    public void allowCompressed(boolean allowed) {
        rsv1Allowed = allowed;
    }

    /**
     * Whether the current frame's message is compressed (RSV1 on its first frame, RFC 7692
     * section 6.1); false for control frames.
     */
    public boolean compressed() {
        return compressed && (flags & (CURLWS_TEXT | CURLWS_BINARY)) != 0;
    }

    /**
     * Reads what it can of the next frame head from {@code in} when no frame is current.
     * Returns true when a frame is current (its payload may be taken), false when {@code in}
     * ran out first (every byte of it taken into the head).
     */
    public boolean frame(ByteBuffer in) throws WsException {
        if (inFrame) {
            return true;
        }
        if (failed) {
            throw new WsException(CurlCode.CURLE_RECV_ERROR, "[WS] decoder failed before");
        }
        while (in.hasRemaining()) {
            byte b = in.get();
            if (headLen == 0) {
                int first = b & 0xff;
                boolean rsv1 = false;
                if (rsv1Allowed && (first & 0x40) != 0 && ((first & 0x0f) == 1 || (first & 0x0f) == 2)) {
                    rsv1 = true; // section 6.1: a message's first frame; on any other, RSV1 stays an error
                    first &= ~0x40;
                }
                flags = firstByte(first);
                startsMessage = (first & 0x0f) == 1 || (first & 0x0f) == 2;
                if (startsMessage) {
                    compressed = rsv1;
                }
                if ((flags & (CURLWS_TEXT | CURLWS_BINARY)) != 0) {
                    contFlags = flags; // control frames leave the message in progress alone
                }
                headLen++;
                continue;
            }
            if (headLen == 1) {
                headLen++;
                secondByte(b & 0xff);
                headLength = headTotal == 2 ? b & 0x7f : 0;
                headTooLong = false;
                if (headTotal > 2) {
                    continue;
                }
            } else {
                if (headLen == 2 && (b & 0x80) != 0) {
                    headTooLong = true; // only the 8-byte length's first byte counts (checked for 10-byte heads)
                }
                headLength = headLength << 8 | b & 0xff;
                headLen++;
                if (headLen < headTotal) {
                    continue;
                }
            }
            startPayload();
            return true;
        }
        return false;
    }

    /** The frame's flags from its first byte, against the message in progress. */
    private int firstByte(int b) throws WsException {
        boolean cont = (contFlags & CURLWS_CONT) != 0;
        switch (b) {
            case 0x00:
            case 0x80:
                if (!cont) {
                    throw fail("[WS] no ongoing fragmented message to resume");
                }
                return b == 0x00 ? contFlags | CURLWS_CONT : contFlags & ~CURLWS_CONT;
            case 0x01:
            case 0x81:
                if (cont) {
                    throw fail("[WS] fragmented message interrupted by new TEXT msg");
                }
                return b == 0x01 ? CURLWS_TEXT | CURLWS_CONT : CURLWS_TEXT;
            case 0x02:
            case 0x82:
                if (cont) {
                    throw fail("[WS] fragmented message interrupted by new BINARY msg");
                }
                return b == 0x02 ? CURLWS_BINARY | CURLWS_CONT : CURLWS_BINARY;
            case 0x08:
                throw fail("[WS] invalid fragmented CLOSE frame");
            case 0x88:
                return CURLWS_CLOSE;
            case 0x09:
                throw fail("[WS] invalid fragmented PING frame");
            case 0x89:
                return CURLWS_PING;
            case 0x0a:
                throw fail("[WS] invalid fragmented PONG frame");
            case 0x8a:
                return CURLWS_PONG;
            default:
                if ((b & 0x70) != 0) {
                    throw fail("[WS] invalid reserved bits: " + hex(b));
                }
                throw fail("[WS] invalid opcode: " + hex(b));
        }
    }

    private void secondByte(int b) throws WsException {
        if ((b & 0x80) != 0) {
            // section 5.1: a client closes the connection on a masked frame
            throw fail("[WS] masked input frame");
        }
        if (b > MAX_CONTROL) {
            if ((flags & CURLWS_PING) != 0) {
                throw fail("[WS] received PING frame is too big");
            }
            if ((flags & CURLWS_PONG) != 0) {
                throw fail("[WS] received PONG frame is too big");
            }
            if ((flags & CURLWS_CLOSE) != 0) {
                throw fail("[WS] received CLOSE frame is too big");
            }
        }
        headTotal = b == 126 ? 4 : b == 127 ? 10 : 2;
    }

    private void startPayload() throws WsException {
        if (headTotal == 10 && headTooLong) {
            throw fail("[WS] frame length longer than 63 bits not supported");
        }
        length = headLength;
        offset = 0;
        headLen = 0;
        headTotal = 0;
        inFrame = true;
    }

    private WsException fail(String message) {
        failed = true;
        inFrame = false;
        return new WsException(CurlCode.CURLE_RECV_ERROR, message);
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    /** Reports {@code n} payload bytes of the current frame as handed on; 0 for a frame without payload. */
    public void consumed(int n) {
        if (!inFrame || n < 0 || n > length - offset) {
            throw new IllegalStateException("consumed " + n + " of " + (length - offset));
        }
        offset += n;
        if (offset == length) {
            inFrame = false;
        }
    }

    /** Whether a frame is current. */
    public boolean inFrame() {
        return inFrame;
    }

    /** The current frame's flags ({@code CURLWS_*}). */
    public int flags() {
        return flags;
    }

    /** The current frame's payload length. */
    public long length() {
        return length;
    }

    /** The payload bytes of the current frame already reported. */
    public long offset() {
        return offset;
    }

    /** The payload bytes of the current frame still to come. */
    public long remaining() {
        return inFrame ? length - offset : 0;
    }

    /**
     * What is missing when the connection ends now: 0 between frames, else the bytes of a head or
     * payload that never came (libcurl fails such an end with CURLE_RECV_ERROR).
     */
    public long cutShort() {
        return inFrame ? length - offset : headLen;
    }
}
