package dev.hiper.internal.multi;

import dev.hiper.curl.CurlMulti;
import java.util.function.Function;

/**
 * Reaches the engine behind a {@link CurlMulti} from other packages of this module (the loop
 * helpers), without a public method on the API class. {@code CurlMulti} installs the look-up when
 * it is first loaded, which is before any multi can exist.
 */
public final class EngineAccess {
    private static volatile Function<CurlMulti, MultiEngine> lookup;

    private EngineAccess() {
    }

    /** Called once, by {@code CurlMulti}. */
    public static void install(Function<CurlMulti, MultiEngine> f) {
        lookup = f;
    }

    public static MultiEngine engine(CurlMulti multi) {
        return lookup.apply(multi);
    }
}
