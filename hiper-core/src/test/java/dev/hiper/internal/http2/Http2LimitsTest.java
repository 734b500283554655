package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.FrameRecorder.concat;
import static dev.hiper.internal.http2.FrameRecorder.emptySettings;
import static dev.hiper.internal.http2.FrameRecorder.frame;
import static dev.hiper.internal.http2.FrameRecorder.ints;
import static dev.hiper.internal.http2.Http2Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.io.ManualClock;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The limits of {@link Http2Limits} on hostile shapes: the CONTINUATION flood (2024), the rapid
 * reset (2023), header lists and header blocks over their size. Each ends the connection or the
 * stream with its code, after a bounded number of bytes.
 */
class Http2LimitsTest {

    private final FrameRecorder rec = new FrameRecorder();
    private final ManualClock clock = new ManualClock();

    private Http2FrameReader reader(Http2Limits limits) throws Http2Exception {
        Http2FrameReader r = new Http2FrameReader(limits, rec, clock, false);
        byte[] settings = emptySettings();
        r.feed(settings, 0, settings.length);
        return r;
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        Http2Limits d = Http2Limits.DEFAULTS;
        assertEquals(16_384, d.maxFrameSize());
        assertEquals(300 * 1024, d.maxHeaderListSize());
        assertEquals(600 * 1024, d.maxHeaderBlockSize());
        assertEquals(32, d.maxContinuationFrames());
        assertEquals(200, d.maxPeerResetsPerSecond());
        assertEquals(4096, d.headerTableSize());
        assertEquals("Http2Settings[1=4096, 2=0, 5=16384, 6=307200]", d.localSettings().toString());
        assertEquals(65_536, d.withMaxFrameSize(65_536).localSettings().get(Http2Settings.MAX_FRAME_SIZE, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFrameSize(16_383));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFrameSize(1 << 24));
    }

