package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link HpackDecoder} over a sequence of header blocks sharing one context, and the
 * {@link HpackEncoder} on whatever the decoder accepted. The first input byte picks the
 * SETTINGS_HEADER_TABLE_SIZE (bits 0-1: 0, 64, 256 or 4,096) and the header list limit (bits 2-3:
 * 64, 512, 4,096 or 300 KiB); then come blocks, each one length octet and that many octets.
 *
 * <p>Every block must decode or throw {@link HpackException}; any other exception fails. A
 * malformed block ends the input (the context is lost); a list over the limit does not (the
 * context is intact). Properties: the table never exceeds its maximum nor the maximum the limit;
 * a decoded list is within the limit; and each decoded list, encoded by an encoder that follows
 * the same context, decodes back to itself in a second decoder.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/http2/HpackDecoderFuzzTestInputs/decode}.
 */
class HpackDecoderFuzzTest {

    private static final long[] TABLE_LIMITS = {0, 64, 256, 4096};
    private static final long[] LIST_LIMITS = {64, 512, 4096, 300 * 1024};

    // Per input: in regression mode JUnit enforces it on each seed; in fuzzing mode Jazzer turns
    // it into libFuzzer's -timeout (see the other fuzz targets).
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) throws HpackException {
        if (input.length == 0) {
            return;
        }
        long tableLimit = TABLE_LIMITS[input[0] & 3];
        long listLimit = LIST_LIMITS[(input[0] >>> 2) & 3];
        // The decoder starts at the limit, as if the SETTINGS were acknowledged before any block.
        HpackDecoder decoder = new HpackDecoder(tableLimit, listLimit);
        // The encoder and its checking decoder start from the protocol's 4,096, the encoder
        // signalling its smaller table in its first block.
        HpackEncoder encoder = new HpackEncoder(tableLimit);
        HpackDecoder check = new HpackDecoder(4096, Long.MAX_VALUE);
        OctetBuffer out = new OctetBuffer();
        int at = 1;
        while (at < input.length) {
            int len = Math.min(input[at] & 0xff, input.length - at - 1);
            at++;
            List<HeaderField> fields;
            try {
                fields = decoder.decode(input, at, len);
            } catch (HpackException e) {
                assertNotNull(e.getMessage());
                if (!e.contextIntact()) {
                    return;
                }
                fields = null;
            } finally {
                at += len;
            }
            assertTrue(decoder.tableSize() <= decoder.tableMaxSize(), "table over its maximum");
            assertTrue(decoder.tableMaxSize() <= tableLimit, "table over the limit");
            if (fields == null) {
                continue;
            }
            long size = 0;
            for (HeaderField f : fields) {
                size += f.size();
            }
            assertTrue(size <= listLimit, "list of " + size + " over " + listLimit);
            encoder.encode(fields, out);
            byte[] block = out.take();
            assertEquals(fields, check.decode(block, 0, block.length), "encoder round trip");
        }
    }
}
