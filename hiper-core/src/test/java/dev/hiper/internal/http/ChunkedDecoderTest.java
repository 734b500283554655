package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunk framing state machine on its own (RFC 9112 section 7.1). */
class ChunkedDecoderTest {

    /** Decoded data, then "|T" if the trailer section was reached, then "|" and what is left unconsumed. */
    private static String decode(String body, int[] cuts) throws HttpParseException {
        byte[] data = body.getBytes(StandardCharsets.ISO_8859_1);
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer buf = ByteBuffer.allocate(data.length + 1).flip();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fed = 0;
        int ci = 0;
        for (;;) {
            ChunkedDecoder.Result r = d.next(buf);
            if (r == ChunkedDecoder.Result.DATA) {
                int n = d.available();
                assertTrue(n > 0 && n <= buf.remaining());
                byte[] chunk = new byte[n];
                buf.get(chunk);
                d.consumed(n);
                out.writeBytes(chunk);
            } else if (r == ChunkedDecoder.Result.TRAILERS) {
                assertTrue(d.inTrailers());
                // A second call stays put and consumes nothing.
                int pos = buf.position();
                assertEquals(ChunkedDecoder.Result.TRAILERS, d.next(buf));
                assertEquals(pos, buf.position());
                String rest = new String(buf.array(), buf.position(), buf.remaining(), StandardCharsets.ISO_8859_1)
                        + new String(data, fed, data.length - fed, StandardCharsets.ISO_8859_1);
                return out.toString(StandardCharsets.ISO_8859_1) + "|T|" + rest;
            } else {
                assertEquals(0, buf.remaining(), "NEED_MORE must consume the whole buffer");
                if (fed == data.length) {
                    return out.toString(StandardCharsets.ISO_8859_1) + "|";
                }
                int cut = ci < cuts.length ? cuts[ci++] : data.length;
                buf.compact().put(data, fed, cut - fed).flip();
                fed = cut;
            }
        }
    }

    private static void assertAllSplits(String expected, String body) throws HttpParseException {
        int len = body.length();
        assertEquals(expected, decode(body, new int[0]));
        for (int k = 0; k <= len; k++) {
            assertEquals(expected, decode(body, new int[] {k}), "split at " + k);
        }
        int[] bytewise = new int[len];
        for (int i = 0; i < len; i++) {
            bytewise[i] = i + 1;
        }
        assertEquals(expected, decode(body, bytewise), "byte at a time");
    }

    private static HttpParseException fails(String body) {
        return assertThrows(HttpParseException.class, () -> decode(body, new int[0]));
    }

    @Test
    void decodesChunksWithExtensionsAtEverySplit() throws HttpParseException {
        assertAllSplits("hello world|T|X-T: 1\r\n\r\n",
                "5;name=\"va;l\"\r\nhello\r\n6 ; ext\r\n world\r\n0;last\r\nX-T: 1\r\n\r\n");
    }

    @Test
    void acceptsBareLfAndUpperCaseHex() throws HttpParseException {
        assertAllSplits("0123456789|T|", "A\n0123456789\n0\n");
    }

    @Test
    void leadingZerosAreNotSignificant() throws HttpParseException {
        assertAllSplits("abc|T|", "000000000000000000000003\r\nabc\r\n00\r\n");
    }

    @Test
    void incompleteBodyNeedsMore() throws HttpParseException {
        assertEquals("hel|", decode("5\r\nhel", new int[0]));
        assertEquals("hello|", decode("5\r\nhello\r", new int[0]));
    }

    @Test
    void partialConsumptionReturnsTheRestAgain() throws HttpParseException {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer in = ByteBuffer.wrap("4\r\nabcd\r\n0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ChunkedDecoder.Result.DATA, d.next(in));
        assertEquals(4, d.available());
        assertEquals(3, in.position());
        in.position(in.position() + 1);
        d.consumed(1);
        assertEquals(3, d.chunkRemaining());
        assertEquals(ChunkedDecoder.Result.DATA, d.next(in));
        assertEquals(3, d.available());
        assertEquals(4, in.position());
        in.position(in.position() + 3);
        d.consumed(3);
        assertEquals(0, d.chunkRemaining());
        assertEquals(ChunkedDecoder.Result.TRAILERS, d.next(in));
        assertEquals(in.limit(), in.position());
        assertThrows(IllegalStateException.class, () -> d.consumed(1));
    }

    @Test
    void hugeChunkSizeIsCountedNotAllocated() throws HttpParseException {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer in = ByteBuffer.wrap("7fffffffffffffff\r\nxyz".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ChunkedDecoder.Result.DATA, d.next(in));
        assertEquals(3, d.available());
        assertEquals(Long.MAX_VALUE, d.chunkRemaining());
    }

    @Test
    void rejectsNonHexSize() {
        HttpParseException e = fails("zz\r\n");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertTrue(e.getMessage().contains("hexadecimal"), e.getMessage());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("\r\n").code());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails(";ext\r\n").code());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("5g\r\n").code());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("5 g\r\n").code());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("-5\r\n").code());
    }

    @Test
    void rejectsSeventeenSignificantDigits() {
        HttpParseException e = fails("10000000000000000\r\n");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertTrue(e.getMessage().contains("longer than 16"), e.getMessage());
    }

    @Test
    void rejectsSizeOverflowingSignedLong() {
        HttpParseException e = fails("8000000000000000\r\n");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void rejectsMissingLineEndAfterData() {
        HttpParseException e = fails("3\r\nabcX\r\n0\r\n\r\n");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertEquals("Malformed encoding found in chunked-encoding", e.getMessage());
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("3\r\nabc\rX").code());
    }

    @Test
    void rejectsCrWithoutLfInSizeLine() {
        assertEquals(CurlCode.CURLE_RECV_ERROR, fails("3\rabc").code());
    }

    @Test
    void rejectsEndlessSizeLine() throws HttpParseException {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer ext = ByteBuffer.wrap("1;".getBytes(StandardCharsets.ISO_8859_1));
        assertDoesNotThrowNeedMore(d, ext);
        byte[] filler = new byte[4096];
        java.util.Arrays.fill(filler, (byte) 'x');
        long fed = 2;
        HttpParseException e = null;
        while (fed < 10L * 1024 * 1024) {
            try {
                d.next(ByteBuffer.wrap(filler));
            } catch (HttpParseException ex) {
                e = ex;
                break;
            }
            fed += filler.length;
        }
        assertTrue(e != null, "no error after " + fed + " bytes");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertTrue(fed <= ChunkedDecoder.MAX_SIZE_LINE + filler.length, "failed late: " + fed);
    }

    private static void assertDoesNotThrowNeedMore(ChunkedDecoder d, ByteBuffer in) throws HttpParseException {
        assertEquals(ChunkedDecoder.Result.NEED_MORE, d.next(in));
        assertFalse(in.hasRemaining());
    }

    @Test
    void resetStartsOver() throws HttpParseException {
        ChunkedDecoder d = new ChunkedDecoder();
        assertEquals(ChunkedDecoder.Result.DATA, d.next(ByteBuffer.wrap("5\r\nab".getBytes(StandardCharsets.ISO_8859_1))));
        d.reset();
        ByteBuffer in = ByteBuffer.wrap("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ChunkedDecoder.Result.TRAILERS, d.next(in));
    }
}
