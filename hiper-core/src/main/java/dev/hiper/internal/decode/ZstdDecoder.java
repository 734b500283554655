package dev.hiper.internal.decode;

import io.airlift.compress.zstd.ZstdIncrementalFrameDecompressor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The {@code zstd} coding (RFC 8878) over aircompressor's incremental frame decompressor, an
 * optional dependency: this class is touched only when {@link OptionalCodecs} found that
 * library on the class path, so hiper runs without it and then does not offer zstd.
 *
 * <p>The decompressor asks for a number of input bytes before each step (a frame header, a
 * block); they are gathered in a buffer of the decoder's own, at most one block (128 KiB) plus
 * what arrived with it. Its window, which the frame header sizes, is its own memory. Several
 * frames one after the other are one stream, as RFC 8878 section 3.1 allows.
 */
final class ZstdDecoder implements ContentDecoder {
    /** {@code sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET}, which the decompressor's addresses start from. */
    private static final long BASE = OptionalCodecs.arrayBase();

    private final ZstdIncrementalFrameDecompressor d = new ZstdIncrementalFrameDecompressor();
    private byte[] in = new byte[Math.max(16, d.getInputRequired())];
    private int inOff;
    private int inLimit;

    @Override
    public void decode(ByteBuffer src, ByteBuffer out) throws DecodeException {
        try {
            for (;;) {
                int required = d.getInputRequired();
                gather(src, required);
                if (inLimit - inOff < required || !out.hasRemaining()) {
                    return;
                }
                int pos = out.position();
                d.partialDecompress(in, BASE + inOff, BASE + inLimit, out.array(), out.arrayOffset() + pos,
                        out.arrayOffset() + out.limit());
                int consumed = d.getInputConsumed();
                int produced = d.getOutputBufferUsed();
                inOff += consumed;
                out.position(pos + produced);
                if (consumed == 0 && produced == 0) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the library's MalformedInputException, or a state it refuses
            throw DecodeException.corrupt(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** Moves bytes from src into the decoder's buffer until {@code required} are there (or src is empty). */
    private void gather(ByteBuffer src, int required) {
        if (inLimit - inOff >= required || !src.hasRemaining()) {
            return;
        }
        if (inOff > 0) {
            System.arraycopy(in, inOff, in, 0, inLimit - inOff);
            inLimit -= inOff;
            inOff = 0;
        }
        if (in.length < required) {
            in = Arrays.copyOf(in, Math.max(required, 4096));
        }
        int n = Math.min(src.remaining(), Math.max(required, in.length) - inLimit);
        n = Math.min(n, in.length - inLimit);
        src.get(in, inLimit, n);
        inLimit += n;
    }

    @Override
    public boolean finished() {
        return d.isAtStoppingPoint() && inLimit == inOff;
    }
}
