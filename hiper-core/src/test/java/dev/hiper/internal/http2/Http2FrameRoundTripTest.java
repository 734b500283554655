package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.FrameRecorder.concat;
import static dev.hiper.internal.http2.FrameRecorder.frame;
import static dev.hiper.internal.http2.FrameRecorder.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.io.ManualClock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Frames written by {@link Http2FrameWriter} (and by hand, for the types a client does not send)
 * read back by {@link Http2FrameReader} to the same events, whether the bytes arrive at once,
 * split in two at every position, or one at a time.
 */
class Http2FrameRoundTripTest {

    private static final List<HeaderField> RESPONSE = List.of(new HeaderField(":status", "200"),
            new HeaderField("content-type", "text/plain"), new HeaderField("x-trace", "abc123"));

    /** Every frame type, one or more times, as a byte stream a client could receive. */
    private static byte[] everyFrame() {
        OctetBuffer out = new OctetBuffer();
        Http2FrameWriter w = new Http2FrameWriter(out, new HpackEncoder(4096));
        w.settings(new Http2Settings().set(Http2Settings.MAX_CONCURRENT_STREAMS, 100)
                .set(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20).set(Http2Settings.ENABLE_PUSH, 0)
                .set(Http2Settings.MAX_FRAME_SIZE, 16384).set(Http2Settings.HEADER_TABLE_SIZE, 4096)
                .set(Http2Settings.MAX_HEADER_LIST_SIZE, 65536));
        w.settingsAck();
        w.headers(1, RESPONSE, false);
        w.data(1, ByteBuffer.wrap("hello".getBytes(StandardCharsets.ISO_8859_1)), false);
        // Padded DATA: Pad Length 3, "world", three octets of padding.
        w.rawFrame(Http2Frames.TYPE_DATA, Http2Frames.FLAG_PADDED | Http2Frames.FLAG_END_STREAM, 1,
                concat(new byte[] {3}, "world".getBytes(StandardCharsets.ISO_8859_1), new byte[3]));
        w.headers(3, RESPONSE, true); // the second time mostly indexes
        w.windowUpdate(0, 65535);
        w.windowUpdate(3, 1);
        w.ping(0x0102030405060708L, false);
        w.ping(-1L, true);
        w.rawFrame(Http2Frames.TYPE_PRIORITY, 0, 5, concat(ints(0x80000003), new byte[] {15}));
        w.rstStream(5, Http2ErrorCode.CANCEL);
        w.rawFrame(0x20, 0xff, 7, "an extension frame".getBytes(StandardCharsets.ISO_8859_1));
        w.rawFrame(0x21, 0, 0, new byte[0]);
        w.data(7, ByteBuffer.allocate(0), true);
        w.goAway(7, Http2ErrorCode.NO_ERROR, "bye".getBytes(StandardCharsets.ISO_8859_1));
        return out.take();
    }

    private static final List<String> EVERY_FRAME_EVENTS = List.of(
            "SETTINGS Http2Settings[3=100, 4=1048576, 2=0, 5=16384, 1=4096, 6=65536]",
            "SETTINGS ack",
            "HEADERS 1 [:status: 200, content-type: text/plain, x-trace: abc123] end=false",
            "DATA 1 'hello' end=false flow=5",
            "DATA 1 'world' end=true flow=9",
            "HEADERS 3 [:status: 200, content-type: text/plain, x-trace: abc123] end=true",
            "WINDOW_UPDATE 0 +65535",
            "WINDOW_UPDATE 3 +1",
            "PING 102030405060708 ack=false",
            "PING ffffffffffffffff ack=true",
            "PRIORITY 5 on 3 exclusive=true weight=16",
            "RST_STREAM 5 CANCEL",
            "UNKNOWN type=32 flags=255 stream=7 length=18",
            "UNKNOWN type=33 flags=0 stream=0 length=0",
            "DATA 7 '' end=true flow=0",
            "GOAWAY 7 NO_ERROR 'bye'");

    private static List<String> read(byte[] bytes, int... cuts) throws Http2Exception {
        FrameRecorder rec = new FrameRecorder();
        Http2FrameReader reader = new Http2FrameReader(Http2Limits.DEFAULTS, rec, new ManualClock(), false);
        FrameRecorder.feedInPieces(reader, bytes, cuts);
        assertTrue(reader.atFrameBoundary());
        return rec.events;
    }

    @Test
    void everyFrameTypeAtOnce() throws Http2Exception {
        assertEquals(EVERY_FRAME_EVENTS, read(everyFrame()));
    }

