package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hiper.internal.io.ManualClock;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link Http2FrameReader} as a connection drives it. The first input byte picks the mode
 * (bit 0: push enabled; bits 1-6: how many bytes arrive per read, 1 to 64; bit 7: small limits,
 * so that the limits are reached within short inputs); the rest is what the server sent after
 * its SETTINGS frame, which the target puts first since a server's first frame must be one.
 *
 * <p>Every input must end with all bytes read or an {@link Http2Exception}; any other exception
 * fails. Properties: the events are bounded by the input (a frame is at least 9 octets), data
 * handed out never exceeds the bytes that came in nor its frame's flow-controlled length, decoded
 * header lists stay within the limit, stream errors name a stream, and after a connection error
 * every later read throws that same error.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/http2/Http2FrameReaderFuzzTestInputs/read}.
 */
class Http2FrameReaderFuzzTest {

    private static final Http2Limits SMALL = Http2Limits.DEFAULTS.withMaxHeaderListSize(512)
            .withMaxHeaderBlockSize(1024).withMaxContinuationFrames(4).withMaxPeerResetsPerSecond(8)
            .withHeaderTableSize(256);

    // Per input: in regression mode JUnit enforces it on each seed; in fuzzing mode Jazzer turns
    // it into libFuzzer's -timeout (see the other fuzz targets).
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void read(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        boolean push = (mode & 1) != 0;
        int piece = 1 + ((mode >>> 1) & 0x3f);
        Http2Limits limits = (mode & 0x80) != 0 ? SMALL : Http2Limits.DEFAULTS;
        Checker checker = new Checker(limits);
        ManualClock clock = new ManualClock();
        Http2FrameReader reader = new Http2FrameReader(limits, checker, clock, push);
        byte[] settings = {0, 0, 0, Http2Frames.TYPE_SETTINGS, 0, 0, 0, 0, 0};
        Http2Exception failure = null;
        try {
            reader.feed(settings, 0, settings.length);
            for (int at = 1; at < input.length; at += piece) {
                reader.feed(ByteBuffer.wrap(input, at, Math.min(piece, input.length - at)));
                clock.advanceMillis(1);
            }
        } catch (Http2Exception e) {
            failure = e;
        }
        assertTrue(checker.events <= 1 + input.length / Http2Frames.HEADER_LENGTH + 1,
                checker.events + " events from " + input.length + " bytes");
        assertTrue(checker.dataBytes <= input.length, "more data out than bytes in");
        if (failure != null) {
            assertTrue(failure.isConnectionError(), failure.toString());
            assertNotNull(failure.getMessage());
            assertNotNull(failure.curlCode());
            Http2Exception again = null;
            try {
                reader.feed(new byte[] {0}, 0, 1);
            } catch (Http2Exception e) {
                again = e;
            }
            assertSame(failure, again, "a failed reader keeps failing with its error");
        }
    }

    /** Checks each event as it comes. */
    private static final class Checker implements Http2FrameListener {
        private final Http2Limits limits;
        int events;
        long dataBytes;

        Checker(Http2Limits limits) {
            this.limits = limits;
        }

        @Override
        public void onData(int streamId, ByteBuffer data, boolean endStream, int flowControlledLength) {
            events++;
            assertTrue(streamId > 0);
            assertTrue(data.remaining() <= flowControlledLength && flowControlledLength <= limits.maxFrameSize());
            dataBytes += data.remaining();
        }

        @Override
        public void onHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
            events++;
            assertTrue(streamId > 0);
            assertWithinListLimit(fields);
        }

        @Override
        public void onPushPromise(int streamId, int promisedStreamId, List<HeaderField> fields) {
            events++;
            assertTrue(streamId > 0 && promisedStreamId > 0 && promisedStreamId % 2 == 0);
            assertWithinListLimit(fields);
        }

        private void assertWithinListLimit(List<HeaderField> fields) {
            long size = 0;
            for (HeaderField f : fields) {
                size += f.size();
            }
            assertTrue(size <= limits.maxHeaderListSize(), "header list of " + size);
        }

        @Override
        public void onPriority(int streamId, int dependsOn, boolean exclusive, int weight) {
            events++;
            assertTrue(streamId > 0 && dependsOn != streamId && weight >= 1 && weight <= 256);
        }

        @Override
        public void onRstStream(int streamId, long errorCode) {
            events++;
            assertTrue(streamId > 0);
        }

        @Override
        public void onSettings(Http2Settings settings) {
            events++;
            assertEquals(0, settings.get(Http2Settings.ENABLE_PUSH, 0));
        }

        @Override
        public void onSettingsAck() {
            events++;
        }

        @Override
        public void onPing(long payload, boolean ack) {
            events++;
        }

        @Override
        public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
            events++;
            assertTrue(lastStreamId >= 0 && debugData.remaining() <= limits.maxFrameSize() - 8);
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            events++;
            assertTrue(streamId >= 0 && increment > 0);
        }

        @Override
        public void onStreamError(Http2Exception error) {
            events++;
            assertTrue(error.streamId() > 0 && !error.isConnectionError());
        }

        @Override
        public void onUnknownFrame(int type, int flags, int streamId, int length) {
            events++;
            assertTrue(type > Http2Frames.TYPE_CONTINUATION && length <= limits.maxFrameSize());
        }
    }
}
