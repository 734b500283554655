package dev.hiper.internal.http2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable run of octets that the HPACK encoder and the frame writer append to. Bytes are
 * appended at the end and taken from the front ({@link #drainTo}); a frame's length field can
 * be filled in after its payload is written ({@link #putMedium}). Not shared between owners.
 */
public final class OctetBuffer {

    private byte[] bytes;
    private int start;
    private int end;

    public OctetBuffer() {
        this(256);
    }

    public OctetBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Octets written and not yet drained. */
    public int length() {
        return end - start;
    }

    /** Appends the low 8 bits of {@code b}. */
    public void put(int b) {
        ensure(1);
        bytes[end++] = (byte) b;
    }

    public void put(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, end, len);
        end += len;
    }

    public void put(ByteBuffer src) {
        int len = src.remaining();
        ensure(len);
        src.get(bytes, end, len);
        end += len;
    }

    public void putShort(int v) {
        put(v >>> 8);
        put(v);
    }

    public void putInt(int v) {
        putShort(v >>> 16);
        putShort(v);
    }

    public void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    /** Reserves {@code len} octets at the end and returns their offset from the front, for {@link #putMedium}. */
    int reserve(int len) {
        ensure(len);
        int at = end - start;
        end += len;
        return at;
    }

    /** Overwrites three octets at {@code at} (an offset from the front) with a 24-bit big-endian value. */
    void putMedium(int at, int v) {
        bytes[start + at] = (byte) (v >>> 16);
        bytes[start + at + 1] = (byte) (v >>> 8);
        bytes[start + at + 2] = (byte) v;
    }

    /** The octet at {@code at}, an offset from the front. */
    int get(int at) {
        return bytes[start + at] & 0xff;
    }

    /** The backing array, for reading {@link #length()} octets from {@link #arrayOffset()} in place. */
    byte[] array() {
        return bytes;
    }

    int arrayOffset() {
        return start;
    }

    /** Copies as many octets as fit into {@code dst} and drops them from the front. */
    public void drainTo(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), length());
        dst.put(bytes, start, n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** All octets not yet drained, which are then dropped. */
    public byte[] take() {
        byte[] out = Arrays.copyOfRange(bytes, start, end);
        start = 0;
        end = 0;
        return out;
    }

    /** Drops everything. */
    public void clear() {
        start = 0;
        end = 0;
    }

    /** Copies the octets from {@code from} to the end, without dropping them. */
    byte[] copy(int from) {
        return Arrays.copyOfRange(bytes, start + from, end);
    }

    /** Drops octets from offset {@code from} to the end. */
    void truncate(int from) {
        end = start + from;
    }

    private void ensure(int more) {
        if (end + more <= bytes.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) end + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
