package dev.hiper.internal.mime;

import java.util.Locale;

/**
 * A part's {@code Content-Transfer-Encoding} as libcurl applies it ({@code curl_mime_encoder}):
 * {@code binary} and {@code 8bit} pass bytes as they are, {@code 7bit} refuses a byte over 127,
 * {@code base64} writes lines of 76 characters (RFC 2045 section 6.8) and
 * {@code quoted-printable} escapes as RFC 2045 section 6.7 says, with soft line breaks before 76.
 *
 * <p>Pure and streaming: {@link #encode} takes what input there is and writes what it can decide;
 * the bytes out never depend on how the input was split, so a part reads the same whatever the
 * sizes of the reads.
 */
enum MimeEncoder {
    BINARY("binary"), EIGHT_BIT("8bit"), SEVEN_BIT("7bit"), BASE64("base64"), QUOTED_PRINTABLE("quoted-printable");

    /** The longest encoded line (RFC 2045), CRLF not counted. */
    static final int MAX_LINE = 76;
    private static final byte[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    final String label;

    MimeEncoder(String label) {
        this.label = label;
    }

    /** The encoder of this name (any case), or null. */
    static MimeEncoder named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (MimeEncoder e : values()) {
            if (e.label.equals(n)) {
                return e;
            }
        }
        return null;
    }

    /** The encoded size of {@code size} input bytes; -1 when unknown (quoted-printable cannot tell). */
    long size(long size) {
        if (size < 0) {
            return -1;
        }
        switch (this) {
            case BASE64:
                if (size == 0) {
                    return 0;
                }
                long chars = 4 * (1 + (size - 1) / 3);
                return chars + 2 * ((chars - 1) / MAX_LINE);
            case QUOTED_PRINTABLE:
                return size == 0 ? 0 : -1;
            default:
                return size;
        }
    }

    /** Where one part's encoding stands: the input held, the output line's length. */
    static final class State {
        final byte[] in = new byte[4096];
        int inBeg;
        int inEnd;
        /** Characters on the current output line. */
        int pos;

        void reset() {
            inBeg = 0;
            inEnd = 0;
            pos = 0;
        }
    }

    /** What {@link #encode} returns for a 7bit part that meets a byte over 127. */
    static final int BAD_BYTE = -1;

    /**
     * Encodes from {@code s.in[inBeg, inEnd)} into {@code out[off, off + room)}; {@code eof}: no
     * more input will come. Returns the bytes written (0 when it needs more input or room), or
     * {@link #BAD_BYTE}. {@code room} is at least 8.
     */
    int encode(State s, boolean eof, byte[] out, int off, int room) {
        switch (this) {
            case BASE64:
                return base64(s, eof, out, off, room);
            case QUOTED_PRINTABLE:
                return quotedPrintable(s, eof, out, off, room);
            default:
                int n = Math.min(room, s.inEnd - s.inBeg);
                for (int i = 0; i < n; i++) {
                    byte b = s.in[s.inBeg + i];
                    if (this == SEVEN_BIT && (b & 0x80) != 0) {
                        System.arraycopy(s.in, s.inBeg, out, off, i);
                        s.inBeg += i;
                        return i == 0 ? BAD_BYTE : i;
                    }
                }
                System.arraycopy(s.in, s.inBeg, out, off, n);
                s.inBeg += n;
                return n;
        }
    }

    private static int base64(State s, boolean eof, byte[] out, int off, int room) {
        int w = 0;
        while (s.inEnd - s.inBeg >= (eof ? 1 : 3)) {
            if (room - w < 6) {
                break;
            }
            if (s.pos >= MAX_LINE) {
                out[off + w++] = '\r';
                out[off + w++] = '\n';
                s.pos = 0;
            }
            int have = Math.min(3, s.inEnd - s.inBeg);
            int i = (s.in[s.inBeg] & 0xFF) << 16;
            if (have > 1) {
                i |= (s.in[s.inBeg + 1] & 0xFF) << 8;
            }
            if (have > 2) {
                i |= s.in[s.inBeg + 2] & 0xFF;
            }
            s.inBeg += have;
            out[off + w++] = B64[(i >> 18) & 0x3F];
            out[off + w++] = B64[(i >> 12) & 0x3F];
            out[off + w++] = have > 1 ? B64[(i >> 6) & 0x3F] : (byte) '=';
            out[off + w++] = have > 2 ? B64[i & 0x3F] : (byte) '=';
            s.pos += 4;
        }
        return w;
    }

    private static boolean printable(int c) {
        return c >= 0x21 && c <= 0x7E && c != '=';
    }

    /** 1: CRLF or the end of the data at {@code n} past the input's start; 0: not; -1: more input needed. */
    private static int eolAhead(State s, boolean eof, int n) {
        int at = s.inBeg + n;
        if (at >= s.inEnd && eof) {
            return 1;
        }
        if (at + 2 > s.inEnd) {
            return eof ? 0 : -1;
        }
        return s.in[at] == '\r' && s.in[at + 1] == '\n' ? 1 : 0;
    }

    private static int quotedPrintable(State s, boolean eof, byte[] out, int off, int room) {
        int w = 0;
        byte[] buf = new byte[3];
        while (s.inBeg < s.inEnd) {
            int c = s.in[s.inBeg] & 0xFF;
            int len = 1;
            int consumed = 1;
            buf[0] = (byte) c;
            boolean escape = false;
            if (c == ' ' || c == '\t') {
                int la = eolAhead(s, eof, 1);
                if (la < 0) {
                    return w;
                }
                escape = la == 1; // space before a line end is escaped
            } else if (c == '\r') {
                int la = eolAhead(s, eof, 0);
                if (la < 0) {
                    return w;
                }
                if (la == 1 && s.inEnd - s.inBeg >= 2) {
                    buf[1] = '\n';
                    len = 2;
                    consumed = 2;
                } else {
                    escape = true;
                }
            } else if (!printable(c)) {
                escape = true;
            }
            if (escape) {
                buf[0] = '=';
                buf[1] = HEX[(c >> 4) & 0xF];
                buf[2] = HEX[c & 0xF];
                len = 3;
            }
            if (buf[len - 1] != '\n') {
                boolean soft = s.pos + len > MAX_LINE;
                if (!soft && s.pos + len == MAX_LINE) {
                    int la = eolAhead(s, eof, consumed);
                    if (la < 0) {
                        return w;
                    }
                    soft = la == 0; // the line may end here only before a line end or the data's end
                }
                if (soft) {
                    buf[0] = '=';
                    buf[1] = '\r';
                    buf[2] = '\n';
                    len = 3;
                    consumed = 0;
                }
            }
            if (len > room - w) {
                break;
            }
            System.arraycopy(buf, 0, out, off + w, len);
            w += len;
            s.pos = buf[len - 1] == '\n' ? 0 : s.pos + len;
            s.inBeg += consumed;
        }
        return w;
    }
}
