package dev.hiper.internal.decode;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The decoder chain on byte arrays: each coding fed in every split, stacked codings, libcurl's
 * limits and messages, broken streams, and a bomb that decodes in fixed buffers.
 */
class DecoderChainTest {
    static final byte[] TEXT = ("The quick brown fox jumps over the lazy dog. ".repeat(40))
            .getBytes(StandardCharsets.US_ASCII);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(b, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(data);
        }
        return b.toByteArray();
    }

    /** Feeds {@code encoded} in pieces of {@code piece} bytes; returns what came out. */
    static byte[] run(DecoderChain chain, byte[] encoded, int piece) throws DecodeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer raw = ByteBuffer.wrap(encoded);
        boolean ended = false;
        for (int rounds = 0; rounds < 10_000_000; rounds++) {
            ByteBuffer o = chain.produce();
            if (o.hasRemaining()) {
                assertTrue(o.remaining() <= DecoderChain.BUFFER);
                out.write(o.array(), o.arrayOffset() + o.position(), o.remaining());
                o.position(o.limit());
                continue;
            }
            if (!raw.hasRemaining()) {
                if (!ended) {
                    chain.endOfInput(); // what a stage held back comes out now
                    ended = true;
                    continue;
                }
                chain.finish();
                return out.toByteArray();
            }
            ByteBuffer slice = raw.duplicate().limit(Math.min(raw.limit(), raw.position() + piece));
            int n = chain.feed(slice);
            raw.position(raw.position() + n);
        }
        throw new AssertionError("no end");
    }

    static DecoderChain content(String list) {
        DecoderChain c = new DecoderChain();
        assertNull(c.addContent(list));
        return c;
    }

    @Test
    void gzipInEverySplit() throws Exception {
        byte[] z = gzip(TEXT);
        for (int piece = 1; piece <= z.length; piece += piece < 20 ? 1 : 37) {
            assertArrayEquals(TEXT, run(content("gzip"), z, piece), "pieces of " + piece);
        }
        assertArrayEquals(TEXT, run(content("x-gzip"), z, 1 << 20));
    }

    @Test
    void deflateWithAndWithoutTheZlibWrapper() throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            byte[] z = deflate(TEXT, raw);
            for (int piece : new int[] {1, 2, 3, 7, 100, z.length}) {
                assertArrayEquals(TEXT, run(content("deflate"), z, piece), "raw " + raw + ", pieces of " + piece);
            }
        }
    }

    @Test
    void rawDeflateToleratesFourTrailingBytes() throws Exception {
        byte[] z = deflate(TEXT, true);
        byte[] four = Arrays.copyOf(z, z.length + 4);
        assertArrayEquals(TEXT, run(content("deflate"), four, 3));
        byte[] five = Arrays.copyOf(z, z.length + 5);
        DecodeException e = assertThrows(DecodeException.class, () -> run(content("deflate"), five, 1000));
        assertEquals(CurlCode.CURLE_WRITE_ERROR, e.code());
    }

    @Test
    void gzipHeaderWithEveryOptionalField() throws Exception {
        byte[] plain = gzip(TEXT);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        b.write(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA
        b.write("name.txt\0".getBytes(StandardCharsets.US_ASCII)); // FNAME
        b.write("a comment\0".getBytes(StandardCharsets.US_ASCII)); // FCOMMENT
        b.write(new byte[] {0x12, 0x34}); // FHCRC (not checked)
        b.write(plain, 10, plain.length - 10);
        byte[] z = b.toByteArray();
        for (int piece = 1; piece < 40; piece++) {
            assertArrayEquals(TEXT, run(content("gzip"), z, piece), "pieces of " + piece);
        }
    }

    @Test
    void stackedCodingsAreUndoneFromTheLastListed() throws Exception {
        // "gzip, deflate": gzip was applied first, so deflate comes off first
        byte[] z = deflate(gzip(TEXT), false);
        assertArrayEquals(TEXT, run(content("gzip, deflate"), z, 5));
        DecoderChain two = new DecoderChain();
        assertNull(two.addContent("gzip"));
        assertNull(two.addContent("identity , deflate"));
        assertArrayEquals(TEXT, run(two, z, 64));
        // transfer codings come off before content codings
        DecoderChain mixed = new DecoderChain();
        assertNull(mixed.addContent("deflate"));
        assertNull(mixed.addTransfer("gzip, chunked", true));
        assertArrayEquals(TEXT, run(mixed, gzip(deflate(TEXT, true)), 11));
    }

    @Test
    void identityAloneLeavesTheBodyAsItIs() {
        DecoderChain c = new DecoderChain();
        assertNull(c.addContent("identity"));
        assertFalse(c.active());
        assertNull(c.addTransfer("identity, chunked", false));
        assertFalse(c.active());
    }

    @Test
    void libcurlsLimitOfFiveCodingsPerPhase() throws Exception {
        DecoderChain c = new DecoderChain();
        assertNull(c.addContent("gzip, gzip, gzip, gzip, gzip"));
        assertArrayEquals(TEXT, run(c, gzip(gzip(gzip(gzip(gzip(TEXT))))), 50));
        DecoderChain six = new DecoderChain();
        assertNull(six.addContent("gzip,gzip,gzip"));
        assertEquals("Reject response exceeding limit of 5 content encodings", six.addContent("identity,gzip,gzip"));
        DecoderChain te = new DecoderChain();
        for (int i = 0; i < 5; i++) {
            assertNull(te.addTransfer("gzip", true));
        }
        assertEquals("Reject response exceeding limit of 5 transfer encodings", te.addTransfer("gzip", true));
    }

    @Test
    void transferCodingsNotAskedFor() {
        assertEquals("Unsolicited Transfer-Encoding (gzip) found", new DecoderChain().addTransfer("gzip", false));
        assertEquals("A Transfer-Encoding (gzip) was listed after chunked",
                new DecoderChain().addTransfer("chunked, gzip", false));
        assertNull(new DecoderChain().addTransfer("chunked", false));
    }

    @Test
    void unknownCodingFailsAtTheFirstBodyByteOnly() throws Exception {
        DecoderChain c = content("br, compress");
        assertTrue(c.active());
        c.finish(); // no body: nothing to complain about
        DecodeException e = assertThrows(DecodeException.class, () -> c.feed(ByteBuffer.wrap(new byte[] {1})));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        assertEquals("Unrecognized content encoding type", e.getMessage());
    }

    @Test
    void corruptTruncatedAndTrailingStreams() throws Exception {
        byte[] z = gzip(TEXT);
        byte[] badMagic = z.clone();
        badMagic[1] = 0;
        DecodeException e = assertThrows(DecodeException.class, () -> run(content("gzip"), badMagic, 100));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        assertEquals("Error while processing content unencoding: incorrect header check", e.getMessage());

        byte[] badBlock = z.clone();
        badBlock[10] = (byte) 0xff; // block type 3 does not exist
        e = assertThrows(DecodeException.class, () -> run(content("gzip"), badBlock, 100));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        assertTrue(e.getMessage().startsWith("Error while processing content unencoding: "), e.getMessage());

        byte[] badCrc = z.clone();
        badCrc[z.length - 8] ^= 1;
        e = assertThrows(DecodeException.class, () -> run(content("gzip"), badCrc, 100));
        assertEquals("Error while processing content unencoding: incorrect data check", e.getMessage());

        for (int cut : new int[] {5, 20, z.length - 4}) {
            byte[] truncated = Arrays.copyOf(z, cut);
            e = assertThrows(DecodeException.class, () -> run(content("gzip"), truncated, 7), "cut at " + cut);
            assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        }

        byte[] twoMembers = new byte[z.length * 2];
        System.arraycopy(z, 0, twoMembers, 0, z.length);
        System.arraycopy(z, 0, twoMembers, z.length, z.length);
        e = assertThrows(DecodeException.class, () -> run(content("gzip"), twoMembers, 4096));
        assertEquals(CurlCode.CURLE_WRITE_ERROR, e.code());
        assertEquals("Multi-member gzip response not supported", e.getMessage());
    }

    @Test
    void bombDecodesInFixedBuffers() throws Exception {
        // 64 MiB of zeros, about 64 KiB compressed: the chain never holds more than its buffers
        long size = 64L << 20;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            byte[] zeros = new byte[1 << 16];
            for (long left = size; left > 0; left -= zeros.length) {
                z.write(zeros);
            }
        }
        byte[] bomb = b.toByteArray();
        assertTrue(bomb.length < size / 500, "compressed to " + bomb.length);
        DecoderChain chain = content("gzip");
        ByteBuffer raw = ByteBuffer.wrap(bomb);
        long out = 0;
        int biggest = 0;
        for (int rounds = 0; rounds < 100_000; rounds++) {
            ByteBuffer o = chain.produce();
            if (o.hasRemaining()) {
                biggest = Math.max(biggest, o.remaining());
                for (int i = o.position(); i < o.limit(); i++) {
                    assertEquals(0, o.get(i));
                }
                out += o.remaining();
                o.position(o.limit());
                continue;
            }
            if (!raw.hasRemaining()) {
                break;
            }
            raw.position(raw.position() + chain.feed(raw));
        }
        chain.finish();
        assertEquals(size, out);
        assertTrue(biggest <= DecoderChain.BUFFER, "pieces of at most one buffer: " + biggest);
    }

    static byte[] zstd(byte[] data) {
        io.airlift.compress.zstd.ZstdCompressor c = new io.airlift.compress.zstd.ZstdCompressor();
        byte[] out = new byte[c.maxCompressedLength(data.length)];
        int n = c.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @Test
    void zstdFromTheOptionalLibrary() throws Exception {
        assertTrue(OptionalCodecs.ZSTD, "aircompressor is on the test class path");
        assertEquals("deflate, gzip, br, zstd", DecoderChain.acceptable());
        byte[] z = zstd(TEXT);
        for (int piece : new int[] {1, 2, 5, 64, z.length}) {
            assertArrayEquals(TEXT, run(content("zstd"), z, piece), "pieces of " + piece);
        }
        byte[] twoFrames = new byte[z.length * 2];
        System.arraycopy(z, 0, twoFrames, 0, z.length);
        System.arraycopy(z, 0, twoFrames, z.length, z.length);
        byte[] twice = new byte[TEXT.length * 2];
        System.arraycopy(TEXT, 0, twice, 0, TEXT.length);
        System.arraycopy(TEXT, 0, twice, TEXT.length, TEXT.length);
        assertArrayEquals(twice, run(content("zstd"), twoFrames, 100), "frames one after the other");
        assertArrayEquals(TEXT, run(content("gzip, zstd"), zstd(gzip(TEXT)), 33), "stacked with gzip");
        byte[] big = new byte[3 << 20];
        assertArrayEquals(big, run(content("zstd"), zstd(big), 1000), "a body of many blocks");
        DecodeException e = assertThrows(DecodeException.class,
                () -> run(content("zstd"), Arrays.copyOf(z, z.length - 3), 10));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
        byte[] bad = z.clone();
        bad[0] ^= 0x55;
        e = assertThrows(DecodeException.class, () -> run(content("zstd"), bad, 10));
        assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, e.code());
    }

    @Test
    void namesSplitLikeLibcurl() {
        assertEquals(List.of("gzip", "br"), DecoderChain.names(" gzip ,, br,"));
        assertEquals(List.of("a b"), DecoderChain.names("\ta b\t"));
        assertEquals(List.of(), DecoderChain.names(" , "));
    }
}
