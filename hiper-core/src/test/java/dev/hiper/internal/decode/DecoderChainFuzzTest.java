package dev.hiper.internal.decode;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link DecoderChain}. The first input byte picks the codings (one or two of gzip,
 * deflate, identity, zstd and br) and how many encoded bytes arrive at a time; the rest is the body.
 * Every input must decode, or fail with a {@link DecodeException} that names 61 or 23; each
 * piece of output fits one buffer, no call loops, and the output read stops at 4 MiB (a bomb
 * decodes in the same fixed buffers whatever its size).
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/decode/DecoderChainFuzzTestInputs/decode}.
 */
class DecoderChainFuzzTest {
    private static final String[] CODINGS = {"gzip", "deflate", "identity", "zstd", "br", "gzip", "deflate", "br"};
    private static final long OUTPUT_CAP = 4 << 20;

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int sel = input[0] & 0xff;
        String list = CODINGS[sel & 7] + ((sel & 8) != 0 ? ", " + CODINGS[(sel >>> 4) & 7] : "");
        int piece = 1 + (sel >>> 7) * 111;
        DecoderChain chain = new DecoderChain();
        assertNull(chain.addContent(list));
        ByteBuffer raw = ByteBuffer.wrap(input, 1, input.length - 1).slice();
        long out = 0;
        long steps = 0;
        boolean ended = false;
        try {
            while (out < OUTPUT_CAP) {
                assertTrue(++steps <= 4L * input.length + OUTPUT_CAP / 1024 + 64, "no progress after " + steps);
                ByteBuffer o = chain.produce();
                if (o.hasRemaining()) {
                    assertTrue(o.remaining() <= DecoderChain.BUFFER, "a piece larger than a buffer");
                    out += o.remaining();
                    o.position(o.limit());
                    continue;
                }
                if (!raw.hasRemaining()) {
                    if (!ended) {
                        chain.endOfInput();
                        ended = true;
                        continue;
                    }
                    chain.finish();
                    return;
                }
                ByteBuffer slice = raw.duplicate().limit(Math.min(raw.limit(), raw.position() + piece));
                int n = chain.feed(slice);
                assertTrue(n > 0 || !chain.active(), "fed nothing with input left");
                if (n == 0) {
                    return; // identity alone: nothing to decode
                }
                raw.position(raw.position() + n);
            }
        } catch (DecodeException e) {
            String code = e.code().name();
            assertTrue(code.equals("CURLE_BAD_CONTENT_ENCODING") || code.equals("CURLE_WRITE_ERROR"), code);
            assertNotNull(e.getMessage());
        } finally {
            chain.reset();
        }
    }
}
