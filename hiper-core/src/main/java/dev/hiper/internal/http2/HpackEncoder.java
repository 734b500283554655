package dev.hiper.internal.http2;

import java.util.List;
import java.util.Locale;

/**
 * Encodes header lists into HPACK header blocks (RFC 7541), one connection's worth: like the
 * decoder at the other end, its dynamic table lives as long as the connection, so blocks must be
 * sent in the order they were encoded.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Create it with the most table memory this end is willing to spend ({@code ownLimit}).
 *       Until the peer's SETTINGS arrive the table is the protocol's default 4,096 octets (or
 *       less when {@code ownLimit} is smaller).
 *   <li>When the peer's SETTINGS_HEADER_TABLE_SIZE arrives, call {@link #setPeerTableSizeLimit}:
 *       the table then uses the smaller of the two limits, and the next block starts with a
 *       dynamic table size update (RFC 7541 section 4.2: the lowest size since the last block
 *       first, then the final one if it differs).
 *   <li>Call {@link #encode} for each header list, in the order the blocks go out.
 * </ol>
 *
 * <p>Choices per field: an exact match in either table is sent as an index (section 6.1); else
 * the value is sent as a literal with the name by index when one exists, Huffman-coded when that
 * is shorter (section 5.2). The literal is added to the dynamic table (section 6.2.1) unless it
 * is sensitive or too large to be worth it. Sensitive fields are sent as never-indexed literals
 * (section 6.2.3) so that no intermediary compresses them either, as section 7.1.3 advises:
 * {@code authorization} and {@code proxy-authorization} always (credentials), and {@code cookie}
 * values shorter than {@link #SHORT_COOKIE} octets, since a short secret can be guessed one
 * attempt at a time by an attacker who can watch the compressed size (section 7.1.3); long
 * cookies are indexed because they repeat on every request and are costly to resend.
 */
public final class HpackEncoder {

    /** HPACK's starting table size before any SETTINGS (RFC 9113 section 6.5.2 default of SETTINGS_HEADER_TABLE_SIZE). */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    /** Cookie values shorter than this many octets are sent never-indexed (RFC 7541 section 7.1.3). */
    public static final int SHORT_COOKIE = 20;

    private final long ownLimit;
    private final HpackDynamicTable table;
    /** The lowest size the table had since the last block, when it was lowered, or -1. */
    private long lowestPendingSize = -1;
    private boolean sizeUpdatePending;

    /** @param ownLimit the most octets this end lets its encoder's dynamic table use */
    public HpackEncoder(long ownLimit) {
        if (ownLimit < 0) {
            throw new IllegalArgumentException("ownLimit " + ownLimit);
        }
        this.ownLimit = ownLimit;
        long start = Math.min(ownLimit, DEFAULT_TABLE_SIZE);
        this.table = new HpackDynamicTable(start);
        if (start != DEFAULT_TABLE_SIZE) {
            // The peer's decoder starts at 4,096; tell it that ours is smaller.
            lowestPendingSize = start;
            sizeUpdatePending = true;
        }
    }

    /** The peer announced a SETTINGS_HEADER_TABLE_SIZE: use up to it, within this end's own limit. */
    public void setPeerTableSizeLimit(long peerLimit) {
        long size = Math.min(peerLimit, ownLimit);
        if (size == table.maxSize()) {
            return;
        }
        table.setMaxSize(size);
        lowestPendingSize = lowestPendingSize < 0 ? size : Math.min(lowestPendingSize, size);
        sizeUpdatePending = true;
    }

    /** The dynamic table's current maximum size. */
    public long tableMaxSize() {
        return table.maxSize();
    }

    /** Appends the header block for {@code fields} to {@code out}. */
    public void encode(List<HeaderField> fields, OctetBuffer out) {
        if (sizeUpdatePending) {
            if (lowestPendingSize < table.maxSize()) {
                writeInteger(out, 0x20, 5, lowestPendingSize);
            }
            writeInteger(out, 0x20, 5, table.maxSize());
            sizeUpdatePending = false;
            lowestPendingSize = -1;
        }
        for (HeaderField field : fields) {
            encodeField(field, out);
        }
    }

    private void encodeField(HeaderField field, OctetBuffer out) {
        boolean sensitive = isSensitive(field);
        if (!sensitive) {
            int index = indexOf(field);
            if (index > 0) {
                writeInteger(out, 0x80, 7, index);
                return;
            }
        }
        int nameIndex = nameIndexOf(field.name());
        if (sensitive) {
            writeInteger(out, 0x10, 4, nameIndex);
        } else if (worthIndexing(field)) {
            writeInteger(out, 0x40, 6, nameIndex);
            table.add(field);
        } else {
            writeInteger(out, 0x00, 4, nameIndex);
        }
        if (nameIndex == 0) {
            writeString(out, field.name());
        }
        writeString(out, field.value());
    }

    /** Sensitive fields are never indexed, here or by intermediaries (RFC 7541 section 7.1.3). */
    static boolean isSensitive(HeaderField field) {
        String name = field.name().toLowerCase(Locale.ROOT);
        return name.equals("authorization") || name.equals("proxy-authorization")
                || (name.equals("cookie") && field.value().length() < SHORT_COOKIE);
    }

    /**
     * An entry above three quarters of the table would evict nearly everything for one field that
     * rarely repeats (a large cookie aside, which the rule still allows in a large table).
     */
    private boolean worthIndexing(HeaderField field) {
        return field.size() <= table.maxSize() * 3 / 4;
    }

    private int indexOf(HeaderField field) {
        int index = HpackStaticTable.indexOf(field);
        if (index > 0) {
            return index;
        }
        int position = table.positionOf(field);
        return position < 0 ? 0 : HpackStaticTable.LENGTH + 1 + position;
    }

    private int nameIndexOf(String name) {
        int index = HpackStaticTable.indexOfName(name);
        if (index > 0) {
            return index;
        }
        int position = table.positionOfName(name);
        return position < 0 ? 0 : HpackStaticTable.LENGTH + 1 + position;
    }

    /** A string literal (section 5.2), Huffman-coded when that is shorter; chars above U+00FF are refused. */
    private static void writeString(OctetBuffer out, String s) {
        int huffmanLength = HpackHuffman.encodedLength(s);
        if (huffmanLength < s.length()) {
            writeInteger(out, 0x80, 7, huffmanLength);
            HpackHuffman.encode(s, out);
        } else {
            writeInteger(out, 0x00, 7, s.length());
            for (int i = 0; i < s.length(); i++) {
                out.put(s.charAt(i));
            }
        }
    }

    /** An integer with an N-bit prefix (section 5.1), {@code highBits} filling the rest of the first octet. */
    static void writeInteger(OctetBuffer out, int highBits, int prefixBits, long value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.put(highBits | (int) value);
            return;
        }
        out.put(highBits | mask);
        value -= mask;
        while (value >= 0x80) {
            out.put((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.put((int) value);
    }
}
