package dev.hiper.internal.decode;

/**
 * The codings that come from optional libraries, looked for once without touching their
 * classes: zstd from aircompressor ({@code io.airlift:aircompressor}, pure Java), br from
 * {@code org.brotli:dec} (pure Java). A build without a library does not offer its coding (not
 * in {@code Accept-Encoding: ""}'s list, and a response in it fails as an unknown coding would),
 * as libcurl built without libzstd or libbrotli does.
 */
final class OptionalCodecs {
    /** Whether zstd can be decoded. */
    static final boolean ZSTD;
    /** Whether br can be decoded. */
    static final boolean BROTLI = present("org.brotli.dec.BrotliInputStream");
    private static final long ARRAY_BASE;

    static {
        boolean ok;
        long base = 0;
        try {
            Class.forName("io.airlift.compress.zstd.ZstdIncrementalFrameDecompressor", false,
                    OptionalCodecs.class.getClassLoader());
            // the decompressor addresses arrays from this offset (12 or 16, by the JVM's object layout)
            base = Class.forName("sun.misc.Unsafe").getField("ARRAY_BYTE_BASE_OFFSET").getInt(null);
            ok = true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
            ok = false;
        }
        ZSTD = ok;
        ARRAY_BASE = base;
    }

    private OptionalCodecs() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalCodecs.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    static long arrayBase() {
        return ARRAY_BASE;
    }
}
