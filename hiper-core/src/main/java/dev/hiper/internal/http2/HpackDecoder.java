package dev.hiper.internal.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK header blocks (RFC 7541) into header lists, one connection's worth: the dynamic
 * table lives as long as the decoder, so blocks must be decoded in the order they arrived.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Create it with the SETTINGS_HEADER_TABLE_SIZE this end advertises (the most the peer's
 *       encoder may use) and the largest header list to accept.
 *   <li>When a SETTINGS frame that changes SETTINGS_HEADER_TABLE_SIZE is acknowledged, call
 *       {@link #setTableSizeLimit}.
 *   <li>Call {@link #decode} on each complete header block (HEADERS or PUSH_PROMISE with its
 *       CONTINUATION frames).
 * </ol>
 *
 * <p>What it checks: every index is within the static and dynamic tables (section 2.3.3);
 * integers fit in 31 bits (section 5.1); strings lie within the block and their Huffman code is
 * valid (section 5.2); dynamic table size updates come before the first field of a block and do
 * not exceed the limit (section 4.2, section 6.3), and after the limit was lowered below the
 * table's size, the next block starts with an update to the lowest limit or less (section 4.2).
 * A violation throws a malformed {@link HpackException}: the context is lost, which RFC 9113
 * section 4.3 makes a connection error (COMPRESSION_ERROR).
 *
 * <p>A header list over {@code maxHeaderListSize} (the sum of name, value and 32 per field,
 * RFC 9113 section 6.5.2) is decoded to its end, so the table stays in step with the encoder's,
 * but the fields past the limit are not kept; it then throws an {@link HpackException} whose
 * {@link HpackException#contextIntact()} is true, to fail that stream alone.
 */
public final class HpackDecoder {

    /** The most continuation octets of an integer: 5 of them carry 35 bits, more than the 31 allowed. */
    private static final int MAX_INTEGER_OCTETS = 5;

    private final HpackDynamicTable table;
    private final HpackRecentFields recent = new HpackRecentFields();
    private final long maxHeaderListSize;
    private long tableSizeLimit;
    /** The lowest limit set since the last block when it went below the table's size, or -1. */
    private long requiredUpdateAtMost = -1;

    private byte[] src;
    private int pos;
    private int end;

    /**
     * @param tableSizeLimit the SETTINGS_HEADER_TABLE_SIZE this end advertises (RFC 9113 default 4,096)
     * @param maxHeaderListSize the largest header list to keep (RFC 9113 section 6.5.2 counting)
     */
    public HpackDecoder(long tableSizeLimit, long maxHeaderListSize) {
        if (tableSizeLimit < 0 || tableSizeLimit > 0xffffffffL || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("bad limits " + tableSizeLimit + ", " + maxHeaderListSize);
        }
        this.tableSizeLimit = tableSizeLimit;
        this.maxHeaderListSize = maxHeaderListSize;
        this.table = new HpackDynamicTable(tableSizeLimit);
    }

    /**
     * A new SETTINGS_HEADER_TABLE_SIZE was acknowledged by the peer. The table keeps its current
     * size until the encoder sends an update; if the new limit is below it, the encoder must
     * send one at the start of its next block (RFC 7541 section 4.2).
     */
    public void setTableSizeLimit(long limit) {
        if (limit < 0 || limit > 0xffffffffL) {
            throw new IllegalArgumentException("table size limit " + limit);
        }
        tableSizeLimit = limit;
        if (limit < table.maxSize()) {
            requiredUpdateAtMost = requiredUpdateAtMost < 0 ? limit : Math.min(requiredUpdateAtMost, limit);
        }
    }

    /** The dynamic table's current maximum size, as last set by the encoder. */
    public long tableMaxSize() {
        return table.maxSize();
    }

    /** The dynamic table's current size. */
    public long tableSize() {
        return table.size();
    }

    /** Decodes one complete header block. */
    public List<HeaderField> decode(byte[] block, int off, int len) throws HpackException {
        src = block;
        pos = off;
        end = off + len;
        try {
            return decodeBlock();
        } finally {
            src = null;
        }
    }

    private List<HeaderField> decodeBlock() throws HpackException {
        List<HeaderField> fields = new ArrayList<>();
        long listSize = 0;
        boolean fieldSeen = false;
        boolean updateSeen = false;
        long lowestUpdate = Long.MAX_VALUE;
        while (pos < end) {
            int b = src[pos] & 0xff;
            if ((b & 0xe0) == 0x20) {
                // Dynamic table size update (section 6.3), allowed only before the first field (section 4.2).
                if (fieldSeen) {
                    throw HpackException.malformed("dynamic table size update after a field");
                }
                long size = readInteger(5);
                if (size > tableSizeLimit) {
                    throw HpackException.malformed("dynamic table size update to " + size
                            + " exceeds SETTINGS_HEADER_TABLE_SIZE " + tableSizeLimit);
                }
                table.setMaxSize(size);
                updateSeen = true;
                lowestUpdate = Math.min(lowestUpdate, size);
                continue;
            }
            if (!fieldSeen) {
                checkRequiredUpdate(updateSeen, lowestUpdate);
                fieldSeen = true;
            }
            HeaderField field;
            if ((b & 0x80) != 0) {
                field = entry(readInteger(7)); // indexed field (section 6.1)
            } else if ((b & 0x40) != 0) {
                field = literal(6); // literal with incremental indexing (section 6.2.1)
                table.add(field);
            } else {
                field = literal(4); // without indexing (6.2.2) or never indexed (6.2.3)
            }
            listSize += field.size();
            if (listSize <= maxHeaderListSize) {
                fields.add(field);
            }
        }
        if (!fieldSeen) {
            checkRequiredUpdate(updateSeen, lowestUpdate);
        }
        if (listSize > maxHeaderListSize) {
            throw HpackException.listTooLarge(listSize, maxHeaderListSize);
        }
        return fields;
    }

    private void checkRequiredUpdate(boolean updateSeen, long lowestUpdate) throws HpackException {
        if (requiredUpdateAtMost >= 0) {
            if (!updateSeen || lowestUpdate > requiredUpdateAtMost) {
                throw HpackException.malformed("SETTINGS_HEADER_TABLE_SIZE went down to " + requiredUpdateAtMost
                        + " but the block does not start with a dynamic table size update to it");
            }
            requiredUpdateAtMost = -1;
        }
    }

    private HeaderField literal(int prefixBits) throws HpackException {
        int from = pos;
        boolean neverIndexed = prefixBits == 4 && (src[from] & 0x10) != 0;
        long nameIndex = readInteger(prefixBits);
        int afterIndex = pos;
        // the same octets mean the same field only when the name does not come from the dynamic table
        if (neverIndexed || nameIndex > HpackStaticTable.LENGTH) {
            String name = nameIndex == 0 ? readString() : entry(nameIndex).name();
            return new HeaderField(name, readString());
        }
        if (nameIndex == 0) {
            skipString();
        }
        skipString();
        int to = pos;
        HeaderField seen = to - from <= HpackRecentFields.MAX_OCTETS ? recent.find(src, from, to) : null;
        if (seen != null) {
            return seen;
        }
        pos = afterIndex;
        String name = nameIndex == 0 ? readString() : entry(nameIndex).name();
        HeaderField f = new HeaderField(name, readString());
        recent.keep(src, from, to, f);
        return f;
    }

    /** Steps over a string literal, checking that it lies within the block. */
    private void skipString() throws HpackException {
        if (pos >= end) {
            throw HpackException.malformed("block ends before a string");
        }
        int n = stringLength(); // before the addition: it moves pos past the length
        pos += n;
    }

    /** A string literal's length (section 5.2), checked to lie within the block; its octets follow. */
    private int stringLength() throws HpackException {
        long len = readInteger(7);
        if (len > end - pos) {
            throw HpackException.malformed("string of " + len + " octets runs past the block");
        }
        return (int) len;
    }

    private HeaderField entry(long index) throws HpackException {
        if (index == 0) {
            throw HpackException.malformed("index 0");
        }
        if (index <= HpackStaticTable.LENGTH) {
            return HpackStaticTable.ENTRIES[(int) index];
        }
        long position = index - HpackStaticTable.LENGTH - 1;
        if (position >= table.length()) {
            throw HpackException.malformed("index " + index + " beyond the " + table.length()
                    + " entries of the dynamic table");
        }
        return table.get((int) position);
    }

    /** Reads a string literal (section 5.2): a Huffman flag, a 7-bit prefix length, the octets. */
    private String readString() throws HpackException {
        if (pos >= end) {
            throw HpackException.malformed("block ends before a string");
        }
        boolean huffman = (src[pos] & 0x80) != 0;
        int n = stringLength();
        byte[] octets = huffman ? HpackHuffman.decode(src, pos, n) : null;
        String s = huffman
                ? new String(octets, StandardCharsets.ISO_8859_1)
                : new String(src, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /**
     * Reads an integer with an N-bit prefix (section 5.1) starting at the current octet, whose
     * other high bits belong to the representation. Values above 2^31 - 1 are refused: no size,
     * index or length in HTTP/2 needs more, and it keeps the arithmetic exact.
     */
    private long readInteger(int prefixBits) throws HpackException {
        if (pos >= end) {
            throw HpackException.malformed("block ends before an integer");
        }
        int mask = (1 << prefixBits) - 1;
        long value = src[pos++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        for (int i = 0; i < MAX_INTEGER_OCTETS; i++) {
            if (pos >= end) {
                throw HpackException.malformed("block ends inside an integer");
            }
            int b = src[pos++] & 0xff;
            value += (long) (b & 0x7f) << shift;
            if (value > Integer.MAX_VALUE) {
                throw HpackException.malformed("integer exceeds 2^31 - 1");
            }
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
        throw HpackException.malformed("integer longer than " + MAX_INTEGER_OCTETS + " continuation octets");
    }
}
