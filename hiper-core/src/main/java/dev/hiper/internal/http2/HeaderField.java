package dev.hiper.internal.http2;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One header field as HPACK carries it: a name and a value, each a sequence of octets. The octets
 * are held as ISO-8859-1 strings, one char per octet, so that any byte a peer sends survives
 * decoding and encoding unchanged (RFC 7541 section 5.2 strings are octets, not text); the
 * encoder refuses a char above U+00FF rather than send something else. Whether
 * the octets are acceptable HTTP is checked above this layer (RFC 9113 section 8.2.1).
 */
public record HeaderField(String name, String value) {

    /** The overhead RFC 7541 section 4.1 adds to each entry's octets: it stands for the pointers and counters an entry costs. */
    public static final int ENTRY_OVERHEAD = 32;

    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** A field from octets. */
    public static HeaderField of(byte[] name, byte[] value) {
        return new HeaderField(new String(name, StandardCharsets.ISO_8859_1),
                new String(value, StandardCharsets.ISO_8859_1));
    }

    /**
     * The field's size in the dynamic table (RFC 7541 section 4.1) and in a header list
     * (RFC 9113 section 6.5.2, SETTINGS_MAX_HEADER_LIST_SIZE): name octets, value octets and 32.
     */
    public long size() {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
