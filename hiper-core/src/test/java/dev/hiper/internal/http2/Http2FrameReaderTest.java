package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.FrameRecorder.concat;
import static dev.hiper.internal.http2.FrameRecorder.emptySettings;
import static dev.hiper.internal.http2.FrameRecorder.frame;
import static dev.hiper.internal.http2.FrameRecorder.ints;
import static dev.hiper.internal.http2.Http2ErrorCode.COMPRESSION_ERROR;
import static dev.hiper.internal.http2.Http2ErrorCode.FLOW_CONTROL_ERROR;
import static dev.hiper.internal.http2.Http2ErrorCode.FRAME_SIZE_ERROR;
import static dev.hiper.internal.http2.Http2ErrorCode.PROTOCOL_ERROR;
import static dev.hiper.internal.http2.Http2Frames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.io.ManualClock;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Malformed frames end the connection or the stream with the error code RFC 9113 names. */
class Http2FrameReaderTest {

    private static final byte[] GET_BLOCK = {(byte) 0x82}; // :method GET, from the static table

    private final FrameRecorder rec = new FrameRecorder();

    private Http2FrameReader reader() {
        return new Http2FrameReader(Http2Limits.DEFAULTS, rec, new ManualClock(), false);
    }

    /** Feeds SETTINGS and then {@code frames}, at once and byte by byte; both must fail the same way. */
    private Http2Exception connectionError(Http2ErrorCode expected, byte[]... frames) {
        byte[] bytes = concat(emptySettings(), concat(frames));
        Http2Exception atOnce = assertThrows(Http2Exception.class, () -> reader().feed(bytes, 0, bytes.length));
        assertTrue(atOnce.isConnectionError(), atOnce.toString());
        assertEquals(expected, atOnce.error(), atOnce.toString());
        assertEquals(CurlCode.CURLE_HTTP2, atOnce.curlCode());
        Http2FrameReader bytewise = reader();
        Http2Exception oneByOne = assertThrows(Http2Exception.class, () -> {
            for (int i = 0; i < bytes.length; i++) {
                bytewise.feed(bytes, i, 1);
            }
        });
        assertEquals(atOnce.getMessage(), oneByOne.getMessage());
        return atOnce;
    }

    /** Feeds SETTINGS and then {@code frames}; the reading goes on and one stream error is reported. */
    private Http2Exception streamError(Http2ErrorCode expected, byte[]... frames) throws Http2Exception {
        byte[] bytes = concat(emptySettings(), concat(frames));
        reader().feed(bytes, 0, bytes.length);
        assertEquals(1, rec.streamErrors.size(), rec.events.toString());
        Http2Exception e = rec.streamErrors.get(0);
        assertEquals(expected, e.error(), e.toString());
        return e;
    }

    @Test
    void theServersFirstFrameIsSettings() {
        byte[] ping = frame(TYPE_PING, 0, 0, new byte[8]);
        Http2Exception e = assertThrows(Http2Exception.class, () -> reader().feed(ping, 0, ping.length));
        assertEquals(PROTOCOL_ERROR, e.error());
        byte[] ack = frame(TYPE_SETTINGS, FLAG_ACK, 0, new byte[0]);
        assertEquals(PROTOCOL_ERROR, assertThrows(Http2Exception.class, () -> reader().feed(ack, 0, ack.length)).error());
    }

    @Test
    void framesOverTheMaximumSizeAreRefusedFromTheirHeader() throws Http2Exception {
        // Only the 9-octet header is fed: the error comes before any payload is buffered.
        connectionError(FRAME_SIZE_ERROR, frame(16385, TYPE_DATA, 0, 1, new byte[0]));
        FrameRecorder seen = new FrameRecorder();
        Http2FrameReader larger = new Http2FrameReader(Http2Limits.DEFAULTS.withMaxFrameSize(1 << 20), seen,
                new ManualClock(), false);
        byte[] bytes = concat(emptySettings(), frame(TYPE_DATA, 0, 1, new byte[20_000]));
        larger.feed(bytes, 0, bytes.length);
        assertTrue(seen.events.get(1).endsWith("flow=20000"), seen.events.get(1));
    }

    @Test
    void streamIdRules() {
        connectionError(PROTOCOL_ERROR, frame(TYPE_DATA, 0, 0, new byte[1]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_HEADERS, FLAG_END_HEADERS, 0, GET_BLOCK));
        connectionError(PROTOCOL_ERROR, frame(TYPE_PRIORITY, 0, 0, new byte[5]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_RST_STREAM, 0, 0, new byte[4]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_SETTINGS, 0, 1, new byte[0]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_PING, 0, 3, new byte[8]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_GOAWAY, 0, 1, new byte[8]));
    }

