package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;

import java.nio.ByteBuffer;

/**
 * The framing half of the chunked transfer coding (RFC 9112 section 7.1): a
 * pure, pull-style state machine that consumes chunk-size lines and the line
 * ends after chunk data, and points at chunk data without copying it.
 *
 * <p>Contract: call {@link #next(ByteBuffer)} with a buffer in read mode. It
 * consumes framing bytes (advancing {@code position()}) and returns
 * <ul>
 *   <li>{@link Result#NEED_MORE} when every byte in the buffer was framing;</li>
 *   <li>{@link Result#DATA}: {@link #available()} bytes of chunk data start at
 *       {@code position()}. They are not consumed: the caller advances the buffer
 *       itself and reports the count with {@link #consumed(long)}. Calling
 *       {@code next()} without consuming them all returns DATA again;</li>
 *   <li>{@link Result#TRAILERS} once the last chunk ({@code 0}) and its line end
 *       were consumed; the trailer section (field lines up to an empty line,
 *       RFC 9112 section 7.1.2) is left to the caller, which parses it like a
 *       header section. From then on {@code next()} returns TRAILERS without
 *       consuming anything.</li>
 * </ul>
 * Malformed framing throws {@link HttpParseException} with
 * {@link CurlCode#CURLE_RECV_ERROR}, as libcurl does for its chunk errors.
 * Memory use is constant: chunk sizes are only counted down, never allocated,
 * and chunk extensions are skipped without being kept.
 */
public final class ChunkedDecoder {

    /** What {@link #next(ByteBuffer)} found. */
    public enum Result { NEED_MORE, DATA, TRAILERS }

    /**
     * The most significant hex digits a chunk size may have: 16 digits are 64 bits,
     * and the value must also fit a signed long (libcurl's CHUNK_MAXNUM_LEN).
     */
    public static final int MAX_SIZE_DIGITS = 16;

    /**
     * Upper bound for one chunk-size line including extensions and leading zeros.
     * Extensions are ignored (RFC 9112 section 7.1.1 lets a recipient ignore
     * unrecognized ones) but an endless line must still end in an error.
     */
    public static final int MAX_SIZE_LINE = 100 * 1024;

    private static final int S_SIZE = 0;      // in chunk-size hex digits
    private static final int S_SIZE_WS = 1;   // after the digits, in BWS before ';' or the line end
    private static final int S_EXT = 2;       // in chunk extensions, skipped to the line end
    private static final int S_SIZE_LF = 3;   // chunk-size line saw CR, needs LF
    private static final int S_DATA = 4;      // in chunk data
    private static final int S_DATA_END = 5;  // after chunk data, needs CRLF or LF
    private static final int S_DATA_LF = 6;   // after chunk data and CR, needs LF
    private static final int S_TRAILERS = 7;  // last chunk read; trailer section is the caller's

    private int state;
    private long size;            // chunk size being parsed
    private int significant;      // significant hex digits of size so far
    private boolean anyDigit;     // at least one hex digit (zeros included) seen
    private int sizeLineBytes;    // bytes of the current chunk-size line
    private long chunkRemaining;  // data bytes left in the current chunk
    private int available;        // valid after DATA

    public ChunkedDecoder() {
        reset();
    }

    /** Start a new chunked body. */
    public void reset() {
        state = S_SIZE;
        size = 0;
        significant = 0;
        anyDigit = false;
        sizeLineBytes = 0;
        chunkRemaining = 0;
        available = 0;
    }

