package dev.hiper.internal.decode;

import java.nio.ByteBuffer;

/**
 * One coding of a body (RFC 9110 section 8.4.1) undone as the bytes arrive: encoded bytes in,
 * decoded bytes out, in bounded buffers that the caller owns. A decoder keeps only its own
 * state (a window of at most 32 KiB for deflate), never the body, so a small input that
 * expands without bound (a decompression bomb) costs the same memory as any other.
 *
 * <p>Lifecycle: 1. made for one response by {@link DecoderChain}; 2. {@link #decode} as often
 * as there is input or room for output; 3. {@link #endOfInput()} at the body's end, then
 * {@link #decode} until no more comes; 4. {@link #finished()} says whether the stream reached
 * its end; 5. {@link #close()} lets go of native state.
 */
public interface ContentDecoder {
    /**
     * Takes what it can from {@code in} and writes what it can into {@code out}; returns when
     * {@code out} is full or nothing more comes without more input.
     */
    void decode(ByteBuffer in, ByteBuffer out) throws DecodeException;

    /**
     * The body ended: no more input comes, so a decoder that holds input back until it has
     * enough (br) decodes the rest in the next {@link #decode} calls.
     */
    default void endOfInput() {
    }

    /** Whether the encoded stream reached its end (what follows it is an error). */
    boolean finished();

    /** Lets go of what the decoder holds (an {@link java.util.zip.Inflater}'s native memory). */
    default void close() {
    }
}
