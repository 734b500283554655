package dev.hiper.internal.http2;

import java.util.Arrays;

/**
 * The literal fields a decoder saw lately, by their octets: a server that sends the same field as
 * a literal in every response (nginx sends its response headers without indexing) gives the
 * decoder the same {@link HeaderField} again instead of a newly Huffman-decoded one. Only
 * representations whose octets always mean the same field may be kept: a literal name or a name
 * from the static table, not one from the dynamic table, whose entries move.
 *
 * <p>A small table indexed by a hash of the octets; a new field takes its slot's place. What it
 * holds is the decoder's own: fields the server marked never to be indexed are not kept.
 */
final class HpackRecentFields {
    /** Slots: a power of two. Some 3 KiB at most for one connection. */
    private static final int SLOTS = 32;
    /** Representations longer than this are decoded each time. */
    static final int MAX_OCTETS = 96;

    private final byte[][] octets = new byte[SLOTS][];
    private final HeaderField[] fields = new HeaderField[SLOTS];

    /** The field whose representation is {@code src[from, to)}, or null when it is not kept. */
    HeaderField find(byte[] src, int from, int to) {
        int slot = slot(src, from, to);
        byte[] o = octets[slot];
        if (o != null && Arrays.equals(o, 0, o.length, src, from, to)) {
            return fields[slot];
        }
        return null;
    }

    /** Keeps {@code field}, decoded from {@code src[from, to)}, in place of its slot's last one. */
    void keep(byte[] src, int from, int to, HeaderField field) {
        if (to - from > MAX_OCTETS) {
            return;
        }
        int slot = slot(src, from, to);
        octets[slot] = Arrays.copyOfRange(src, from, to);
        fields[slot] = field;
    }

    private static int slot(byte[] src, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ (src[i] & 0xff)) * 0x01000193;
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