    @Test
    void everyFrameTypeSplitAtEveryPosition() throws Http2Exception {
        byte[] bytes = everyFrame();
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(EVERY_FRAME_EVENTS, read(bytes, cut), "split at " + cut);
        }
        for (int a = 0; a <= bytes.length; a += 7) {
            for (int b = a; b <= bytes.length; b += 13) {
                assertEquals(EVERY_FRAME_EVENTS, read(bytes, a, b), "split at " + a + " and " + b);
            }
        }
    }

    @Test
    void everyFrameTypeOneByteAtATime() throws Http2Exception {
        byte[] bytes = everyFrame();
        int[] cuts = new int[bytes.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertEquals(EVERY_FRAME_EVENTS, read(bytes, cuts));
    }

    /** A header block larger than the frame size leaves in HEADERS plus CONTINUATION frames and comes back whole. */
    @Test
    void largeHeaderBlocksTravelInContinuationFrames() throws Http2Exception {
        List<HeaderField> large = new ArrayList<>(RESPONSE);
        for (int i = 0; i < 40; i++) {
            // Random-looking values defeat Huffman and the table: about 40 KiB of block.
            large.add(new HeaderField("x-filler-" + i, Long.toString(i * 0x9E3779B97F4A7C15L, 36).repeat(80)));
        }
        OctetBuffer out = new OctetBuffer();
        Http2FrameWriter w = new Http2FrameWriter(out, new HpackEncoder(4096));
        w.settings(new Http2Settings());
        w.headers(1, large, true);
        w.data(1, ByteBuffer.wrap(new byte[40_000]), true);
        byte[] bytes = out.take();
        assertEquals(Http2Frames.TYPE_CONTINUATION, bytes[9 + 9 + 16384 + 3], "the second frame of the block");

        List<String> expected = read(bytes);
        assertEquals("HEADERS 1 " + large + " end=true", expected.get(1));
        assertEquals(List.of("DATA 1 '" + "\0".repeat(16384) + "' end=false flow=16384",
                "DATA 1 '" + "\0".repeat(16384) + "' end=false flow=16384",
                "DATA 1 '" + "\0".repeat(40_000 - 2 * 16384) + "' end=true flow=7232"),
                expected.subList(2, 5));
        for (int cut = 0; cut <= bytes.length; cut += 997) {
            assertEquals(expected, read(bytes, cut), "split at " + cut);
        }
        int[] cuts = new int[bytes.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertEquals(expected, read(bytes, cuts));
    }

    @Test
    void dataAndHeadersFollowThePeersLargerFrameSize() throws Http2Exception {
        OctetBuffer out = new OctetBuffer();
        Http2FrameWriter w = new Http2FrameWriter(out, new HpackEncoder(4096));
        w.setPeerMaxFrameSize(32768);
        w.data(1, ByteBuffer.wrap(new byte[32768 + 1]), false);
        byte[] bytes = out.take();
        assertEquals(9 + 32768 + 9 + 1, bytes.length);
        assertArrayEquals(new byte[] {0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1}, java.util.Arrays.copyOf(bytes, 9));
    }

    @Test
    void theWriterRefusesWhatTheProtocolDoesNotAllow() throws Http2Exception {
        OctetBuffer out = new OctetBuffer();
        Http2FrameWriter w = new Http2FrameWriter(out, new HpackEncoder(4096));
        assertThrows(IllegalArgumentException.class, () -> w.headers(0, RESPONSE, true));
        assertThrows(IllegalArgumentException.class, () -> w.data(0, ByteBuffer.allocate(1), true));
        assertThrows(IllegalArgumentException.class, () -> w.windowUpdate(1, 0));
        assertThrows(IllegalArgumentException.class, () -> w.rstStream(0, Http2ErrorCode.CANCEL));
        assertThrows(IllegalArgumentException.class, () -> w.setPeerMaxFrameSize(16_383));
        assertEquals(0, out.length());
        // GOAWAY debug data is cut to fit one frame.
        w.settings(new Http2Settings());
        w.goAway(0, Http2ErrorCode.ENHANCE_YOUR_CALM, new byte[20_000]);
        byte[] bytes = out.take();
        assertEquals(9 + 9 + 16_384, bytes.length);
        List<String> events = read(bytes);
        assertEquals(2, events.size());
        assertTrue(events.get(1).startsWith("GOAWAY 0 ENHANCE_YOUR_CALM '"), events.get(1));
    }

    @Test
    void thePrefaceIsTheTwentyFourOctetsOfSection3_4() {
        OctetBuffer out = new OctetBuffer();
        new Http2FrameWriter(out, new HpackEncoder(4096)).preface();
        assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", new String(out.take(), StandardCharsets.US_ASCII));
        assertEquals(24, Http2Frames.CLIENT_PREFACE.length);
    }

    @Test
    void pushPromiseWhenPushIsEnabled() throws Http2Exception {
        OctetBuffer block = new OctetBuffer();
        new HpackEncoder(4096).encode(List.of(new HeaderField(":method", "GET"), new HeaderField(":path", "/x")), block);
        byte[] fragment = block.take();
        // Padded PUSH_PROMISE whose block continues in a CONTINUATION frame.
        byte[] bytes = concat(FrameRecorder.emptySettings(),
                frame(Http2Frames.TYPE_PUSH_PROMISE, Http2Frames.FLAG_PADDED, 1,
                        concat(new byte[] {2}, ints(2), java.util.Arrays.copyOf(fragment, 1), new byte[2])),
                frame(Http2Frames.TYPE_CONTINUATION, Http2Frames.FLAG_END_HEADERS, 1,
                        java.util.Arrays.copyOfRange(fragment, 1, fragment.length)));
        for (int cut = 0; cut <= bytes.length; cut++) {
            FrameRecorder rec = new FrameRecorder();
            Http2FrameReader reader = new Http2FrameReader(Http2Limits.DEFAULTS, rec, new ManualClock(), true);
            FrameRecorder.feedInPieces(reader, bytes, cut);
            assertEquals(List.of("SETTINGS Http2Settings[]", "PUSH_PROMISE 1 promises 2 [:method: GET, :path: /x]"),
                    rec.events, "split at " + cut);
        }
    }
}
