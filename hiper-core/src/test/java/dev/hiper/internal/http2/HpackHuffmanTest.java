package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The Huffman code of RFC 7541 section 5.2 and Appendix B. */
class HpackHuffmanTest {

    private static String octets(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] encode(String s) {
        OctetBuffer out = new OctetBuffer();
        HpackHuffman.encode(s, out);
        byte[] b = out.take();
        assertEquals(HpackHuffman.encodedLength(s), b.length, "encodedLength of " + s);
        return b;
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void encodesTheStringsOfRfc7541AppendixC4AndC6() throws HpackException {
        // (string, its Huffman code) pairs from the examples of RFC 7541 Appendix C.4 and C.6.
        String[][] pairs = {
            {"www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"},
            {"no-cache", "a8eb 1064 9cbf"},
            {"custom-key", "25a8 49e9 5ba9 7d7f"},
            {"custom-value", "25a8 49e9 5bb8 e8b4 bf"},
            {"302", "6402"},
            {"private", "aec3 771a 4b"},
            {"Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"},
            {"https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"},
        };
        for (String[] p : pairs) {
            assertArrayEquals(hex(p[1]), encode(p[0]), p[0]);
            byte[] code = hex(p[1]);
            assertEquals(p[0], octets(HpackHuffman.decode(code, 0, code.length)));
        }
    }

    @Test
    void everyOctetRoundTrips() throws HpackException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = octets(all);
        byte[] code = encode(s);
        assertEquals(s, octets(HpackHuffman.decode(code, 0, code.length)));
        // One octet at a time too: each code padded on its own.
        for (int i = 0; i < 256; i++) {
            String one = octets(new byte[] {(byte) i});
            byte[] c = encode(one);
            assertEquals(one, octets(HpackHuffman.decode(c, 0, c.length)), "octet " + i);
        }
    }

    @Test
    void randomStringsRoundTrip() throws HpackException {
        SplittableRandom random = new SplittableRandom(7541);
        for (int n = 0; n < 2000; n++) {
            byte[] b = new byte[random.nextInt(0, 64)];
            for (int i = 0; i < b.length; i++) {
                // Mostly header-like characters, some of any octet.
                b[i] = (byte) (random.nextInt(10) < 8 ? random.nextInt(0x20, 0x7f) : random.nextInt(256));
            }
            String s = octets(b);
            byte[] code = encode(s);
            assertEquals(s, octets(HpackHuffman.decode(code, 0, code.length)));
        }
    }

    @Test
    void emptyStringIsEmpty() throws HpackException {
        assertEquals(0, encode("").length);
        assertEquals(0, HpackHuffman.decode(new byte[0], 0, 0).length);
    }

    @Test
    void rejectsTheEosSymbol() {
        // EOS is 30 ones; four octets of ones hold it and two bits of padding.
        byte[] eos = hex("ffff ffff");
        HpackException e = assertThrows(HpackException.class, () -> HpackHuffman.decode(eos, 0, eos.length));
        assertTrue(e.getMessage().contains("EOS"), e.getMessage());
        assertFalse(e.contextIntact());
        // EOS after a symbol: 'a' (00011) then 30 ones in 35 bits, padded with ones to 40.
        byte[] afterA = hex("1f ff ff ff ff");
        assertThrows(HpackException.class, () -> HpackHuffman.decode(afterA, 0, afterA.length));
    }

    @Test
    void rejectsPaddingLongerThanSevenBits() {
        // 'a' (5 bits) then 11 one-bits of padding: a full octet of ones after the symbol.
        byte[] b = hex("1f ff");
        HpackException e = assertThrows(HpackException.class, () -> HpackHuffman.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains("longer than 7"), e.getMessage());
        byte[] onlyPadding = hex("ff");
        assertThrows(HpackException.class, () -> HpackHuffman.decode(onlyPadding, 0, 1));
    }

    @Test
    void rejectsPaddingThatIsNotOnes() {
        // 'a' is 00011; padding 000 instead of 111.
        byte[] b = {(byte) 0x18};
        HpackException e = assertThrows(HpackException.class, () -> HpackHuffman.decode(b, 0, 1));
        assertTrue(e.getMessage().contains("EOS"), e.getMessage());
        // The same with 111 decodes.
        assertDoesNotThrowDecode(new byte[] {(byte) 0x1f}, "a");
    }

    @Test
    void rejectsACodeCutShortLongerThanAnOctet() {
        // The first 16 bits of the 23-bit code of octet 1: not a symbol, and 16 bits of "padding".
        byte[] b = hex("ffff");
        assertThrows(HpackException.class, () -> HpackHuffman.decode(b, 0, b.length));
    }

    @Test
    void readsOnlyTheGivenRange() throws HpackException {
        byte[] wrapped = hex("00 f1e3 c2e5 f23a 6ba0 ab90 f4ff 00");
        assertEquals("www.example.com", octets(HpackHuffman.decode(wrapped, 1, wrapped.length - 2)));
    }

    private static void assertDoesNotThrowDecode(byte[] code, String expected) {
        try {
            assertEquals(expected, octets(HpackHuffman.decode(code, 0, code.length)));
        } catch (HpackException e) {
            throw new AssertionError(e);
        }
    }
}