    /**
     * Consume framing from {@code in} until chunk data, the trailer section, or the
     * end of the buffer.
     */
    public Result next(ByteBuffer in) throws HttpParseException {
        available = 0;
        for (;;) {
            switch (state) {
                case S_DATA: {
                    int n = in.remaining();
                    if (n == 0) {
                        return Result.NEED_MORE;
                    }
                    available = chunkRemaining < n ? (int) chunkRemaining : n;
                    return Result.DATA;
                }
                case S_TRAILERS:
                    return Result.TRAILERS;
                default:
                    break;
            }
            if (!in.hasRemaining()) {
                return Result.NEED_MORE;
            }
            byte b = in.get();
            switch (state) {
                case S_SIZE:
                    sizeByte(b);
                    break;
                case S_SIZE_WS:
                    countSizeLineByte();
                    if (b == ';') {
                        state = S_EXT;
                    } else if (b == '\r') {
                        state = S_SIZE_LF;
                    } else if (b == '\n') {
                        sizeLineDone();
                    } else if (b != ' ' && b != '\t') {
                        throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                                "Illegal or missing hexadecimal sequence in chunked-encoding");
                    }
                    break;
                case S_EXT:
                    countSizeLineByte();
                    // Extension names and values are not interpreted; only the line end matters.
                    if (b == '\r') {
                        state = S_SIZE_LF;
                    } else if (b == '\n') {
                        sizeLineDone();
                    }
                    break;
                case S_SIZE_LF:
                    if (b != '\n') {
                        throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                                "Malformed chunk-size line (CR without LF) in chunked-encoding");
                    }
                    sizeLineDone();
                    break;
                case S_DATA_END:
                    // RFC 9112 section 7.1: chunk-data is followed by CRLF; a bare LF is
                    // tolerated like everywhere else in HTTP/1.1 line parsing (section 2.2).
                    if (b == '\r') {
                        state = S_DATA_LF;
                    } else if (b == '\n') {
                        startSizeLine();
                    } else {
                        throw malformed();
                    }
                    break;
                case S_DATA_LF:
                    if (b != '\n') {
                        throw malformed();
                    }
                    startSizeLine();
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    /** The chunk data bytes at the buffer's position, valid after {@link Result#DATA}. */
    public int available() {
        return available;
    }

    /** The caller consumed {@code n} (at most {@link #available()}) bytes of chunk data. */
    public void consumed(long n) {
        if (state != S_DATA || n < 0 || n > chunkRemaining) {
            throw new IllegalStateException("consumed(" + n + ") with " + chunkRemaining
                    + " chunk bytes left in state " + state);
        }
        chunkRemaining -= n;
        available = (int) Math.max(0, available - n);
        if (chunkRemaining == 0) {
            state = S_DATA_END;
        }
    }

    /** Data bytes of the current chunk not yet consumed (0 outside chunk data). */
    public long chunkRemaining() {
        return state == S_DATA ? chunkRemaining : 0;
    }

    /** Whether the last chunk was read and the trailer section is next. */
    public boolean inTrailers() {
        return state == S_TRAILERS;
    }

    private void sizeByte(byte b) throws HttpParseException {
        countSizeLineByte();
        int d = hexValue(b);
        if (d >= 0) {
            anyDigit = true;
            if (size == 0 && d == 0) {
                return; // a leading zero is not significant
            }
            if (++significant > MAX_SIZE_DIGITS) {
                throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                        "chunk hex-length longer than " + MAX_SIZE_DIGITS);
            }
            if (size > (Long.MAX_VALUE >>> 4)) {
                throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                        "chunk hex-length overflows a 64-bit signed size in chunked-encoding");
            }
            size = (size << 4) | d;
            return;
        }
        if (!anyDigit) {
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    "Illegal or missing hexadecimal sequence in chunked-encoding");
        }
        // RFC 9112 section 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name ... )
        if (b == ';') {
            state = S_EXT;
        } else if (b == ' ' || b == '\t') {
            state = S_SIZE_WS;
        } else if (b == '\r') {
            state = S_SIZE_LF;
        } else if (b == '\n') {
            sizeLineDone();
        } else {
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    "Illegal or missing hexadecimal sequence in chunked-encoding");
        }
    }

    private void countSizeLineByte() throws HttpParseException {
        if (++sizeLineBytes > MAX_SIZE_LINE) {
            throw new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                    "chunk-size line longer than " + MAX_SIZE_LINE + " bytes in chunked-encoding");
        }
    }

    private void sizeLineDone() {
        if (size == 0) {
            // RFC 9112 section 7.1: last-chunk = 1*("0") [ chunk-ext ] CRLF, then trailer-section.
            state = S_TRAILERS;
        } else {
            chunkRemaining = size;
            state = S_DATA;
        }
    }

    private void startSizeLine() {
        state = S_SIZE;
        size = 0;
        significant = 0;
        anyDigit = false;
        sizeLineBytes = 0;
    }

    private static HttpParseException malformed() {
        return new HttpParseException(CurlCode.CURLE_RECV_ERROR,
                "Malformed encoding found in chunked-encoding");
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
