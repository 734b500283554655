package dev.hiper.internal.multi;

import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.internal.conn.Connection;
import java.util.function.Function;

/**
 * Reaches the engine behind a {@link CurlMulti} (and the socket behind a {@link CurlSocket}) from
 * other packages of this module (the loop helpers), without a public method on the API classes.
 * Each API class installs its look-up when it is first loaded, which is before any instance of it
 * can exist.
 */
public final class EngineAccess {
    private static volatile Function<CurlMulti, MultiEngine> lookup;
    private static volatile Function<CurlSocket, SocketEntry> entries;

    private EngineAccess() {
    }

    /** Called once, by {@code CurlMulti}. */
    public static void install(Function<CurlMulti, MultiEngine> f) {
        lookup = f;
    }

    public static MultiEngine engine(CurlMulti multi) {
        return lookup.apply(multi);
    }

    /** Called once, by {@code CurlSocket}. */
    public static void installSockets(Function<CurlSocket, SocketEntry> f) {
        entries = f;
    }

    /**
     * Whether the application took {@code s} over (a CONNECT_ONLY transfer's connection): the
     * engine will not ask for it to be watched again, so a loop may let go of what it keeps for it.
     */
    public static boolean handedOver(CurlSocket s) {
        SocketEntry e = entries.apply(s);
        return e != null && e.user instanceof Connection c && c.handedOver();
    }
}
