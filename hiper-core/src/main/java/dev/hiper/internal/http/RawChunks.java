package dev.hiper.internal.http;

import java.nio.ByteBuffer;

/**
 * A chunked body passed on as it came, framing included ({@code CURLOPT_HTTP_TRANSFER_DECODING}
 * 0, curl's {@code --raw}): the chunks are still read to find where the body ends (the last
 * chunk and the trailer section up to its empty line), but every byte up to there is body.
 *
 * <p>Contract: {@link #scan} looks at the bytes at the buffer's position without consuming them
 * and returns how many of them are body; the caller consumes some and reports them with
 * {@link #consumed}. Bytes already scanned are not scanned again, so the caller may take them in
 * several steps. {@link #done} once the end was scanned and every body byte consumed.
 */
final class RawChunks {
    private final ChunkedDecoder decoder = new ChunkedDecoder();
    /** Body bytes scanned at the buffer's position but not consumed yet. */
    private int pending;
    private boolean trailers;
    /** In the trailer section: at the start of a line, and after a CR there. */
    private boolean lineStart;
    private boolean crAtStart;
    private boolean end;

    void reset() {
        decoder.reset();
        pending = 0;
        trailers = false;
        lineStart = false;
        crAtStart = false;
        end = false;
    }

    /** The body bytes at {@code in}'s position (none consumed); a malformed chunk size throws. */
    int scan(ByteBuffer in) throws HttpParseException {
        ByteBuffer d = in.duplicate();
        d.position(in.position() + pending);
        while (d.hasRemaining() && !end) {
            if (trailers) {
                trailerByte(d.get());
                continue;
            }
            ChunkedDecoder.Result r = decoder.next(d);
            if (r == ChunkedDecoder.Result.DATA) {
                int n = decoder.available();
                d.position(d.position() + n);
                decoder.consumed(n);
            } else if (r == ChunkedDecoder.Result.TRAILERS) {
                trailers = true;
                lineStart = true;
            }
        }
        pending = d.position() - in.position();
        return pending;
    }

    /** An empty line (LF or CRLF) ends the trailer section. */
    private void trailerByte(byte b) {
        if (b == '\n') {
            end = lineStart || crAtStart;
            lineStart = true;
            crAtStart = false;
        } else if (b == '\r' && lineStart) {
            crAtStart = true;
            lineStart = false;
        } else {
            lineStart = false;
            crAtStart = false;
        }
    }

    /** The caller took {@code n} of the bytes {@link #scan} returned. */
    void consumed(int n) {
        pending -= n;
    }

    /** The body's end was scanned and every byte of it consumed. */
    boolean done() {
        return end && pending == 0;
    }
}