    @Test
    void fixedSizeFrames() throws Http2Exception {
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_RST_STREAM, 0, 1, new byte[3]));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_WINDOW_UPDATE, 0, 1, new byte[5]));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_PING, 0, 0, new byte[7]));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_SETTINGS, FLAG_ACK, 0, new byte[6]));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[7]));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_GOAWAY, 0, 0, new byte[7]));
        // PRIORITY of the wrong size changes nothing shared: a stream error (section 6.3).
        streamError(FRAME_SIZE_ERROR, frame(TYPE_PRIORITY, 0, 1, new byte[4]));
    }

    @Test
    void paddingMustFitInTheFrame() {
        connectionError(PROTOCOL_ERROR, frame(TYPE_DATA, FLAG_PADDED, 1, new byte[] {4, 1, 2, 3}));
        connectionError(PROTOCOL_ERROR, frame(TYPE_DATA, FLAG_PADDED, 1, new byte[] {1}));
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_DATA, FLAG_PADDED, 1, new byte[0]));
        connectionError(PROTOCOL_ERROR, frame(TYPE_HEADERS, FLAG_PADDED | FLAG_END_HEADERS, 1, new byte[] {1}));
        // Priority fields (5 octets) do not fit beside 1 octet of padding in 6 octets.
        connectionError(FRAME_SIZE_ERROR, frame(TYPE_HEADERS, FLAG_PADDED | FLAG_PRIORITY | FLAG_END_HEADERS, 1,
                new byte[] {1, 0, 0, 0, 0, 0}));
    }

    @Test
    void paddingIsRemovedButCountsForFlowControl() throws Http2Exception {
        byte[] bytes = concat(emptySettings(),
                frame(TYPE_DATA, FLAG_PADDED, 1, new byte[] {2, 'o', 'k', 0, 0}),
                frame(TYPE_DATA, FLAG_PADDED, 1, new byte[] {0}),
                frame(TYPE_HEADERS, FLAG_PADDED | FLAG_PRIORITY | FLAG_END_HEADERS, 3,
                        concat(new byte[] {1}, ints(1), new byte[] {7}, GET_BLOCK, new byte[1])));
        reader().feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[]", "DATA 1 'ok' end=false flow=5", "DATA 1 '' end=false flow=1",
                "HEADERS 3 [:method: GET] end=false"), rec.events);
    }

    @Test
    void continuationOnlyRightAfterAnOpenHeaderBlockOnTheSameStream() {
        byte[] open = frame(TYPE_HEADERS, 0, 1, GET_BLOCK);
        connectionError(PROTOCOL_ERROR, frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, GET_BLOCK));
        connectionError(PROTOCOL_ERROR, open, frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 3, GET_BLOCK));
        connectionError(PROTOCOL_ERROR, open, frame(TYPE_DATA, 0, 1, new byte[1]));
        connectionError(PROTOCOL_ERROR, open, frame(TYPE_PING, 0, 0, new byte[8]));
        // Not even a frame of an unknown type may come between (section 6.10).
        connectionError(PROTOCOL_ERROR, open, frame(0x42, 0, 0, new byte[0]));
        // A closed block does not take another CONTINUATION.
        connectionError(PROTOCOL_ERROR, frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, GET_BLOCK),
                frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, new byte[0]));
    }

    @Test
    void pushPromiseWhilePushIsDisabled() {
        connectionError(PROTOCOL_ERROR, frame(TYPE_PUSH_PROMISE, FLAG_END_HEADERS, 1, concat(ints(2), GET_BLOCK)));
    }

    @Test
    void pushPromiseOfAnOddOrZeroStream() {
        for (int promised : new int[] {0, 3}) {
            byte[] bytes = concat(emptySettings(),
                    frame(TYPE_PUSH_PROMISE, FLAG_END_HEADERS, 1, concat(ints(promised), GET_BLOCK)));
            Http2FrameReader pushing = new Http2FrameReader(Http2Limits.DEFAULTS, rec, new ManualClock(), true);
            Http2Exception e = assertThrows(Http2Exception.class, () -> pushing.feed(bytes, 0, bytes.length));
            assertEquals(PROTOCOL_ERROR, e.error());
        }
    }

    @Test
    void settingsValuesOutOfRange() {
        connectionError(PROTOCOL_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 2, 0, 0, 0, 1}));
        connectionError(PROTOCOL_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 2, 0, 0, 0, 2}));
        connectionError(FLOW_CONTROL_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 4, (byte) 0x80, 0, 0, 0}));
        connectionError(PROTOCOL_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 5, 0, 0, 0x3f, (byte) 0xff}));
        connectionError(PROTOCOL_ERROR, frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 5, 1, 0, 0, 0}));
    }

    @Test
    void unknownSettingsAreIgnoredAndTheLastValueWins() throws Http2Exception {
        byte[] bytes = frame(TYPE_SETTINGS, 0, 0, new byte[] {0, 0x7f, 1, 2, 3, 4, 0, 4, 0, 0, 0, 1, 0, 4, 0, 0, 0, 2});
        reader().feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[4=2]"), rec.events);
    }

    @Test
    void windowUpdateOfZero() throws Http2Exception {
        connectionError(PROTOCOL_ERROR, frame(TYPE_WINDOW_UPDATE, 0, 0, ints(0)));
        // The reserved bit is not part of the increment.
        connectionError(PROTOCOL_ERROR, frame(TYPE_WINDOW_UPDATE, 0, 0, ints(0x80000000)));
        Http2Exception e = streamError(PROTOCOL_ERROR, frame(TYPE_WINDOW_UPDATE, 0, 5, ints(0)));
        assertEquals(5, e.streamId());
        assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.curlCode());
    }

    @Test
    void aStreamCannotDependOnItself() throws Http2Exception {
        streamError(PROTOCOL_ERROR, frame(TYPE_PRIORITY, 0, 3, concat(ints(3), new byte[] {0})));
    }

    @Test
    void aHeadersFrameThatDependsOnItselfStillKeepsTheTableInStep() throws Http2Exception {
        // A literal with indexing in the failed block; the next block refers to it by index 62.
        byte[] literal = {0x40, 1, 'x', 1, 'y'};
        byte[] bytes = concat(emptySettings(),
                frame(TYPE_HEADERS, FLAG_PRIORITY | FLAG_END_HEADERS, 3, concat(ints(3), new byte[] {0}, literal)),
                frame(TYPE_HEADERS, FLAG_END_HEADERS, 5, new byte[] {(byte) 0xbe}));
        reader().feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[]", "STREAM_ERROR 3 PROTOCOL_ERROR CURLE_HTTP2_STREAM",
                "HEADERS 5 [x: y] end=false"), rec.events);
    }

    @Test
    void aBadHeaderBlockIsACompressionError() {
        Http2Exception e = connectionError(COMPRESSION_ERROR, frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, new byte[] {(byte) 0x80}));
        assertTrue(e.getMessage().contains("index 0"), e.getMessage());
        connectionError(COMPRESSION_ERROR, frame(TYPE_HEADERS, 0, 1, new byte[] {0x40, 5}),
                frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, new byte[] {'a'}));
    }

    @Test
    void aStringMayStraddleFrames() throws Http2Exception {
        byte[] bytes = concat(emptySettings(),
                frame(TYPE_HEADERS, FLAG_END_STREAM, 1, new byte[] {0x40, 3, 'a'}),
                frame(TYPE_CONTINUATION, 0, 1, new byte[] {'b'}),
                frame(TYPE_CONTINUATION, 0, 1, new byte[0]),
                frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, new byte[] {'c', 1, 'v'}));
        reader().feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[]", "HEADERS 1 [abc: v] end=true"), rec.events);
    }

    @Test
    void afterAConnectionErrorEveryFeedThrowsTheSameError() {
        Http2FrameReader r = reader();
        byte[] bad = concat(emptySettings(), frame(TYPE_DATA, 0, 0, new byte[1]));
        Http2Exception first = assertThrows(Http2Exception.class, () -> r.feed(bad, 0, bad.length));
        byte[] good = frame(TYPE_PING, 0, 0, new byte[8]);
        assertSame(first, assertThrows(Http2Exception.class, () -> r.feed(good, 0, good.length)));
        assertSame(first, assertThrows(Http2Exception.class, () -> r.feed(new byte[0], 0, 0)));
    }

    @Test
    void theReservedBitOfTheStreamIdIsIgnored() throws Http2Exception {
        byte[] bytes = concat(emptySettings(), frame(TYPE_WINDOW_UPDATE, 0, 0x80000007, ints(10)));
        reader().feed(bytes, 0, bytes.length);
        assertEquals("WINDOW_UPDATE 7 +10", rec.events.get(1));
    }

    @Test
    void anAcknowledgedTableSizeReachesTheDecoder() throws Http2Exception {
        Http2FrameReader r = reader();
        byte[] settings = emptySettings();
        r.feed(settings, 0, settings.length);
        r.localSettingsAcknowledged(new Http2Settings().set(Http2Settings.HEADER_TABLE_SIZE, 0));
        // The next block must begin with a size update to 0 (RFC 7541 section 4.2).
        byte[] without = frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, GET_BLOCK);
        assertEquals(COMPRESSION_ERROR, assertThrows(Http2Exception.class, () -> r.feed(without, 0, without.length)).error());
        Http2FrameReader r2 = reader();
        r2.feed(settings, 0, settings.length);
        r2.localSettingsAcknowledged(new Http2Settings().set(Http2Settings.HEADER_TABLE_SIZE, 0));
        byte[] with = frame(TYPE_HEADERS, FLAG_END_HEADERS, 1, new byte[] {0x20, (byte) 0x82});
        r2.feed(with, 0, with.length);
        assertEquals("HEADERS 1 [:method: GET] end=false", rec.events.get(rec.events.size() - 1));
    }
}
