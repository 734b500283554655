package dev.hiper.internal.http2;

/**
 * A header block could not be decoded. Two kinds, since they end different things:
 * <ul>
 *   <li>a malformed block (bad index, bad integer or string, bad Huffman code, a table size
 *       update out of place or over the limit): the compression context is lost, so RFC 9113
 *       section 4.3 makes it a connection error of type COMPRESSION_ERROR;
 *   <li>a header list over the limit ({@link #contextIntact()} true): the block was decoded to
 *       its end, so the dynamic table is still in step with the peer's and only the stream
 *       carrying the block has to fail.
 * </ul>
 */
public final class HpackException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean contextIntact;

    private HpackException(String message, boolean contextIntact) {
        super(message);
        this.contextIntact = contextIntact;
    }

    static HpackException malformed(String message) {
        return new HpackException(message, false);
    }

    static HpackException listTooLarge(long size, long limit) {
        return new HpackException("header list of " + size + " bytes or more exceeds the limit of " + limit
                + " (name, value and 32 per field, RFC 9113 section 6.5.2)", true);
    }

    /** True when the block was decoded to its end and the dynamic table is still in step with the peer's. */
    public boolean contextIntact() {
        return contextIntact;
    }
}
