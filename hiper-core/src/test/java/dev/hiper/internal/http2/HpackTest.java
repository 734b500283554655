package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The HPACK decoder and encoder on the examples of RFC 7541 Appendix C and on malformed blocks. */
class HpackTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static List<HeaderField> decode(HpackDecoder d, String block) throws HpackException {
        byte[] b = hex(block);
        return d.decode(b, 0, b.length);
    }

    private static HpackException malformed(HpackDecoder d, String block) {
        HpackException e = assertThrows(HpackException.class, () -> decode(d, block));
        assertFalse(e.contextIntact(), e.getMessage());
        return e;
    }

    private static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }

    private static final List<HeaderField> REQUEST_1 = List.of(f(":method", "GET"), f(":scheme", "http"),
            f(":path", "/"), f(":authority", "www.example.com"));
    private static final List<HeaderField> REQUEST_2 = List.of(f(":method", "GET"), f(":scheme", "http"),
            f(":path", "/"), f(":authority", "www.example.com"), f("cache-control", "no-cache"));
    private static final List<HeaderField> REQUEST_3 = List.of(f(":method", "GET"), f(":scheme", "https"),
            f(":path", "/index.html"), f(":authority", "www.example.com"), f("custom-key", "custom-value"));

    @Test
    void integersOfAppendixC1() {
        OctetBuffer out = new OctetBuffer();
        HpackEncoder.writeInteger(out, 0, 5, 10);
        HpackEncoder.writeInteger(out, 0, 5, 1337);
        HpackEncoder.writeInteger(out, 0, 8, 42);
        assertArrayEquals(hex("0a 1f9a0a 2a"), out.take());
    }

    @Test
    void requestsWithoutHuffmanOfAppendixC3() throws HpackException {
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        assertEquals(REQUEST_1, decode(d, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        assertEquals(57, d.tableSize());
        assertEquals(REQUEST_2, decode(d, "8286 84be 5808 6e6f 2d63 6163 6865"));
        assertEquals(110, d.tableSize());
        assertEquals(REQUEST_3,
                decode(d, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
        assertEquals(164, d.tableSize());
    }

    /** The encoder's choices give the very bytes of Appendix C.4, and the decoder reads them. */
    @Test
    void requestsWithHuffmanOfAppendixC4BothWays() throws HpackException {
        String[] blocks = {
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
        };
        List<List<HeaderField>> lists = List.of(REQUEST_1, REQUEST_2, REQUEST_3);
        HpackEncoder e = new HpackEncoder(4096);
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        OctetBuffer out = new OctetBuffer();
        for (int i = 0; i < 3; i++) {
            e.encode(lists.get(i), out);
            assertArrayEquals(hex(blocks[i]), out.take(), "block " + i);
            assertEquals(lists.get(i), decode(d, blocks[i]));
        }
        assertEquals(164, d.tableSize());
    }

    /** Appendix C.5: a 256-octet table, so entries are evicted as responses go by. */
    @Test
    void responsesWithEvictionOfAppendixC5() throws HpackException {
        HpackDecoder d = new HpackDecoder(256, NO_LIMIT);
        List<HeaderField> r1 = decode(d, "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420"
                + "3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                + "6c65 2e63 6f6d");
        assertEquals(List.of(f(":status", "302"), f("cache-control", "private"),
                f("date", "Mon, 21 Oct 2013 20:13:21 GMT"), f("location", "https://www.example.com")), r1);
        assertEquals(222, d.tableSize());
        List<HeaderField> r2 = decode(d, "4803 3330 37c1 c0bf");
        assertEquals(f(":status", "307"), r2.get(0));
        assertEquals(r1.subList(1, 4), r2.subList(1, 4));
        assertEquals(222, d.tableSize());
        List<HeaderField> r3 = decode(d, "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                + "3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
        assertEquals(List.of(f(":status", "200"), f("cache-control", "private"),
                f("date", "Mon, 21 Oct 2013 20:13:22 GMT"), f("location", "https://www.example.com"),
                f("content-encoding", "gzip"),
                f("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")), r3);
        assertEquals(215, d.tableSize());
    }

    @Test
    void aLiteralSeenLatelyIsTheSameFieldWhereItsOctetsAlwaysMeanIt() throws HpackException {
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        // server: nginx, without indexing, the name from the static table (54), twice
        HeaderField first = decode(d, "0f27 056e67696e78").get(0);
        assertEquals(f("server", "nginx"), first);
        assertSame(first, decode(d, "0f27 056e67696e78").get(0), "the same octets give the field already made");
        assertEquals(f("server", "nginx!"), decode(d, "0f27 066e67696e7821").get(0), "other octets, another field");
        // never indexed: decoded each time, not kept
        HeaderField secret = decode(d, "1f27 056e67696e78").get(0);
        assertEquals(f("server", "nginx"), secret);
        assertNotSame(secret, decode(d, "1f27 056e67696e78").get(0));
        // a name from the dynamic table (62) means what the table holds when the block comes
        decode(d, "4003 782d61 0131"); // x-a: 1 goes in as entry 62
        assertEquals(f("x-a", "v"), decode(d, "0f2f 0176").get(0));
        decode(d, "4003 782d62 0132"); // x-b: 2 is entry 62 now
        assertEquals(f("x-b", "v"), decode(d, "0f2f 0176").get(0), "the same octets, another name");
    }

    @Test
    void rejectsBadIndexes() {
        malformed(new HpackDecoder(4096, NO_LIMIT), "80"); // index 0 (section 6.1)
        malformed(new HpackDecoder(4096, NO_LIMIT), "be"); // 62 with an empty dynamic table
        malformed(new HpackDecoder(4096, NO_LIMIT), "7e 01 61"); // literal with a name index of 62
    }

    @Test
    void rejectsTruncatedAndOversizedPieces() {
        malformed(new HpackDecoder(4096, NO_LIMIT), "40"); // a literal that ends before its name
        malformed(new HpackDecoder(4096, NO_LIMIT), "40 05 61"); // a name of 5 octets with 1 left
        malformed(new HpackDecoder(4096, NO_LIMIT), "ff"); // an integer that ends in its prefix
        malformed(new HpackDecoder(4096, NO_LIMIT), "ff 80"); // ... and in its continuation
        HpackException e = malformed(new HpackDecoder(4096, NO_LIMIT), "ff ff ff ff ff 0f"); // 2^31 and more
        assertTrue(e.getMessage().contains("2^31"), e.getMessage());
        malformed(new HpackDecoder(4096, NO_LIMIT), "ff 80 80 80 80 80 00"); // too many continuation octets
        malformed(new HpackDecoder(4096, NO_LIMIT), "40 81 ff 00"); // Huffman name of one octet of padding
    }

    @Test
    void tableSizeUpdatesComeFirstAndWithinTheLimit() throws HpackException {
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        HpackException late = malformed(d, "82 20");
        assertTrue(late.getMessage().contains("after a field"), late.getMessage());
        d = new HpackDecoder(4096, NO_LIMIT);
        malformed(d, "3f e2 1f"); // 4,097 > 4,096
        d = new HpackDecoder(4096, NO_LIMIT);
        assertEquals(List.of(f(":method", "GET")), decode(d, "20 3f e1 1f 82")); // 0 then 4,096, then a field
        assertEquals(4096, d.tableMaxSize());
        assertEquals(List.of(), decode(d, "3f 45")); // a block of a size update alone
        assertEquals(100, d.tableMaxSize());
    }

    @Test
    void aLowerLimitRequiresAnUpdateAtTheStartOfTheNextBlock() throws HpackException {
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        decode(d, "4100"); // :authority "" into the table
        d.setTableSizeLimit(100);
        malformed(d, "82");
        d = new HpackDecoder(4096, NO_LIMIT);
        d.setTableSizeLimit(100);
        assertEquals(List.of(f(":method", "GET")), decode(d, "3f 45 82"));
        assertEquals(List.of(f(":method", "GET")), decode(d, "82")); // once is enough

        // Lowered to 100, then raised to 2,000: the block must signal 100 or less before 2,000.
        d = new HpackDecoder(4096, NO_LIMIT);
        d.setTableSizeLimit(100);
        d.setTableSizeLimit(2000);
        malformed(d, "3f b1 0f 82");
        d = new HpackDecoder(4096, NO_LIMIT);
        d.setTableSizeLimit(100);
        d.setTableSizeLimit(2000);
        assertEquals(List.of(f(":method", "GET")), decode(d, "20 3f b1 0f 82"));
        assertEquals(2000, d.tableMaxSize());

        // A higher limit needs no update: the encoder may keep the smaller table.
        d = new HpackDecoder(4096, NO_LIMIT);
        d.setTableSizeLimit(8192);
        assertEquals(List.of(f(":method", "GET")), decode(d, "82"));
    }

    /** Over the list limit the block is still decoded to its end, so the next blocks decode right. */
    @Test
    void aListOverTheLimitFailsButKeepsTheContext() throws HpackException {
        String big = "x".repeat(100);
        HpackEncoder e = new HpackEncoder(4096);
        OctetBuffer out = new OctetBuffer();
        e.encode(List.of(f(":method", "GET"), f("x-big", big), f("x-after", "1")), out);
        byte[] first = out.take();
        e.encode(List.of(f("x-after", "1"), f(":status", "200")), out);
        byte[] second = out.take();

        HpackDecoder d = new HpackDecoder(4096, 120);
        HpackException tooLarge = assertThrows(HpackException.class, () -> d.decode(first, 0, first.length));
        assertTrue(tooLarge.contextIntact());
        assertTrue(tooLarge.getMessage().contains("120"), tooLarge.getMessage());
        // Both literals went into the table although the list was refused.
        assertEquals(f("x-big", big).size() + f("x-after", "1").size(), d.tableSize());
        assertEquals(List.of(f("x-after", "1"), f(":status", "200")), d.decode(second, 0, second.length));
        // Exactly at the limit is allowed: name, value and 32 per field.
        HpackDecoder exact = new HpackDecoder(4096, f(":method", "GET").size());
        assertEquals(List.of(f(":method", "GET")), decode(exact, "82"));
        HpackDecoder under = new HpackDecoder(4096, f(":method", "GET").size() - 1);
        assertTrue(assertThrows(HpackException.class, () -> decode(under, "82")).contextIntact());
    }

    @Test
    void credentialsAndShortCookiesAreNeverIndexed() throws HpackException {
        HpackEncoder e = new HpackEncoder(4096);
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        OctetBuffer out = new OctetBuffer();
        List<HeaderField> fields = List.of(f("authorization", "Basic dXNlcjpwYXNz"),
                f("proxy-authorization", "Basic cHJveHk6cGFzcw=="), f("cookie", "sid=31d4d96e"));
        for (int round = 0; round < 2; round++) {
            e.encode(fields, out);
            byte[] block = out.take();
            assertEquals(0x1f, block[0] & 0xff, "never indexed, name index 23 over a 4-bit prefix");
            assertEquals(fields, d.decode(block, 0, block.length));
            assertEquals(0, d.tableSize(), "nothing entered the table");
        }
        // A long cookie is indexed: the second time it is one octet.
        HeaderField longCookie = f("cookie", "session=" + "a".repeat(40));
        e.encode(List.of(longCookie), out);
        byte[] once = out.take();
        assertEquals(0x40 | 32, once[0] & 0xff);
        e.encode(List.of(longCookie), out);
        assertArrayEquals(new byte[] {(byte) 0xbe}, out.take());
    }

    @Test
    void theEncoderSignalsTableSizeChanges() throws HpackException {
        HpackEncoder e = new HpackEncoder(8192);
        OctetBuffer out = new OctetBuffer();
        e.setPeerTableSizeLimit(0);
        e.setPeerTableSizeLimit(1000);
        e.encode(List.of(f(":method", "GET")), out);
        // The lowest size since the last block (0), then the final one (1,000).
        assertArrayEquals(hex("20 3f c9 07 82"), out.take());
        e.encode(List.of(f(":method", "GET")), out);
        assertArrayEquals(hex("82"), out.take());
        e.setPeerTableSizeLimit(1000); // no change, no update
        e.setPeerTableSizeLimit(100000); // capped at this end's own 8,192
        e.encode(List.of(), out);
        assertArrayEquals(hex("3f e1 3f"), out.take());
        assertEquals(8192, e.tableMaxSize());
    }

    @Test
    void anEncoderWithASmallerOwnLimitSaysSoInItsFirstBlock() throws HpackException {
        HpackEncoder e = new HpackEncoder(1024);
        OctetBuffer out = new OctetBuffer();
        e.encode(List.of(f(":method", "GET")), out);
        byte[] block = out.take();
        assertArrayEquals(hex("3f e1 07 82"), block);
        HpackDecoder d = new HpackDecoder(4096, NO_LIMIT);
        d.decode(block, 0, block.length);
        assertEquals(1024, d.tableMaxSize());
    }

    @Test
    void octetsOnlyNotText() throws HpackException {
        HpackEncoder e = new HpackEncoder(4096);
        OctetBuffer out = new OctetBuffer();
        // Latin-1 octets travel as they are; a char beyond one octet is refused, not truncated.
        List<HeaderField> latin = List.of(f("x-octets", "caf\u00e9 \u00ff\u0000"));
        e.encode(latin, out);
        byte[] block = out.take();
        assertEquals(latin, new HpackDecoder(4096, NO_LIMIT).decode(block, 0, block.length));
        assertThrows(IllegalArgumentException.class, () -> e.encode(List.of(f("x-text", "\u20ac")), out));
    }

    @Test
    void entriesLargerThanTheTableEmptyIt() throws HpackException {
        HpackDecoder d = new HpackDecoder(100, NO_LIMIT);
        decode(d, "4100"); // :authority "" (42 octets)
        assertEquals(42, d.tableSize());
        // A literal with indexing of 70 octets of value: 112 > 100, so the table empties (section 4.4).
        decode(d, "41 46" + "61".repeat(70));
        assertEquals(0, d.tableSize());
        malformed(d, "be");
    }
}
