package dev.hiper.internal.decode;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The {@code gzip} (RFC 1952) and {@code deflate} (RFC 9110 section 8.4.1.2: a zlib stream, RFC
 * 1950) codings, over the JDK's {@link Inflater}. As libcurl: a {@code deflate} body that does
 * not start with a zlib header is taken as raw deflate (some servers send it so), and then up to
 * four bytes after it are tolerated; a gzip stream is one member, and anything after its trailer
 * (a second member included) is an error. The gzip trailer's CRC-32 and length are checked.
 *
 * <p>Memory: the inflater's window (32 KiB) and a few counters, whatever the body's size; the
 * output goes to the caller's bounded buffer.
 */
final class InflateDecoder implements ContentDecoder {
    private static final int HEADER = 0;
    private static final int BODY = 1;
    private static final int TRAILER = 2;
    private static final int DONE = 3;

    /** How many bytes after a raw deflate stream are let through, as libcurl does. */
    private static final int RAW_TRAILER_TOLERANCE = 4;

    private final boolean gzip;
    private final GzipHeader header;
    private final CRC32 crc;
    private Inflater inflater;
    private int state = HEADER;
    /** The gzip trailer as read so far (8 bytes, little-endian CRC-32 then length). */
    private long trailer;
    private int trailerCount;
    private long size;
    /** Raw deflate: bytes after the stream still tolerated. */
    private int tolerated;

    private InflateDecoder(boolean gzip) {
        this.gzip = gzip;
        this.header = gzip ? new GzipHeader() : null;
        this.crc = gzip ? new CRC32() : null;
    }

    static InflateDecoder gzip() {
        return new InflateDecoder(true);
    }

    static InflateDecoder deflate() {
        return new InflateDecoder(false);
    }

    @Override
    public void decode(ByteBuffer in, ByteBuffer out) throws DecodeException {
        for (;;) {
            switch (state) {
                case HEADER:
                    if (!start(in)) {
                        return;
                    }
                    break;
                case BODY:
                    if (!inflate(in, out)) {
                        return;
                    }
                    break;
                case TRAILER:
                    readTrailer(in);
                    if (state == TRAILER) {
                        return;
                    }
                    break;
                default:
                    after(in);
                    return;
            }
        }
    }

    /** Reads the gzip header, or picks zlib or raw deflate from the first two bytes. */
    private boolean start(ByteBuffer in) throws DecodeException {
        if (gzip) {
            header.read(in);
            if (!header.done()) {
                return false;
            }
            inflater = new Inflater(true);
        } else {
            if (in.remaining() < 2) {
                return false;
            }
            int cmf = in.get(in.position()) & 0xff;
            int flg = in.get(in.position() + 1) & 0xff;
            // RFC 1950 section 2.2: method 8, and the two bytes a multiple of 31
            boolean zlib = (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
            inflater = new Inflater(!zlib);
            tolerated = zlib ? 0 : RAW_TRAILER_TOLERANCE;
        }
        state = BODY;
        return true;
    }

    /** Inflates into out. Returns whether the stream's end was reached (go on to what follows). */
    private boolean inflate(ByteBuffer in, ByteBuffer out) throws DecodeException {
        inflater.setInput(in);
        while (out.hasRemaining()) {
            int from = out.position();
            int taken = in.position();
            int n;
            try {
                n = inflater.inflate(out);
            } catch (DataFormatException e) {
                throw DecodeException.corrupt(e.getMessage());
            }
            if (gzip && n > 0) {
                crc.update(out.duplicate().position(from).limit(from + n));
                size += n;
            }
            if (inflater.finished()) {
                state = gzip ? TRAILER : DONE;
                inflater.end();
                inflater = null;
                return true;
            }
            if (inflater.needsDictionary()) {
                throw DecodeException.corrupt("need dictionary");
            }
            if (n == 0 && (inflater.needsInput() || in.position() == taken)) {
                return false;
            }
        }
        return false;
    }

    private void readTrailer(ByteBuffer in) throws DecodeException {
        while (trailerCount < 8 && in.hasRemaining()) {
            trailer |= (long) (in.get() & 0xff) << (8 * trailerCount++);
        }
        if (trailerCount < 8) {
            return;
        }
        if ((trailer & 0xffffffffL) != crc.getValue()) {
            throw DecodeException.corrupt("incorrect data check");
        }
        if ((trailer >>> 32) != (size & 0xffffffffL)) {
            throw DecodeException.corrupt("incorrect length check");
        }
        state = DONE;
    }

    /** Bytes after the stream's end: an error, but for the few a raw deflate stream may carry. */
    private void after(ByteBuffer in) throws DecodeException {
        int n = in.remaining();
        if (n == 0) {
            return;
        }
        if (n <= tolerated) {
            tolerated -= n;
            in.position(in.limit());
            return;
        }
        if (gzip && n >= 2 && (in.get(in.position()) & 0xff) == 0x1f && (in.get(in.position() + 1) & 0xff) == 0x8b) {
            throw new DecodeException(CurlCode.CURLE_WRITE_ERROR, "Multi-member gzip response not supported");
        }
        throw new DecodeException(CurlCode.CURLE_WRITE_ERROR,
                "Failed writing received data to disk/application: data after the end of the "
                        + (gzip ? "gzip" : "deflate") + " stream");
    }

    @Override
    public boolean finished() {
        return state == DONE;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
