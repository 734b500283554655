package dev.hiper.internal.decode;

import java.nio.ByteBuffer;

/**
 * The member header of a gzip stream (RFC 1952 section 2.3), read byte by byte as it arrives:
 * the fixed ten bytes, then the optional extra field, file name, comment and header CRC that
 * its flags announce. Nothing of it is kept; only its end matters. Pure: bytes in, a verdict out.
 */
final class GzipHeader {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private static final int FIXED = 0;
    private static final int EXTRA_LENGTH = 1;
    private static final int EXTRA = 2;
    private static final int NAME = 3;
    private static final int COMMENT = 4;
    private static final int CRC = 5;
    private static final int DONE = 6;

    private int state = FIXED;
    /** Bytes read of the current part (the fixed part, the extra length, the CRC). */
    private int count;
    private int flags;
    /** Bytes of the extra field still to skip (or its length as read so far). */
    private int extraLeft;

    /** Whether the whole header was read. */
    boolean done() {
        return state == DONE;
    }

    /** Reads header bytes from {@code in}; stops at the header's end. */
    void read(ByteBuffer in) throws DecodeException {
        while (state != DONE && in.hasRemaining()) {
            int b = in.get() & 0xff;
            switch (state) {
                case FIXED:
                    fixed(b);
                    break;
                case EXTRA_LENGTH:
                    extraLeft |= b << (8 * count);
                    if (++count == 2) {
                        state = extraLeft > 0 ? EXTRA : next(FEXTRA);
                    }
                    break;
                case EXTRA:
                    if (--extraLeft == 0) {
                        state = next(FEXTRA);
                    }
                    break;
                case NAME:
                    if (b == 0) {
                        state = next(FNAME);
                    }
                    break;
                case COMMENT:
                    if (b == 0) {
                        state = next(FCOMMENT);
                    }
                    break;
                case CRC:
                    if (++count == 2) {
                        state = DONE;
                    }
                    break;
                default:
                    throw new IllegalStateException("gzip header state " + state);
            }
        }
    }

    private void fixed(int b) throws DecodeException {
        switch (count) {
            case 0:
            case 1:
                if (b != (count == 0 ? 0x1f : 0x8b)) {
                    throw DecodeException.corrupt("incorrect header check");
                }
                break;
            case 2:
                if (b != 8) {
                    throw DecodeException.corrupt("unknown compression method");
                }
                break;
            case 3:
                if ((b & RESERVED) != 0) {
                    throw DecodeException.corrupt("unknown header flags set");
                }
                flags = b;
                break;
            default:
                break; // modification time, extra flags, operating system: not needed
        }
        if (++count == 10) {
            state = next(0);
        }
    }

    /** The part after the one that ends ({@code after}: the flag of the part just read, 0 for the fixed part). */
    private int next(int after) {
        count = 0;
        if (after < FEXTRA && (flags & FEXTRA) != 0) {
            extraLeft = 0;
            return EXTRA_LENGTH;
        }
        if (after < FNAME && (flags & FNAME) != 0) {
            return NAME;
        }
        if (after < FCOMMENT && (flags & FCOMMENT) != 0) {
            return COMMENT;
        }
        return (flags & FHCRC) != 0 && after != FHCRC ? CRC : DONE;
    }
}
