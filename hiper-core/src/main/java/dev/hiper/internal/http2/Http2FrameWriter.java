package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.Http2Frames.*;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes the frames a client sends (RFC 9113) into an {@link OctetBuffer}: bytes out, no I/O.
 * The caller drains the buffer to the connection when it can write.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Create one per connection with the connection's {@link HpackEncoder}.
 *   <li>{@link #preface} and the first {@link #settings} before anything else (section 3.4).
 *   <li>When the peer's SETTINGS arrive, {@link #setPeerMaxFrameSize} (and the encoder's
 *       table size, {@link HpackEncoder#setPeerTableSizeLimit}), then acknowledge them.
 *   <li>Write frames as the session decides; this class does not track streams or windows.
 * </ol>
 *
 * <p>It keeps frames within the peer's SETTINGS_MAX_FRAME_SIZE: a header block that does not fit
 * in one HEADERS frame continues in CONTINUATION frames right after it, which nothing may
 * interleave (section 6.10); DATA is cut into frames of at most that size, END_STREAM on the last.
 * Arguments outside what the protocol allows (stream ids, increments) are programming errors and
 * throw {@link IllegalArgumentException}.
 */
public final class Http2FrameWriter {

    private final OctetBuffer out;
    private final HpackEncoder hpack;
    private int peerMaxFrameSize = Http2Limits.MIN_MAX_FRAME_SIZE;

    public Http2FrameWriter(OctetBuffer out, HpackEncoder hpack) {
        this.out = out;
        this.hpack = hpack;
    }

    /** The peer's SETTINGS_MAX_FRAME_SIZE arrived (section 6.5.2). */
    public void setPeerMaxFrameSize(int size) {
        if (size < Http2Limits.MIN_MAX_FRAME_SIZE || size > Http2Limits.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE " + size);
        }
        peerMaxFrameSize = size;
    }

    public int peerMaxFrameSize() {
        return peerMaxFrameSize;
    }

    /** The client connection preface (section 3.4); a SETTINGS frame must follow. */
    public void preface() {
        out.put(CLIENT_PREFACE, 0, CLIENT_PREFACE.length);
    }

    /** A SETTINGS frame with these parameters, in their order (section 6.5). */
    public void settings(Http2Settings settings) {
        frameHeader(6 * settings.size(), TYPE_SETTINGS, 0, 0);
        for (int i = 0; i < settings.size(); i++) {
            int id = settings.idAt(i);
            out.putShort(id);
            out.putInt((int) settings.get(id, 0));
        }
    }

    /** Acknowledges the peer's SETTINGS (section 6.5.3). */
    public void settingsAck() {
        frameHeader(0, TYPE_SETTINGS, FLAG_ACK, 0);
    }

    /**
     * A header block: HEADERS, then CONTINUATION frames when the block is larger than the peer's
     * maximum frame size (section 4.3), END_HEADERS on the last.
     */
    public void headers(int streamId, List<HeaderField> fields, boolean endStream) {
        requireStream(streamId);
        int headerAt = out.reserve(HEADER_LENGTH);
        int blockAt = out.length();
        hpack.encode(fields, out);
        int blockLength = out.length() - blockAt;
        if (blockLength <= peerMaxFrameSize) {
            fillHeader(headerAt, blockLength, TYPE_HEADERS, FLAG_END_HEADERS | (endStream ? FLAG_END_STREAM : 0),
                    streamId);
            return;
        }
        // Too large for one frame: take the block out and write it again in pieces.
        byte[] block = out.copy(blockAt);
        out.truncate(headerAt);
        int first = peerMaxFrameSize;
        frameHeader(first, TYPE_HEADERS, endStream ? FLAG_END_STREAM : 0, streamId);
        out.put(block, 0, first);
        for (int at = first; at < block.length; at += peerMaxFrameSize) {
            int n = Math.min(peerMaxFrameSize, block.length - at);
            frameHeader(n, TYPE_CONTINUATION, at + n == block.length ? FLAG_END_HEADERS : 0, streamId);
            out.put(block, at, n);
        }
    }

    /**
     * All of {@code data}'s remaining bytes as DATA frames of at most the peer's maximum frame
     * size, END_STREAM on the last when asked; an empty buffer with END_STREAM gives one empty
     * frame. Flow control is the caller's: it passes only what the windows allow.
     */
    public void data(int streamId, ByteBuffer data, boolean endStream) {
        requireStream(streamId);
        do {
            int n = Math.min(peerMaxFrameSize, data.remaining());
            boolean last = n == data.remaining();
            frameHeader(n, TYPE_DATA, last && endStream ? FLAG_END_STREAM : 0, streamId);
            ByteBuffer piece = data.slice();
            piece.limit(n);
            out.put(piece);
            data.position(data.position() + n);
        } while (data.hasRemaining());
    }

    /** A WINDOW_UPDATE (section 6.9); stream 0 for the connection's window. */
    public void windowUpdate(int streamId, int increment) {
        if (streamId < 0 || increment < 1) {
            throw new IllegalArgumentException("WINDOW_UPDATE of " + increment + " on stream " + streamId);
        }
        frameHeader(4, TYPE_WINDOW_UPDATE, 0, streamId);
        out.putInt(increment);
    }

    /** A PING, or the answer to one with the same payload (section 6.7). */
    public void ping(long payload, boolean ack) {
        frameHeader(8, TYPE_PING, ack ? FLAG_ACK : 0, 0);
        out.putLong(payload);
    }

    /** A RST_STREAM (section 6.4). */
    public void rstStream(int streamId, Http2ErrorCode error) {
        requireStream(streamId);
        frameHeader(4, TYPE_RST_STREAM, 0, streamId);
        out.putInt(error.code());
    }

    /** A GOAWAY (section 6.8) with optional debug data, cut to fit one frame. */
    public void goAway(int lastStreamId, Http2ErrorCode error, byte[] debugData) {
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("last stream id " + lastStreamId);
        }
        int debugLength = Math.min(debugData.length, peerMaxFrameSize - 8);
        frameHeader(8 + debugLength, TYPE_GOAWAY, 0, 0);
        out.putInt(lastStreamId);
        out.putInt(error.code());
        out.put(debugData, 0, debugLength);
    }

    /**
     * Any frame, as given: for frame types this writer has no method for (PRIORITY, padded
     * frames, extensions) and for tests that need frames a client would not send.
     */
    public void rawFrame(int type, int flags, int streamId, byte[] payload) {
        frameHeader(payload.length, type, flags, streamId);
        out.put(payload, 0, payload.length);
    }

    private static void requireStream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("stream id " + streamId);
        }
    }

    private void frameHeader(int length, int type, int flags, int streamId) {
        fillHeader(out.reserve(HEADER_LENGTH), length, type, flags, streamId);
    }

    /** The 9-octet frame header (section 4.1): 24-bit length, type, flags, reserved bit 0 and stream id. */
    private void fillHeader(int at, int length, int type, int flags, int streamId) {
        out.putMedium(at, length);
        byte[] b = out.array();
        int i = out.arrayOffset() + at + 3;
        b[i] = (byte) type;
        b[i + 1] = (byte) flags;
        b[i + 2] = (byte) ((streamId >>> 24) & 0x7f);
        b[i + 3] = (byte) (streamId >>> 16);
        b[i + 4] = (byte) (streamId >>> 8);
        b[i + 5] = (byte) streamId;
    }

    /** {@code settings} as an {@code HTTP2-Settings} header value: the frame's payload, base64url without padding. */
    static String upgradeSettings(Http2Settings settings) {
        OctetBuffer b = new OctetBuffer(64);
        new Http2FrameWriter(b, new HpackEncoder(HpackEncoder.DEFAULT_TABLE_SIZE)).settings(settings);
        byte[] frame = b.take();
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOfRange(frame, 9, frame.length));
    }
}
