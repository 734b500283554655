package dev.hiper.internal.decode;

import static dev.hiper.internal.decode.DecoderChainTest.TEXT;
import static dev.hiper.internal.decode.DecoderChainTest.content;
import static dev.hiper.internal.decode.DecoderChainTest.gzip;
import static dev.hiper.internal.decode.DecoderChainTest.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.testkit.BrotliCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The br coding over {@code org.brotli:dec}: streams made by the brotli command (Debian's
 * {@code brotli}, installed by bin/setup) decoded at every split, windows from 1 KiB to 16 MiB,
 * bodies larger than the input queue, broken and truncated streams (61), bytes after the end
 * (23), and a bomb of 1 GiB of zeros decoded with the queue and every piece bounded.
 */
@Timeout(120)
class BrotliDecoderTest {
    static byte[] brotli(byte[] data, String... args) throws IOException, InterruptedException {
        return BrotliCommand.compress(data, args);
    }

    /** Feeds {@code encoded[0, cut)} then the rest, each when the chain asks; returns the output. */
    static byte[] split(DecoderChain chain, byte[] encoded, int cut) throws DecodeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer[] parts = {ByteBuffer.wrap(encoded, 0, cut), ByteBuffer.wrap(encoded, cut, encoded.length - cut)};
        int part = 0;
        boolean ended = false;
        for (int rounds = 0; rounds < 1_000_000; rounds++) {
            ByteBuffer o = chain.produce();
            if (o.hasRemaining()) {
                out.write(o.array(), o.arrayOffset() + o.position(), o.remaining());
                o.position(o.limit());
                continue;
            }
            while (part < 2 && !parts[part].hasRemaining()) {
                part++;
            }
            if (part == 2) {
                if (ended) {
                    chain.finish();
                    return out.toByteArray();
                }
                chain.endOfInput();
                ended = true;
                continue;
            }
            ByteBuffer p = parts[part];
            p.position(p.position() + chain.feed(p));
        }
        throw new AssertionError("no end");
    }

    @Test
    void offeredInLibcurlsOrder() {
        assertTrue(OptionalCodecs.BROTLI, "org.brotli:dec is on the test class path");
        assertEquals("deflate, gzip, br, zstd", DecoderChain.acceptable());
    }

    @Test
    void everySplitOfRealStreams() throws Exception {
        for (String[] args : new String[][] {{"-q", "11"}, {"-q", "1", "-w", "10"}, {"-q", "5", "-w", "24"}}) {
            byte[] br = brotli(TEXT, args);
            for (int cut = 0; cut <= br.length; cut++) {
                assertArrayEquals(TEXT, split(content("br"), br, cut), Arrays.toString(args) + " cut at " + cut);
            }
        }
        byte[] empty = brotli(new byte[0]);
        for (int cut = 0; cut <= empty.length; cut++) {
            assertArrayEquals(new byte[0], split(content("br"), empty, cut), "an empty stream, cut at " + cut);
        }
    }

    @Test
    void bodiesLargerThanTheQueueInAnyPieces() throws Exception {
        // 1 MiB that does not compress, in a 64 KiB window: the queue (window + 64 KiB) fills
        // many times, and each time the decoder has enough for its next ring buffer
        byte[] noise = new byte[1 << 20];
        new Random(5).nextBytes(noise);
        byte[] br = brotli(noise, "-q", "6", "-w", "16");
        assertTrue(br.length > (1 << 16) + BrotliDecoder.SLACK, "larger than the queue: " + br.length);
        for (int piece : new int[] {1, 7, 4096, 65_536, br.length}) {
            assertArrayEquals(noise, run(content("br"), br, piece), "pieces of " + piece);
        }
        byte[] text = new byte[3 << 20];
        Random r = new Random(9);
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + r.nextInt(12));
        }
        assertArrayEquals(text, run(content("br"), brotli(text, "-q", "4", "-w", "18"), 1000), "text, 256 KiB window");
        assertArrayEquals(TEXT, run(content("gzip, br"), brotli(gzip(TEXT)), 33), "stacked: gzip, then br");
        assertArrayEquals(TEXT, run(content("br, gzip"), gzip(brotli(TEXT)), 33), "stacked: br, then gzip");
    }

    @Test
    void windowFromTheFirstByte() {
        assertEquals(1 << 16, BrotliDecoder.window((byte) 0x00));
        assertEquals(1 << 24, BrotliDecoder.window((byte) 0x0f)); // n = 7
        assertEquals(1 << 18, BrotliDecoder.window((byte) 0x03)); // n = 1
        assertEquals(1 << 17, BrotliDecoder.window((byte) 0x01)); // n = 0, m = 0
        assertEquals(1 << 10, BrotliDecoder.window((byte) 0x21)); // n = 0, m = 2
    }

    @Test
    void truncatedCorruptAndTrailingStreams() throws Exception {
        byte[] br = brotli(TEXT, "-q", "11");
        for (int cut = 1; cut < br.length; cut++) {
            byte[] truncated = Arrays.copyOf(br, cut);
            DecodeException e = assertThrows(DecodeException.class, () -> split(content("br"), truncated, 1),
                    "cut at " + truncated.length);
            assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
            assertTrue(e.getMessage().startsWith("Error while processing content unencoding: "), e.getMessage());
        }
        DecodeException e = assertThrows(DecodeException.class,
                () -> run(content("br"), "plain text, not brotli at all".getBytes(), 5));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        byte[] bad = br.clone();
        for (int i = 2; i < bad.length - 1; i++) {
            bad[i] ^= 0x5a;
        }
        e = assertThrows(DecodeException.class, () -> run(content("br"), bad, 10));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        assertTrue(e.getMessage().startsWith("Error while processing content unencoding: brotli: "), e.getMessage());

        // a stream followed by more bytes than the decoder reads ahead
        byte[] trailing = Arrays.copyOf(br, br.length + 10_000);
        e = assertThrows(DecodeException.class, () -> run(content("br"), trailing, 3000));
        assertEquals(CurlCode.CURLE_WRITE_ERROR, e.code());
        assertEquals("Failed writing received data to disk/application: data after the end of the brotli stream",
                e.getMessage());
    }

    /** A stream of {@code blocks} metadata blocks of 16 KiB each (RFC 7932 section 9.2), then its end. */
    static byte[] metadataOnly(int blocks) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BitWriter w = new BitWriter(b);
        w.bits(0, 1); // WBITS = 16
        for (int i = 0; i < blocks; i++) {
            w.bits(0, 1); // ISLAST = 0
            w.bits(3, 2); // MNIBBLES = 0: a metadata block
            w.bits(0, 1); // reserved
            w.bits(2, 2); // MSKIPBYTES = 2
            w.bits(16383, 16); // MSKIPLEN - 1
            w.align();
            w.bytes(new byte[16384]);
        }
        w.bits(1, 1); // ISLAST
        w.bits(1, 1); // ISLASTEMPTY
        w.align();
        return b.toByteArray();
    }

    @Test
    void streamNeedingMoreInputThanTheQueueFailsRatherThanMisreads() throws Exception {
        // metadata carries no output: 40 blocks of 16 KiB need more input than a 64 KiB window's queue holds
        byte[] stream = metadataOnly(40);
        DecodeException e = assertThrows(DecodeException.class, () -> run(content("br"), stream, 5000));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        assertEquals("Error while processing content unencoding: the brotli stream needs more than "
                + ((1 << 16) + BrotliDecoder.SLACK) + " bytes of input before its next output", e.getMessage());
        // fewer of them fit the queue: a valid, empty body
        assertArrayEquals(new byte[0], run(content("br"), metadataOnly(3), 5000));
    }

    @Test
    void bombOfOneGibibyteDecodesWithBoundedQueueAndPieces() throws Exception {
        byte[] bomb = BrotliCommand.zerosGibibyte();
        assertTrue(bomb.length < 1000, "compressed to " + bomb.length);
        BrotliDecoder d = new BrotliDecoder();
        ByteBuffer in = ByteBuffer.wrap(bomb);
        ByteBuffer out = ByteBuffer.allocate(DecoderChain.BUFFER);
        long total = 0;
        d.decode(in, out);
        assertEquals(0, out.position(), "nothing before the body's end: the whole body fits the queue");
        assertFalse(in.hasRemaining(), "every byte queued");
        d.endOfInput();
        for (int rounds = 0; rounds < 1_000_000 && !d.finished(); rounds++) {
            out.clear();
            d.decode(in, out);
            out.flip();
            assertTrue(out.remaining() <= DecoderChain.BUFFER);
            for (int i = 0; i < out.limit(); i += 4093) {
                assertEquals(0, out.get(i));
            }
            total += out.remaining();
        }
        assertTrue(d.finished());
        assertEquals(1L << 30, total);
    }

    /** Bits in brotli's order (least significant first). */
    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private int acc;
        private int n;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                acc |= ((value >>> i) & 1) << n;
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
        }

        void align() {
            if (n > 0) {
                out.write(acc);
                acc = 0;
                n = 0;
            }
        }

        void bytes(byte[] b) {
            out.write(b, 0, b.length);
        }
    }
}
