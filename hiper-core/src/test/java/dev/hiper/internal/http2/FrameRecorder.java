package dev.hiper.internal.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test kit for the frame reader: a listener that writes each event down as a line, and helpers
 * that build frames byte by byte (bad ones included) and feed them in pieces.
 */
class FrameRecorder implements Http2FrameListener {

    final List<String> events = new ArrayList<>();
    final List<Http2Exception> streamErrors = new ArrayList<>();

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream, int flowControlledLength) {
        events.add("DATA " + streamId + " '" + text(data) + "' end=" + endStream + " flow=" + flowControlledLength);
    }

    @Override
    public void onHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
        events.add("HEADERS " + streamId + " " + fields + " end=" + endStream);
    }

    @Override
    public void onPriority(int streamId, int dependsOn, boolean exclusive, int weight) {
        events.add("PRIORITY " + streamId + " on " + dependsOn + " exclusive=" + exclusive + " weight=" + weight);
    }

    @Override
    public void onRstStream(int streamId, long errorCode) {
        events.add("RST_STREAM " + streamId + " " + Http2ErrorCode.describe(errorCode));
    }

    @Override
    public void onSettings(Http2Settings settings) {
        events.add("SETTINGS " + settings);
    }

    @Override
    public void onSettingsAck() {
        events.add("SETTINGS ack");
    }

    @Override
    public void onPushPromise(int streamId, int promisedStreamId, List<HeaderField> fields) {
        events.add("PUSH_PROMISE " + streamId + " promises " + promisedStreamId + " " + fields);
    }

    @Override
    public void onPing(long payload, boolean ack) {
        events.add("PING " + Long.toHexString(payload) + " ack=" + ack);
    }

    @Override
    public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
        events.add("GOAWAY " + lastStreamId + " " + Http2ErrorCode.describe(errorCode) + " '" + text(debugData) + "'");
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        events.add("WINDOW_UPDATE " + streamId + " +" + increment);
    }

    @Override
    public void onStreamError(Http2Exception error) {
        streamErrors.add(error);
        events.add("STREAM_ERROR " + error.streamId() + " " + error.error() + " " + error.curlCode());
    }

    @Override
    public void onUnknownFrame(int type, int flags, int streamId, int length) {
        events.add("UNKNOWN type=" + type + " flags=" + flags + " stream=" + streamId + " length=" + length);
    }

    /** A frame as given, even one whose length field lies: {@code length} < 0 takes the payload's. */
    static byte[] frame(int length, int type, int flags, int streamId, byte[] payload) {
        int len = length < 0 ? payload.length : length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.write(type);
        out.write(flags);
        out.write(streamId >>> 24);
        out.write(streamId >>> 16);
        out.write(streamId >>> 8);
        out.write(streamId);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return frame(-1, type, flags, streamId, payload);
    }

    /** An empty SETTINGS frame: what every test sends first, as a server's preface must. */
    static byte[] emptySettings() {
        return frame(Http2Frames.TYPE_SETTINGS, 0, 0, new byte[0]);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** Feeds {@code bytes} to {@code reader} cut at each of {@code cuts} (ascending offsets). */
    static void feedInPieces(Http2FrameReader reader, byte[] bytes, int... cuts) throws Http2Exception {
        int from = 0;
        for (int cut : cuts) {
            reader.feed(bytes, from, cut - from);
            from = cut;
        }
        reader.feed(bytes, from, bytes.length - from);
    }
}