    /** Empty CONTINUATION frames, endlessly: the 33rd ends the connection. */
    @Test
    void continuationFloodOfEmptyFramesEndsTheConnection() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS);
        byte[] open = frame(TYPE_HEADERS, 0, 1, new byte[] {(byte) 0x82});
        r.feed(open, 0, open.length);
        byte[] empty = frame(TYPE_CONTINUATION, 0, 1, new byte[0]);
        int accepted = 0;
        Http2Exception e = null;
        for (int i = 0; i < 1_000_000 && e == null; i++) {
            try {
                r.feed(empty, 0, empty.length);
                accepted++;
            } catch (Http2Exception x) {
                e = x;
            }
        }
        assertEquals(32, accepted);
        assertTrue(e.isConnectionError());
        assertEquals(Http2ErrorCode.ENHANCE_YOUR_CALM, e.error());
        assertEquals(CurlCode.CURLE_HTTP2, e.curlCode());
        assertTrue(rec.events.stream().noneMatch(s -> s.startsWith("HEADERS")), rec.events.toString());
    }

    /**
     * Full CONTINUATION frames with a frame limit too high to help: the block's octet limit ends
     * it, before more than one frame beyond the limit was read, so memory stays bounded.
     */
    @Test
    void continuationFloodOfFullFramesStopsAtTheBlockSizeLimit() throws Http2Exception {
        Http2Limits limits = Http2Limits.DEFAULTS.withMaxContinuationFrames(1_000_000);
        Http2FrameReader r = reader(limits);
        byte[] open = frame(TYPE_HEADERS, 0, 1, new byte[16384]);
        r.feed(open, 0, open.length);
        byte[] full = frame(TYPE_CONTINUATION, 0, 1, new byte[16384]);
        long fed = open.length;
        Http2Exception e = null;
        while (e == null && fed < 100L * 1024 * 1024) {
            try {
                r.feed(full, 0, full.length);
                fed += full.length;
            } catch (Http2Exception x) {
                e = x;
            }
        }
        assertEquals(Http2ErrorCode.ENHANCE_YOUR_CALM, e.error());
        assertTrue(e.getMessage().contains("octets"), e.getMessage());
        assertTrue(fed <= limits.maxHeaderBlockSize() + full.length, "read " + fed);
        assertTrue(fed >= limits.maxHeaderBlockSize() - full.length, "read " + fed);
    }

    /** The 2023 rapid-reset shape: RST_STREAM frames faster than the limit end the connection. */
    @Test
    void rapidResetsEndTheConnection() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS.withMaxPeerResetsPerSecond(100));
        for (int i = 0; i < 100; i++) {
            byte[] rst = frame(TYPE_RST_STREAM, 0, 2 * i + 1, ints(Http2ErrorCode.CANCEL.code()));
            r.feed(rst, 0, rst.length);
        }
        clock.advanceMillis(500); // half a second refills half the bucket
        for (int i = 0; i < 50; i++) {
            byte[] rst = frame(TYPE_RST_STREAM, 0, 1001 + 2 * i, ints(0));
            r.feed(rst, 0, rst.length);
        }
        byte[] oneMore = frame(TYPE_RST_STREAM, 0, 2001, ints(0));
        Http2Exception e = assertThrows(Http2Exception.class, () -> r.feed(oneMore, 0, oneMore.length));
        assertEquals(Http2ErrorCode.ENHANCE_YOUR_CALM, e.error());
        assertTrue(e.isConnectionError());
        assertEquals(150, rec.events.stream().filter(s -> s.startsWith("RST_STREAM")).count());
    }

    @Test
    void resetsWithinTheRateGoOnForever() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS.withMaxPeerResetsPerSecond(10));
        for (int i = 0; i < 1000; i++) {
            clock.advanceMillis(100);
            byte[] rst = frame(TYPE_RST_STREAM, 0, 2 * i + 1, ints(0));
            r.feed(rst, 0, rst.length);
        }
        assertEquals(1001, rec.events.size());
    }

    @Test
    void theRateLimitRefillsWithTimeAndCapsTheBurst() {
        RateLimit limit = new RateLimit(4, clock);
        for (int i = 0; i < 4; i++) {
            assertTrue(limit.tryAcquire());
        }
        assertFalse(limit.tryAcquire());
        clock.advanceMillis(250);
        assertTrue(limit.tryAcquire());
        assertFalse(limit.tryAcquire());
        clock.advanceMillis(60_000); // a long quiet time refills one second's worth, no more
        for (int i = 0; i < 4; i++) {
            assertTrue(limit.tryAcquire());
        }
        assertFalse(limit.tryAcquire());
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(0, clock));
    }

    /** A header list over SETTINGS_MAX_HEADER_LIST_SIZE fails its stream with CURLE_TOO_LARGE; others go on. */
    @Test
    void aHeaderListOverTheLimitFailsOnlyItsStream() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS.withMaxHeaderListSize(1000));
        OctetBuffer out = new OctetBuffer();
        Http2FrameWriter w = new Http2FrameWriter(out, new HpackEncoder(4096));
        w.headers(1, List.of(new HeaderField(":status", "200"), new HeaderField("x-big", "v".repeat(1000))), false);
        w.headers(3, List.of(new HeaderField(":status", "200"), new HeaderField("x-small", "v")), true);
        byte[] bytes = out.take();
        r.feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[]", "STREAM_ERROR 1 CANCEL CURLE_TOO_LARGE",
                "HEADERS 3 [:status: 200, x-small: v] end=true"), rec.events);
        assertEquals(1, rec.streamErrors.get(0).streamId());
        assertTrue(r.atFrameBoundary());
    }

    @Test
    void aFirstFragmentOverTheBlockLimitIsRefusedFromItsHeader() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS.withMaxHeaderBlockSize(100));
        byte[] header = java.util.Arrays.copyOf(frame(101, TYPE_HEADERS, 0, 1, new byte[0]), 9);
        Http2Exception e = assertThrows(Http2Exception.class, () -> r.feed(header, 0, header.length));
        assertEquals(Http2ErrorCode.ENHANCE_YOUR_CALM, e.error());
    }

    @Test
    void unknownFramesAreSkippedWithoutBuffering() throws Http2Exception {
        Http2FrameReader r = reader(Http2Limits.DEFAULTS);
        byte[] unknown = frame(0xfa, 0, 1, new byte[16384]);
        for (int i = 0; i < 64; i++) {
            r.feed(unknown, 0, unknown.length);
        }
        assertEquals(65, rec.events.size());
        assertTrue(r.atFrameBoundary());
        byte[] ping = concat(frame(TYPE_PING, 0, 0, new byte[8]));
        r.feed(ping, 0, ping.length);
        assertEquals("PING 0 ack=false", rec.events.get(65));
    }
}
