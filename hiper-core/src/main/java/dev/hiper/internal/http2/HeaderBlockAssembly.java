package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.Http2ErrorCode.ENHANCE_YOUR_CALM;

import java.util.List;

/**
 * A header block arriving in pieces: the fragment of a HEADERS or PUSH_PROMISE frame without
 * END_HEADERS, then the fragments of its CONTINUATION frames (RFC 9113 section 4.3, section 6.10).
 * HPACK needs the whole block (a string may straddle two frames), so the fragments are buffered,
 * within {@link Http2Limits#maxHeaderBlockSize()} octets and
 * {@link Http2Limits#maxContinuationFrames()} frames: a peer that keeps a block open with empty or
 * tiny CONTINUATION frames ends the connection with ENHANCE_YOUR_CALM instead of holding memory
 * and time without bound (the 2024 "CONTINUATION flood").
 */
final class HeaderBlockAssembly {

    /** A buffer that grew past this many octets for one block is dropped afterwards, not kept for the connection's life. */
    private static final int KEEP_AT_MOST = 16 * 1024;

    private final Http2Limits limits;
    private OctetBuffer bytes = new OctetBuffer();
    private boolean active;
    private int type;
    private int streamId;
    private int promisedStreamId;
    private boolean endStream;
    private Http2Exception streamError;
    private int continuations;

    HeaderBlockAssembly(Http2Limits limits) {
        this.limits = limits;
    }

    /** A HEADERS or PUSH_PROMISE frame starts a block; {@code streamError} fails it once decoded. */
    void begin(int type, int streamId, int promisedStreamId, boolean endStream, Http2Exception streamError) {
        this.active = true;
        this.type = type;
        this.streamId = streamId;
        this.promisedStreamId = promisedStreamId;
        this.endStream = endStream;
        this.streamError = streamError;
        this.continuations = 0;
    }

    /** Whether a block is open, waiting for CONTINUATION frames. */
    boolean active() {
        return active;
    }

    /** A CONTINUATION frame of {@code length} octets is about to arrive: refuse it before buffering it. */
    void expectContinuation(int length) throws Http2Exception {
        if (++continuations > limits.maxContinuationFrames()) {
            throw Http2Exception.connectionError(ENHANCE_YOUR_CALM, "header block of stream " + streamId
                    + " goes on past " + limits.maxContinuationFrames() + " CONTINUATION frames");
        }
        if ((long) bytes.length() + length > limits.maxHeaderBlockSize()) {
            throw Http2Exception.connectionError(ENHANCE_YOUR_CALM, "header block of stream " + streamId
                    + " exceeds " + limits.maxHeaderBlockSize() + " octets");
        }
    }

    void append(byte[] src, int off, int len) {
        bytes.put(src, off, len);
    }

    /** Decodes the buffered fragments followed by the last one, {@code len} octets of {@code src}. */
    List<HeaderField> decodeWith(HpackDecoder hpack, byte[] src, int off, int len) throws HpackException {
        if (bytes.length() == 0) {
            return hpack.decode(src, off, len); // the common case: the whole block in one frame
        }
        bytes.put(src, off, len);
        return hpack.decode(bytes.array(), bytes.arrayOffset(), bytes.length());
    }

    int type() {
        return type;
    }

    int streamId() {
        return streamId;
    }

    int promisedStreamId() {
        return promisedStreamId;
    }

    boolean endStream() {
        return endStream;
    }

    Http2Exception streamError() {
        return streamError;
    }

    /** The block was reported (or the connection failed): forget it. */
    void reset() {
        active = false;
        streamError = null;
        if (bytes.array().length > KEEP_AT_MOST) {
            bytes = new OctetBuffer();
        } else {
            bytes.clear();
        }
    }
}
