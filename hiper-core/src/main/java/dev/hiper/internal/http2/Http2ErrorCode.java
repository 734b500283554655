package dev.hiper.internal.http2;

/**
 * The error codes of RST_STREAM and GOAWAY frames (RFC 9113 section 7). Codes a peer sends that
 * are not listed here carry no special meaning (section 7 says they must not trigger special
 * behaviour), which is why frames report the raw 32-bit value and {@link #of} may return null.
 */
public enum Http2ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final Http2ErrorCode[] BY_CODE = values();

    private final int code;

    Http2ErrorCode(int code) {
        this.code = code;
    }

    /** The code on the wire. */
    public int code() {
        return code;
    }

    /** The known code for a wire value, or null for one RFC 9113 does not define. */
    public static Http2ErrorCode of(long wireValue) {
        return wireValue >= 0 && wireValue < BY_CODE.length ? BY_CODE[(int) wireValue] : null;
    }

    /** A name for a wire value, known or not, for messages and traces. */
    public static String describe(long wireValue) {
        Http2ErrorCode known = of(wireValue);
        return known != null ? known.name() : "0x" + Long.toHexString(wireValue);
    }
}
