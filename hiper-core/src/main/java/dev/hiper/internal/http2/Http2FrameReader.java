package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.Http2ErrorCode.ENHANCE_YOUR_CALM;
import static dev.hiper.internal.http2.Http2ErrorCode.FLOW_CONTROL_ERROR;
import static dev.hiper.internal.http2.Http2ErrorCode.FRAME_SIZE_ERROR;
import static dev.hiper.internal.http2.Http2ErrorCode.PROTOCOL_ERROR;
import static dev.hiper.internal.http2.Http2Exception.connectionError;
import static dev.hiper.internal.http2.Http2Frames.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.io.Clock;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the frames a server sends on one HTTP/2 connection (RFC 9113): bytes in, calls to an
 * {@link Http2FrameListener} out. No I/O; the caller feeds whatever bytes it read, split anywhere.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Create one per connection, after the client preface went out.
 *   <li>{@link #feed} every byte read from the connection, in order. Each frame is reported as
 *       soon as its last byte arrives; a header block once, when its END_HEADERS arrives.
 *   <li>When the peer acknowledges this end's SETTINGS, call {@link #localSettingsAcknowledged}.
 *   <li>A connection error throws {@link Http2Exception}; the connection is then over (send
 *       GOAWAY with its code and close) and every later {@link #feed} throws the same error.
 *       Stream errors go to {@link Http2FrameListener#onStreamError} and reading goes on.
 * </ol>
 *
 * <p>What it checks (RFC 9113 sections 4 to 6): the server's first frame is SETTINGS (section
 * 3.4); no frame exceeds {@link Http2Limits#maxFrameSize()} (section 4.2); frames that must have
 * a stream id have one and those that must not, do not (section 6); fixed-size frames have their
 * size (section 6.3 to 6.9); padding fits in its frame (section 6.1); a header block is followed
 * only by CONTINUATION frames of the same stream until END_HEADERS, and CONTINUATION comes
 * nowhere else (section 6.10); SETTINGS values are in range (section 6.5.2); a window increment
 * is not 0 (section 6.9); PUSH_PROMISE only arrives when push was enabled (section 8.4).
 * Frames of unknown types are skipped without being buffered (section 5.5). Header blocks go
 * through the connection's {@link HpackDecoder}. The limits of {@link Http2Limits} bound the
 * header block buffer, the CONTINUATION frames per block and the RST_STREAM rate.
 */
public final class Http2FrameReader {

    private enum State { FRAME_HEADER, PAYLOAD, SKIP, FAILED }

    private final Http2Limits limits;
    private final Http2FrameListener listener;
    private final boolean pushEnabled;
    private final HpackDecoder hpack;
    private final RateLimit peerResets;

    private State state = State.FRAME_HEADER;
    private Http2Exception failure;
    private boolean settingsSeen;

    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerFill;
    private int length;
    private int type;
    private int flags;
    private int streamId;

    private byte[] payload = new byte[1024];
    private int payloadFill;
    private int skipLeft;

    /** The header block being assembled, when a HEADERS or PUSH_PROMISE came without END_HEADERS. */
    private final HeaderBlockAssembly block;

    /**
     * @param limits the limits to enforce
     * @param listener receives the frames
     * @param clock the time source of the RST_STREAM rate limit
     * @param pushEnabled whether this end's SETTINGS allow server push (SETTINGS_ENABLE_PUSH 1)
     */
    public Http2FrameReader(Http2Limits limits, Http2FrameListener listener, Clock clock, boolean pushEnabled) {
        this.limits = limits;
        this.listener = listener;
        this.pushEnabled = pushEnabled;
        this.hpack = new HpackDecoder(Http2Limits.DEFAULT_HEADER_TABLE_SIZE, limits.maxHeaderListSize());
        this.peerResets = new RateLimit(limits.maxPeerResetsPerSecond(), clock);
        this.block = new HeaderBlockAssembly(limits);
    }

    /**
     * The peer acknowledged these SETTINGS of this end: from now on its encoder works within
     * their SETTINGS_HEADER_TABLE_SIZE (RFC 9113 section 6.5.3).
     */
    public void localSettingsAcknowledged(Http2Settings ours) {
        if (ours.has(Http2Settings.HEADER_TABLE_SIZE)) {
            hpack.setTableSizeLimit(ours.get(Http2Settings.HEADER_TABLE_SIZE, 0));
        }
    }

    /** Reads all of {@code in}'s remaining bytes. */
    public void feed(ByteBuffer in) throws Http2Exception {
        if (state == State.FAILED) {
            throw failure;
        }
        try {
            while (in.hasRemaining()) {
                step(in);
            }
        } catch (Http2Exception e) {
            if (e.isConnectionError()) {
                failure = e;
                moveTo(State.FAILED);
                block.reset();
                payload = null;
            }
            throw e;
        }
    }

    /** Reads {@code len} bytes of {@code b} from {@code off}. */
    public void feed(byte[] b, int off, int len) throws Http2Exception {
        feed(ByteBuffer.wrap(b, off, len));
    }

    /** True when no partial frame or header block is buffered: the input so far ended on a boundary. */
    public boolean atFrameBoundary() {
        return state == State.FRAME_HEADER && headerFill == 0 && !block.active();
    }

    private void step(ByteBuffer in) throws Http2Exception {
        switch (state) {
            case FRAME_HEADER: {
                int n = Math.min(HEADER_LENGTH - headerFill, in.remaining());
                in.get(header, headerFill, n);
                headerFill += n;
                if (headerFill == HEADER_LENGTH) {
                    headerFill = 0;
                    startFrame();
                }
                break;
            }
            case PAYLOAD: {
                int n = Math.min(length - payloadFill, in.remaining());
                in.get(payload, payloadFill, n);
                payloadFill += n;
                if (payloadFill == length) {
                    moveTo(State.FRAME_HEADER);
                    endFrame();
                }
                break;
            }
            case SKIP: {
                int n = Math.min(skipLeft, in.remaining());
                in.position(in.position() + n);
                skipLeft -= n;
                if (skipLeft == 0) {
                    moveTo(State.FRAME_HEADER);
                }
                break;
            }
            default:
                throw failure;
        }
    }

    /** The frame header is complete: check what can be checked before the payload arrives. */
    private void startFrame() throws Http2Exception {
        length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        // The reserved bit must be ignored on receipt (section 4.1).
        streamId = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8)
                | (header[8] & 0xff);
        if (length > limits.maxFrameSize()) {
            throw connectionError(FRAME_SIZE_ERROR, typeName(type) + " frame of " + length
                    + " octets exceeds SETTINGS_MAX_FRAME_SIZE " + limits.maxFrameSize());
        }
        if (block.active()) {
            // Section 6.10: only CONTINUATION frames of the same stream until END_HEADERS.
            if (type != TYPE_CONTINUATION || streamId != block.streamId()) {
                throw connectionError(PROTOCOL_ERROR, typeName(type) + " on stream " + streamId
                        + " inside the header block of stream " + block.streamId());
            }
            block.expectContinuation(length);
        } else if (type == TYPE_CONTINUATION) {
            throw connectionError(PROTOCOL_ERROR, "CONTINUATION on stream " + streamId + " without a header block");
        }
        if (!settingsSeen) {
            // Section 3.4: the server's preface is a SETTINGS frame, and it comes first.
            if (type != TYPE_SETTINGS || (flags & FLAG_ACK) != 0) {
                throw connectionError(PROTOCOL_ERROR, "the server's first frame is " + typeName(type)
                        + ", not SETTINGS");
            }
            settingsSeen = true;
        }
        checkStreamAndLength();
        if (type > TYPE_CONTINUATION) {
            listener.onUnknownFrame(type, flags, streamId, length);
            skipLeft = length;
            moveTo(length == 0 ? State.FRAME_HEADER : State.SKIP);
            return;
        }
        if (payload.length < length) {
            payload = new byte[Math.max(length, Math.min(2 * payload.length, limits.maxFrameSize()))];
        }
        payloadFill = 0;
        if (length == 0) {
            endFrame();
        } else {
            moveTo(State.PAYLOAD);
        }
    }

    /**
     * The one place the state changes: reading a frame header, then its payload (buffered) or
     * an unknown frame's (skipped), then the next header; FAILED after a connection error, for good.
     */
    private void moveTo(State next) {
        if (state == State.FAILED) {
            throw new IllegalStateException("the reader failed: " + failure.getMessage());
        }
        state = next;
    }

    /** Stream id and size rules that the frame header alone decides (section 6). */
    private void checkStreamAndLength() throws Http2Exception {
        boolean needsStream = type == TYPE_DATA || type == TYPE_HEADERS || type == TYPE_PRIORITY
                || type == TYPE_RST_STREAM || type == TYPE_PUSH_PROMISE || type == TYPE_CONTINUATION;
        boolean needsConnection = type == TYPE_SETTINGS || type == TYPE_PING || type == TYPE_GOAWAY;
        if (needsStream && streamId == 0) {
            throw connectionError(PROTOCOL_ERROR, typeName(type) + " on stream 0");
        }
        if (needsConnection && streamId != 0) {
            throw connectionError(PROTOCOL_ERROR, typeName(type) + " on stream " + streamId + ", not 0");
        }
        switch (type) {
            case TYPE_RST_STREAM:
            case TYPE_WINDOW_UPDATE:
                requireLength(4);
                break;
            case TYPE_PING:
                requireLength(8);
                break;
            case TYPE_SETTINGS:
                if ((flags & FLAG_ACK) != 0 && length != 0) {
                    throw connectionError(FRAME_SIZE_ERROR, "SETTINGS acknowledgement with a payload of " + length);
                }
                if (length % 6 != 0) {
                    throw connectionError(FRAME_SIZE_ERROR, "SETTINGS payload of " + length + " octets, not 6 each");
                }
                break;
            case TYPE_GOAWAY:
                if (length < 8) {
                    throw connectionError(FRAME_SIZE_ERROR, "GOAWAY of " + length + " octets, fewer than 8");
                }
                break;
            case TYPE_PUSH_PROMISE:
                if (!pushEnabled) {
                    // Section 8.4: push was disabled with SETTINGS_ENABLE_PUSH 0.
                    throw connectionError(PROTOCOL_ERROR, "PUSH_PROMISE while push is disabled");
                }
                break;
            default:
                break;
        }
        if ((type == TYPE_HEADERS || type == TYPE_PUSH_PROMISE) && (flags & FLAG_END_HEADERS) == 0
                && length > limits.maxHeaderBlockSize()) {
            throw connectionError(ENHANCE_YOUR_CALM, "header block over " + limits.maxHeaderBlockSize() + " octets");
        }
    }

    private void requireLength(int expected) throws Http2Exception {
        if (length != expected) {
            throw connectionError(FRAME_SIZE_ERROR, typeName(type) + " of " + length + " octets, not " + expected);
        }
    }

    /** The payload is complete: parse it and tell the listener. */
    private void endFrame() throws Http2Exception {
        switch (type) {
            case TYPE_DATA: readData(); break;
            case TYPE_HEADERS: readHeaders(); break;
            case TYPE_PRIORITY: readPriority(); break;
            case TYPE_RST_STREAM: readRstStream(); break;
            case TYPE_SETTINGS: readSettings(); break;
            case TYPE_PUSH_PROMISE: readPushPromise(); break;
            case TYPE_PING: listener.onPing(getLong(0), (flags & FLAG_ACK) != 0); break;
            case TYPE_GOAWAY: readGoAway(); break;
            case TYPE_WINDOW_UPDATE: readWindowUpdate(); break;
            case TYPE_CONTINUATION: readContinuation(); break;
            default: throw new IllegalStateException("type " + type);
        }
    }

    private void readData() throws Http2Exception {
        int padding = padLength();
        int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
        listener.onData(streamId, ByteBuffer.wrap(payload, start, length - start - padding).asReadOnlyBuffer(),
                (flags & FLAG_END_STREAM) != 0, length);
    }

    private void readHeaders() throws Http2Exception {
        int padding = padLength();
        int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
        Http2Exception priorityError = null;
        if ((flags & FLAG_PRIORITY) != 0) {
            if (length - start - padding < 5) {
                throw connectionError(FRAME_SIZE_ERROR, "HEADERS too short for its priority fields");
            }
            if ((getInt(start) & MAX_STREAM_ID) == streamId) {
                // Section 5.3.1: a stream cannot depend on itself. The block is still decoded below.
                priorityError = Http2Exception.streamError(streamId, PROTOCOL_ERROR, "stream depends on itself");
            }
            start += 5;
        }
        block.begin(TYPE_HEADERS, streamId, 0, (flags & FLAG_END_STREAM) != 0, priorityError);
        fragment(start, length - start - padding);
    }

    private void readPushPromise() throws Http2Exception {
        int padding = padLength();
        int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
        if (length - start - padding < 4) {
            throw connectionError(FRAME_SIZE_ERROR, "PUSH_PROMISE too short for its promised stream id");
        }
        int promised = getInt(start) & MAX_STREAM_ID;
        if (promised == 0 || (promised & 1) != 0) {
            // Section 5.1.1: streams a server opens have even, non-zero ids.
            throw connectionError(PROTOCOL_ERROR, "PUSH_PROMISE promises stream " + promised);
        }
        block.begin(TYPE_PUSH_PROMISE, streamId, promised, false, null);
        fragment(start + 4, length - start - 4 - padding);
    }

    private void readContinuation() throws Http2Exception {
        fragment(0, length);
    }

    /** Adds a header block fragment; at END_HEADERS decodes the block and reports it. */
    private void fragment(int off, int len) throws Http2Exception {
        if ((flags & FLAG_END_HEADERS) == 0) {
            block.append(payload, off, len);
            return;
        }
        int blockStream = block.streamId();
        List<HeaderField> fields;
        try {
            fields = block.decodeWith(hpack, payload, off, len);
        } catch (HpackException e) {
            if (!e.contextIntact()) {
                throw connectionError(Http2ErrorCode.COMPRESSION_ERROR, "header block of stream " + blockStream
                        + ": " + e.getMessage());
            }
            // The table is in step: fail the stream alone. CANCEL says this end no longer wants it.
            listener.onStreamError(Http2Exception.streamError(blockStream, Http2ErrorCode.CANCEL,
                    CurlCode.CURLE_TOO_LARGE, e.getMessage()));
            block.reset();
            return;
        }
        if (block.streamError() != null) {
            listener.onStreamError(block.streamError());
        } else if (block.type() == TYPE_HEADERS) {
            listener.onHeaders(blockStream, fields, block.endStream());
        } else {
            listener.onPushPromise(blockStream, block.promisedStreamId(), fields);
        }
        block.reset();
    }

    /** The Pad Length of a padded frame, checked against the frame (section 6.1); 0 when not padded. */
    private int padLength() throws Http2Exception {
        if ((flags & FLAG_PADDED) == 0) {
            return 0;
        }
        if (length < 1) {
            throw connectionError(FRAME_SIZE_ERROR, typeName(type) + " flagged PADDED without a Pad Length");
        }
        int padding = payload[0] & 0xff;
        if (padding >= length) {
            throw connectionError(PROTOCOL_ERROR, typeName(type) + " padding of " + padding
                    + " octets in a payload of " + length);
        }
        return padding;
    }

    private void readPriority() throws Http2Exception {
        if (length != 5) {
            // Section 6.3: a stream error, since PRIORITY changes no shared state.
            listener.onStreamError(Http2Exception.streamError(streamId, FRAME_SIZE_ERROR,
                    "PRIORITY of " + length + " octets, not 5"));
            return;
        }
        int word = getInt(0);
        int dependsOn = word & MAX_STREAM_ID;
        if (dependsOn == streamId) {
            listener.onStreamError(Http2Exception.streamError(streamId, PROTOCOL_ERROR, "stream depends on itself"));
            return;
        }
        listener.onPriority(streamId, dependsOn, word < 0, (payload[4] & 0xff) + 1);
    }

    private void readRstStream() throws Http2Exception {
        if (!peerResets.tryAcquire()) {
            throw connectionError(ENHANCE_YOUR_CALM, "the peer reset streams faster than "
                    + limits.maxPeerResetsPerSecond() + " a second");
        }
        listener.onRstStream(streamId, getInt(0) & 0xffffffffL);
    }

    private void readSettings() throws Http2Exception {
        if ((flags & FLAG_ACK) != 0) {
            listener.onSettingsAck();
            return;
        }
        Http2Settings settings = new Http2Settings();
        for (int at = 0; at < length; at += 6) {
            int id = ((payload[at] & 0xff) << 8) | (payload[at + 1] & 0xff);
            long value = getInt(at + 2) & 0xffffffffL;
            checkSetting(id, value);
            settings.set(id, value);
        }
        listener.onSettings(settings);
    }

    /** Section 6.5.2's ranges; a client must also refuse ENABLE_PUSH 1 from a server. */
    private static void checkSetting(int id, long value) throws Http2Exception {
        switch (id) {
            case Http2Settings.ENABLE_PUSH:
                if (value != 0) {
                    throw connectionError(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + value + " from a server");
                }
                break;
            case Http2Settings.INITIAL_WINDOW_SIZE:
                if (value > MAX_STREAM_ID) {
                    throw connectionError(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
                }
                break;
            case Http2Settings.MAX_FRAME_SIZE:
                if (value < Http2Limits.MIN_MAX_FRAME_SIZE || value > Http2Limits.MAX_MAX_FRAME_SIZE) {
                    throw connectionError(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
                }
                break;
            case Http2Settings.ENABLE_CONNECT_PROTOCOL:
                if (value > 1) { // RFC 8441 section 3: 0 or 1
                    throw connectionError(PROTOCOL_ERROR, "SETTINGS_ENABLE_CONNECT_PROTOCOL " + value);
                }
                break;
            default:
                break;
        }
    }

    private void readGoAway() {
        int lastStreamId = getInt(0) & MAX_STREAM_ID;
        long errorCode = getInt(4) & 0xffffffffL;
        listener.onGoAway(lastStreamId, errorCode, ByteBuffer.wrap(payload, 8, length - 8).asReadOnlyBuffer());
    }

    private void readWindowUpdate() throws Http2Exception {
        int increment = getInt(0) & MAX_STREAM_ID;
        if (increment == 0) {
            if (streamId == 0) {
                throw connectionError(PROTOCOL_ERROR, "WINDOW_UPDATE of 0 for the connection");
            }
            listener.onStreamError(Http2Exception.streamError(streamId, PROTOCOL_ERROR, "WINDOW_UPDATE of 0"));
            return;
        }
        listener.onWindowUpdate(streamId, increment);
    }

    private int getInt(int at) {
        return ((payload[at] & 0xff) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8)
                | (payload[at + 3] & 0xff);
    }

    private long getLong(int at) {
        return ((long) getInt(at) << 32) | (getInt(at + 4) & 0xffffffffL);
    }
}
