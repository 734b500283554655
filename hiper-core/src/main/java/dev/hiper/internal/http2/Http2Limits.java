package dev.hiper.internal.http2;

/**
 * Every limit the HTTP/2 codec enforces on what a peer sends, each with its default and the
 * reason for it. An immutable value; {@link #DEFAULTS} is what a connection uses unless told
 * otherwise, and the {@code with...} methods return a changed copy.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>over it</th></tr>
 *   <tr><td>{@link #maxFrameSize()}: the SETTINGS_MAX_FRAME_SIZE this end advertises</td>
 *       <td>16,384 (the protocol's minimum, RFC 9113 section 4.2)</td>
 *       <td>connection error FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>{@link #maxHeaderListSize()}: SETTINGS_MAX_HEADER_LIST_SIZE, name + value + 32 per field</td>
 *       <td>307,200 (300 KiB, the HTTP/1.1 parser's total for a response head, as libcurl's
 *       MAX_HTTP_RESP_HEADER_SIZE)</td>
 *       <td>stream error, the transfer ends with CURLE_TOO_LARGE</td></tr>
 *   <tr><td>{@link #maxHeaderBlockSize()}: compressed octets of one header block, HEADERS or
 *       PUSH_PROMISE with its CONTINUATION frames, buffered until END_HEADERS</td>
 *       <td>2 x the header list size: an encoder sending literals never needs more octets than
 *       the list counts, so twice that is slack, yet it bounds the buffer</td>
 *       <td>connection error ENHANCE_YOUR_CALM (the block cannot be decoded, so the compression
 *       context is lost)</td></tr>
 *   <tr><td>{@link #maxContinuationFrames()}: CONTINUATION frames after one HEADERS or PUSH_PROMISE</td>
 *       <td>32: a list of the default maximum in default-sized frames needs 19; empty or tiny
 *       frames in a long run (the 2024 "CONTINUATION flood", CVE-2024-27316 and kin) cost a call
 *       each while adding nothing</td>
 *       <td>connection error ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #maxPeerResetsPerSecond()}: RST_STREAM frames from the peer, a token bucket of
 *       one second's worth</td>
 *       <td>200: twice a full set of 100 concurrent streams refused at once; a peer resetting
 *       faster is the 2023 "rapid reset" shape (CVE-2023-44487)</td>
 *       <td>connection error ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #headerTableSize()}: SETTINGS_HEADER_TABLE_SIZE, the peer encoder's dynamic table
 *       at most</td>
 *       <td>4,096 (the protocol's default, RFC 9113 section 6.5.2)</td>
 *       <td>a size update above it is a connection error COMPRESSION_ERROR</td></tr>
 * </table>
 *
 * <p>Each ends one connection or one stream with a precise code, never the engine or the JVM:
 * every buffer the codec holds is bounded by one of these numbers.
 */
public final class Http2Limits {

    /** The smallest SETTINGS_MAX_FRAME_SIZE allowed, also its initial value (RFC 9113 section 6.5.2). */
    public static final int MIN_MAX_FRAME_SIZE = 16_384;
    /** The largest SETTINGS_MAX_FRAME_SIZE allowed, 2^24 - 1 (RFC 9113 section 6.5.2). */
    public static final int MAX_MAX_FRAME_SIZE = 16_777_215;

    public static final int DEFAULT_MAX_FRAME_SIZE = MIN_MAX_FRAME_SIZE;
    public static final int DEFAULT_MAX_HEADER_LIST_SIZE = 300 * 1024;
    public static final int DEFAULT_MAX_HEADER_BLOCK_SIZE = 2 * DEFAULT_MAX_HEADER_LIST_SIZE;
    public static final int DEFAULT_MAX_CONTINUATION_FRAMES = 32;
    public static final int DEFAULT_MAX_PEER_RESETS_PER_SECOND = 200;
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4_096;

    public static final Http2Limits DEFAULTS = new Http2Limits(DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_HEADER_LIST_SIZE,
            DEFAULT_MAX_HEADER_BLOCK_SIZE, DEFAULT_MAX_CONTINUATION_FRAMES, DEFAULT_MAX_PEER_RESETS_PER_SECOND,
            DEFAULT_HEADER_TABLE_SIZE);

