package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link ChunkedDecoder}. The first input byte sets how many bytes arrive per read and how
 * many data bytes the caller takes at a time; the rest is a chunked body. Every input must end
 * in TRAILERS, NEED_MORE with nothing left, or an {@link HttpParseException}; steps are bounded by
 * the input's length, and the data handed out never exceeds the bytes that came in.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/http/ChunkedDecoderFuzzTestInputs/decode}.
 */
class ChunkedDecoderFuzzTest {

    // Per input: in regression mode JUnit enforces it on each seed; in fuzzing mode Jazzer turns
    // it into libFuzzer's -timeout, so an input that loops is a finding (the fuzz profile turns
    // JUnit's own timeouts off there, as they would count the whole fuzzing run).
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 0x3f);
        int take = 1 + ((input[0] & 0xff) >>> 6) * 7; // 1, 8, 15 or 22
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer buf = ByteBuffer.allocate(input.length);
        buf.flip();
        int fed = 1;
        long data = 0;
        long steps = 0;
        long bound = 4L * input.length + 16;
        while (true) {
            assertTrue(++steps <= bound, "no progress after " + steps + " steps");
            ChunkedDecoder.Result r;
            try {
                r = d.next(buf);
            } catch (HttpParseException e) {
                assertNotNull(e.code());
                return;
            }
            switch (r) {
                case NEED_MORE:
                    assertFalse(buf.hasRemaining() && d.chunkRemaining() == 0 && !d.inTrailers(),
                            "asked for more with framing bytes unread");
                    if (fed == input.length) {
                        return;
                    }
                    int k = Math.min(piece, input.length - fed);
                    buf.compact();
                    buf.put(input, fed, k);
                    buf.flip();
                    fed += k;
                    break;
                case DATA:
                    int avail = d.available();
                    assertTrue(avail > 0 && avail <= buf.remaining() && avail <= d.chunkRemaining());
                    int n = Math.min(avail, take);
                    buf.position(buf.position() + n);
                    d.consumed(n);
                    data += n;
                    assertTrue(data < input.length, "more data out than bytes in");
                    break;
                case TRAILERS:
                    assertTrue(d.inTrailers());
                    return;
                default:
                    fail("unknown result " + r);
            }
        }
    }
}
