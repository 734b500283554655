package dev.hiper.internal.http2;

/**
 * The HPACK dynamic table (RFC 7541 section 2.3.2 and section 4): a first-in, first-out list of
 * fields, the newest at position 0, whose size (section 4.1: octets plus 32 per entry) never
 * exceeds the current maximum. Adding an entry evicts the oldest ones until it fits; an entry
 * larger than the maximum empties the table and is not added (section 4.4). Encoder and decoder
 * each keep one, and the two stay equal as long as both apply the same representations.
 *
 * <p>Held as a ring of references that grows by doubling; its length is bounded by the maximum
 * size over 32, so a table of the default 4,096 octets holds at most 128 entries.
 */
final class HpackDynamicTable {

    private HeaderField[] ring = new HeaderField[16];
    private int head; // slot of the newest entry
    private int count;
    private long size;
    private long maxSize;

    HpackDynamicTable(long maxSize) {
        this.maxSize = maxSize;
    }

    /** Entries in the table. */
    int length() {
        return count;
    }

    /** The sum of the entries' sizes. */
    long size() {
        return size;
    }

    /** The current maximum size, as last set by a dynamic table size update. */
    long maxSize() {
        return maxSize;
    }

    /** The entry at {@code position}, 0 being the newest (dynamic index 62 in HPACK's address space). */
    HeaderField get(int position) {
        if (position < 0 || position >= count) {
            throw new IndexOutOfBoundsException(position);
        }
        return ring[(head + position) & (ring.length - 1)];
    }

    /** Adds a field as the newest entry, evicting from the oldest end first (RFC 7541 section 4.4). */
    void add(HeaderField field) {
        long entrySize = field.size();
        if (entrySize > maxSize) {
            clear();
            return;
        }
        evictUntil(maxSize - entrySize);
        if (count == ring.length) {
            grow();
        }
        head = (head - 1) & (ring.length - 1);
        ring[head] = field;
        count++;
        size += entrySize;
    }

    /** Sets a new maximum size, evicting entries until the table fits it (RFC 7541 section 4.3). */
    void setMaxSize(long newMaxSize) {
        maxSize = newMaxSize;
        evictUntil(newMaxSize);
    }

    /** The position of an entry equal to {@code field}, or -1. */
    int positionOf(HeaderField field) {
        for (int i = 0; i < count; i++) {
            if (get(i).equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The position of the newest entry named {@code name}, or -1. */
    int positionOfName(String name) {
        for (int i = 0; i < count; i++) {
            if (get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void evictUntil(long target) {
        while (size > target && count > 0) {
            int oldest = (head + count - 1) & (ring.length - 1);
            size -= ring[oldest].size();
            ring[oldest] = null;
            count--;
        }
    }

    private void clear() {
        evictUntil(0);
        head = 0;
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = get(i);
        }
        ring = bigger;
        head = 0;
    }
}