    private final int maxFrameSize;
    private final int maxHeaderListSize;
    private final int maxHeaderBlockSize;
    private final int maxContinuationFrames;
    private final int maxPeerResetsPerSecond;
    private final int headerTableSize;

    private Http2Limits(int maxFrameSize, int maxHeaderListSize, int maxHeaderBlockSize, int maxContinuationFrames,
            int maxPeerResetsPerSecond, int headerTableSize) {
        if (maxFrameSize < MIN_MAX_FRAME_SIZE || maxFrameSize > MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 16384..16777215");
        }
        if (maxHeaderListSize < 0 || maxHeaderBlockSize < 0 || maxContinuationFrames < 0
                || maxPeerResetsPerSecond <= 0 || headerTableSize < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        this.maxFrameSize = maxFrameSize;
        this.maxHeaderListSize = maxHeaderListSize;
        this.maxHeaderBlockSize = maxHeaderBlockSize;
        this.maxContinuationFrames = maxContinuationFrames;
        this.maxPeerResetsPerSecond = maxPeerResetsPerSecond;
        this.headerTableSize = headerTableSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public int maxHeaderListSize() {
        return maxHeaderListSize;
    }

    public int maxHeaderBlockSize() {
        return maxHeaderBlockSize;
    }

    public int maxContinuationFrames() {
        return maxContinuationFrames;
    }

    public int maxPeerResetsPerSecond() {
        return maxPeerResetsPerSecond;
    }

    public int headerTableSize() {
        return headerTableSize;
    }

    public Http2Limits withMaxFrameSize(int v) {
        return new Http2Limits(v, maxHeaderListSize, maxHeaderBlockSize, maxContinuationFrames,
                maxPeerResetsPerSecond, headerTableSize);
    }

    public Http2Limits withMaxHeaderListSize(int v) {
        return new Http2Limits(maxFrameSize, v, maxHeaderBlockSize, maxContinuationFrames,
                maxPeerResetsPerSecond, headerTableSize);
    }

    public Http2Limits withMaxHeaderBlockSize(int v) {
        return new Http2Limits(maxFrameSize, maxHeaderListSize, v, maxContinuationFrames,
                maxPeerResetsPerSecond, headerTableSize);
    }

    public Http2Limits withMaxContinuationFrames(int v) {
        return new Http2Limits(maxFrameSize, maxHeaderListSize, maxHeaderBlockSize, v,
                maxPeerResetsPerSecond, headerTableSize);
    }

    public Http2Limits withMaxPeerResetsPerSecond(int v) {
        return new Http2Limits(maxFrameSize, maxHeaderListSize, maxHeaderBlockSize, maxContinuationFrames,
                v, headerTableSize);
    }

    public Http2Limits withHeaderTableSize(int v) {
        return new Http2Limits(maxFrameSize, maxHeaderListSize, maxHeaderBlockSize, maxContinuationFrames,
                maxPeerResetsPerSecond, v);
    }

    /**
     * The SETTINGS this end advertises for these limits (RFC 9113 section 6.5.2): its table size,
     * frame size and header list size, and ENABLE_PUSH 0, since hiper does not take pushed
     * responses (libcurl's default). The decoder's table limit takes effect when the peer
     * acknowledges them ({@link Http2FrameReader#localSettingsAcknowledged}). The reader enforces
     * the other two from the start: the frame limit is never below the protocol's initial 16,384,
     * so it refuses nothing a peer may send before it saw them, and the list limit is advisory
     * anyway (section 6.5.2).
     */
    public Http2Settings localSettings() {
        return new Http2Settings()
                .set(Http2Settings.HEADER_TABLE_SIZE, headerTableSize)
                .set(Http2Settings.ENABLE_PUSH, 0)
                .set(Http2Settings.MAX_FRAME_SIZE, maxFrameSize)
                .set(Http2Settings.MAX_HEADER_LIST_SIZE, maxHeaderListSize);
    }

    @Override
    public String toString() {
        return "Http2Limits[maxFrameSize=" + maxFrameSize + ", maxHeaderListSize=" + maxHeaderListSize
                + ", maxHeaderBlockSize=" + maxHeaderBlockSize + ", maxContinuationFrames=" + maxContinuationFrames
                + ", maxPeerResetsPerSecond=" + maxPeerResetsPerSecond + ", headerTableSize=" + headerTableSize + "]";
    }
}
