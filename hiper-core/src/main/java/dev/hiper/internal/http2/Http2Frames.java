package dev.hiper.internal.http2;

import java.nio.charset.StandardCharsets;

/**
 * The wire constants of HTTP/2 framing (RFC 9113 section 4 and section 6): the client
 * connection preface, the frame header's size, frame types and flags.
 */
public final class Http2Frames {

    /**
     * The client connection preface (RFC 9113 section 3.4): 24 octets a client sends before its
     * first SETTINGS frame, chosen so that an HTTP/1.1 server fails on them at once.
     */
    public static final byte[] CLIENT_PREFACE =
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Every frame starts with 9 octets: length (24 bits), type, flags, R bit and stream id (section 4.1). */
    public static final int HEADER_LENGTH = 9;

    public static final int TYPE_DATA = 0x0;
    public static final int TYPE_HEADERS = 0x1;
    public static final int TYPE_PRIORITY = 0x2;
    public static final int TYPE_RST_STREAM = 0x3;
    public static final int TYPE_SETTINGS = 0x4;
    public static final int TYPE_PUSH_PROMISE = 0x5;
    public static final int TYPE_PING = 0x6;
    public static final int TYPE_GOAWAY = 0x7;
    public static final int TYPE_WINDOW_UPDATE = 0x8;
    public static final int TYPE_CONTINUATION = 0x9;

    /** DATA, HEADERS: the last frame the sender sends on this stream (section 6.1, 6.2). */
    public static final int FLAG_END_STREAM = 0x1;
    /** SETTINGS, PING: the frame acknowledges the peer's (section 6.5, 6.7); same bit as END_STREAM. */
    public static final int FLAG_ACK = 0x1;
    /** HEADERS, PUSH_PROMISE, CONTINUATION: the header block ends in this frame (section 6.2, 6.6, 6.10). */
    public static final int FLAG_END_HEADERS = 0x4;
    /** DATA, HEADERS, PUSH_PROMISE: a Pad Length octet leads the payload and padding ends it (section 6.1). */
    public static final int FLAG_PADDED = 0x8;
    /** HEADERS: the deprecated priority fields (5 octets) follow the pad length (section 6.2). */
    public static final int FLAG_PRIORITY = 0x20;

    /** The largest stream id and window increment: 31 bits (section 4.1, section 6.9). */
    public static final int MAX_STREAM_ID = 0x7fffffff;

    private Http2Frames() {
    }

    /** A frame type's name for messages and traces. */
    public static String typeName(int type) {
        switch (type) {
            case TYPE_DATA: return "DATA";
            case TYPE_HEADERS: return "HEADERS";
            case TYPE_PRIORITY: return "PRIORITY";
            case TYPE_RST_STREAM: return "RST_STREAM";
            case TYPE_SETTINGS: return "SETTINGS";
            case TYPE_PUSH_PROMISE: return "PUSH_PROMISE";
            case TYPE_PING: return "PING";
            case TYPE_GOAWAY: return "GOAWAY";
            case TYPE_WINDOW_UPDATE: return "WINDOW_UPDATE";
            case TYPE_CONTINUATION: return "CONTINUATION";
            default: return "type 0x" + Integer.toHexString(type);
        }
    }
}
