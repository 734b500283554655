package dev.hiper.internal.http2;

import java.util.Arrays;

/**
 * The parameters of one SETTINGS frame (RFC 9113 section 6.5), in the order they appeared. Only
 * the six parameters RFC 9113 defines and RFC 8441's {@link #ENABLE_CONNECT_PROTOCOL} are kept:
 * unknown ones must be ignored (section 6.5.2).
 * A parameter that appears twice keeps its last value, as processing them in order gives.
 */
public final class Http2Settings {

    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    /** RFC 8441 section 3: 1 when the server takes extended CONNECT (a {@code :protocol}), as for WebSocket. */
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;

    private static final int KNOWN = 6;

    /** Values by id; -1 where the frame did not carry the parameter. Values are unsigned 32-bit. */
    private final long[] values = new long[ENABLE_CONNECT_PROTOCOL + 1];
    private final int[] order = new int[KNOWN + 1];
    private int count;

    public Http2Settings() {
        Arrays.fill(values, -1);
    }

    /** Whether {@code id} is one of the parameters RFC 9113 defines, or RFC 8441's. */
    public static boolean isKnown(int id) {
        return id >= 1 && id <= KNOWN || id == ENABLE_CONNECT_PROTOCOL;
    }

    /** Sets a parameter; unknown ids are ignored. Returns this, for chaining. */
    public Http2Settings set(int id, long value) {
        if (!isKnown(id)) {
            return this;
        }
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("setting value " + value);
        }
        if (values[id] < 0) {
            order[count++] = id;
        }
        values[id] = value;
        return this;
    }

    public boolean has(int id) {
        return isKnown(id) && values[id] >= 0;
    }

    /** The value of {@code id}, or {@code otherwise} when the frame did not carry it. */
    public long get(int id, long otherwise) {
        return has(id) ? values[id] : otherwise;
    }

    /** Parameters carried. */
    public int size() {
        return count;
    }

    /** The id of the {@code i}-th parameter, in the order first seen. */
    public int idAt(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return order[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Http2Settings other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Http2Settings[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(order[i]).append('=').append(values[order[i]]);
        }
        return sb.append(']').toString();
    }
}
