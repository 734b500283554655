package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;

import java.util.Objects;

/**
 * A peer broke a rule of RFC 9113 or went past a limit. Section 5.4 tells the two kinds apart:
 * a connection error ({@link #streamId()} 0) ends the whole connection with GOAWAY and this
 * {@link #error()}; a stream error ends one stream with RST_STREAM and leaves the others going.
 * Each carries the libcurl code the affected transfers end with: CURLE_HTTP2 for a connection
 * error, CURLE_HTTP2_STREAM for a stream error, CURLE_TOO_LARGE for a header list over the limit.
 */
public final class Http2Exception extends Exception {

    private static final long serialVersionUID = 1L;

    private final Http2ErrorCode error;
    private final int streamId;
    private final CurlCode curlCode;

    private Http2Exception(Http2ErrorCode error, int streamId, CurlCode curlCode, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
        this.streamId = streamId;
        this.curlCode = Objects.requireNonNull(curlCode, "curlCode");
    }

    /** An error that ends the connection (RFC 9113 section 5.4.1). */
    public static Http2Exception connectionError(Http2ErrorCode error, String message) {
        return new Http2Exception(error, 0, CurlCode.CURLE_HTTP2, message);
    }

    /** An error that ends one stream (RFC 9113 section 5.4.2). */
    public static Http2Exception streamError(int streamId, Http2ErrorCode error, String message) {
        return streamError(streamId, error, CurlCode.CURLE_HTTP2_STREAM, message);
    }

    static Http2Exception streamError(int streamId, Http2ErrorCode error, CurlCode curlCode, String message) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream error needs a stream, not " + streamId);
        }
        return new Http2Exception(error, streamId, curlCode, message);
    }

    /** The code to send in GOAWAY or RST_STREAM. */
    public Http2ErrorCode error() {
        return error;
    }

    /** The failed stream, or 0 when the whole connection failed. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    /** The result code the affected transfers end with. */
    public CurlCode curlCode() {
        return curlCode;
    }

    @Override
    public String toString() {
        return "Http2Exception[" + error + (streamId == 0 ? ", connection" : ", stream " + streamId)
                + ", " + curlCode + "]: " + getMessage();
    }
}
