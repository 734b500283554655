package dev.hiper.internal.decode;

import dev.hiper.curl.CurlCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.brotli.dec.BrotliInputStream;

/**
 * The {@code br} coding (RFC 7932) over the pure-Java decoder of {@code org.brotli:dec}, an
 * optional dependency: this class is touched only when {@link OptionalCodecs} found that library
 * on the class path, so hiper runs without it and then does not offer br.
 *
 * <p>That decoder pulls its input from an {@link InputStream} and cannot be suspended when the
 * input runs out: a read that finds nothing would either block the event loop or end the stream
 * for good. So the bytes are queued here as they arrive, and output is pulled from the decoder
 * only while the queue is full or the body has ended ({@link #endOfInput()}). The decoder writes
 * its output a ring buffer (the stream's window) at a time, and to fill one it takes at most a
 * window of input from an encoder (which stores a block it cannot compress), so the queue holds
 * one window plus {@value #SLACK} bytes: a full queue is enough input for the decoder's next
 * output. A stream that needs more than that before its next output (metadata blocks, bloated
 * headers: nothing an encoder makes) ends the transfer with {@code CURLE_BAD_CONTENT_ENCODING}
 * rather than being read wrongly.
 *
 * <p>Memory, per response: the queue (at most window + {@value #SLACK} bytes, grown as bytes
 * come) and the decoder's ring buffer (at most the window, 16 MiB for the largest, 4 MiB for the
 * brotli command's default). A body smaller than the queue is decoded when it ends.
 */
final class BrotliDecoder implements ContentDecoder {
    /** Room beyond the window: the decoder reads 4 KiB ahead, and block headers come on top. */
    static final int SLACK = 64 * 1024;
    /** The window when the stream's first byte is not there yet or names none (RFC 7932 section 9.1). */
    private static final int LARGEST_WINDOW = 1 << 24;

    private byte[] queue = new byte[4096];
    private int head;
    private int tail;
    /** The most the queue holds: the stream's window plus SLACK, known from its first byte. */
    private int capacity = -1;
    private boolean ended;
    private boolean done;
    /** The decoder asked for input that has not arrived: the stream cannot be decoded in bounded memory. */
    private boolean ranDry;
    private BrotliInputStream decoder;

    /** What the decoder reads from: the queue, its end at the body's end. */
    private final InputStream feed = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = Math.min(len, tail - head);
            if (n > 0) {
                System.arraycopy(queue, head, b, off, n);
                head += n;
                return n;
            }
            if (ended || len == 0) {
                return ended ? -1 : 0;
            }
            ranDry = true;
            throw new IOException("no input queued");
        }
    };

    @Override
    public void decode(ByteBuffer src, ByteBuffer out) throws DecodeException {
        for (;;) {
            take(src);
            if (done) {
                if (tail > head || src.hasRemaining()) {
                    throw new DecodeException(CurlCode.CURLE_WRITE_ERROR,
                            "Failed writing received data to disk/application: data after the end of the brotli stream");
                }
                return;
            }
            if (!out.hasRemaining() || !ended && (capacity < 0 || tail - head < capacity)) {
                return;
            }
            int pos = out.position();
            int n;
            try {
                if (decoder == null) {
                    decoder = new BrotliInputStream(feed);
                }
                n = decoder.read(out.array(), out.arrayOffset() + pos, out.remaining());
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
            if (n < 0) {
                done = true;
            } else if (n == 0) {
                return; // nothing now (the decoder returns at least a byte while it has any)
            } else {
                out.position(pos + n);
            }
        }
    }

    private DecodeException failure(Exception e) {
        if (ranDry) {
            return DecodeException.corrupt("the brotli stream needs more than " + capacity
                    + " bytes of input before its next output");
        }
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause(); // the decoder's own reason ("Invalid backward reference", ...)
        }
        return DecodeException.corrupt("brotli: " + (c.getMessage() != null ? c.getMessage() : c.toString()));
    }

    /** Moves bytes from src into the queue, up to its capacity. */
    private void take(ByteBuffer src) {
        if (!src.hasRemaining()) {
            return;
        }
        if (capacity < 0) {
            capacity = window(src.get(src.position())) + SLACK;
        }
        int room = capacity - (tail - head);
        if (room <= 0) {
            return;
        }
        if (head > 0 && (tail == head || queue.length - tail < Math.min(room, src.remaining()))) {
            System.arraycopy(queue, head, queue, 0, tail - head);
            tail -= head;
            head = 0;
        }
        int n = Math.min(room, src.remaining());
        if (queue.length - tail < n) {
            queue = Arrays.copyOf(queue, Math.min(capacity, Math.max(tail + n, queue.length * 2)));
        }
        src.get(queue, tail, n);
        tail += n;
    }

    /** The window a stream's first byte names (WBITS, RFC 7932 section 9.1). */
    static int window(byte first) {
        int b = first & 0xff;
        if ((b & 1) == 0) {
            return 1 << 16;
        }
        int n = (b >>> 1) & 7;
        if (n != 0) {
            return 1 << (17 + n);
        }
        int m = (b >>> 4) & 7;
        if (m == 1) {
            return LARGEST_WINDOW; // invalid here: the decoder says so
        }
        return m != 0 ? 1 << (8 + m) : 1 << 17;
    }

    @Override
    public void endOfInput() {
        ended = true;
    }

    @Override
    public boolean finished() {
        return done && tail == head;
    }

    @Override
    public void close() {
        decoder = null;
        queue = null;
    }
}
