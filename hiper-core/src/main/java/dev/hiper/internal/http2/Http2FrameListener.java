package dev.hiper.internal.http2;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What {@link Http2FrameReader} found, one call per frame (a header block once, after its last
 * CONTINUATION). The buffers passed are views into the reader's own buffer and valid only during
 * the call: copy what must outlive it. Calls never come from anywhere but inside
 * {@link Http2FrameReader#feed}. Every method has an empty default, so a listener names only what
 * it cares about.
 */
public interface Http2FrameListener {

    /**
     * A DATA frame (RFC 9113 section 6.1), padding removed. {@code flowControlledLength} is the
     * whole payload, padding included, which is what counts against flow-control windows.
     */
    default void onData(int streamId, ByteBuffer data, boolean endStream, int flowControlledLength) {
    }

    /** A HEADERS frame and its CONTINUATION frames, decoded (section 6.2, 6.10). */
    default void onHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
    }

    /** A PRIORITY frame (section 6.3); priority signals are deprecated and may be ignored. */
    default void onPriority(int streamId, int dependsOn, boolean exclusive, int weight) {
    }

    /** A RST_STREAM frame (section 6.4); the error code is raw, see {@link Http2ErrorCode#of}. */
    default void onRstStream(int streamId, long errorCode) {
    }

    /** A SETTINGS frame that is not an acknowledgement, its values checked (section 6.5). */
    default void onSettings(Http2Settings settings) {
    }

    /** The peer acknowledged this end's SETTINGS (section 6.5.3). */
    default void onSettingsAck() {
    }

    /** A PUSH_PROMISE frame and its CONTINUATION frames, decoded (section 6.6). */
    default void onPushPromise(int streamId, int promisedStreamId, List<HeaderField> fields) {
    }

    /** A PING frame (section 6.7): its 8 octets as a long. */
    default void onPing(long payload, boolean ack) {
    }

    /** A GOAWAY frame (section 6.8); the error code is raw, the debug data a view. */
    default void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
    }

    /** A WINDOW_UPDATE frame (section 6.9); stream 0 is the connection's window. */
    default void onWindowUpdate(int streamId, int increment) {
    }

    /**
     * One stream broke a rule or a limit; the connection goes on and the caller resets the
     * stream with {@link Http2Exception#error()} (section 5.4.2).
     */
    default void onStreamError(Http2Exception error) {
    }

    /** A frame of a type RFC 9113 does not define, skipped as section 4.1 and section 5.5 require. */
    default void onUnknownFrame(int type, int flags, int streamId, int length) {
    }
}
