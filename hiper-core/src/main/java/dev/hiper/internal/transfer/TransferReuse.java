package dev.hiper.internal.transfer;

import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.util.Locale;

/**
 * What one easy handle's transfers hand on to the next, so that a handle added again for the
 * same URL (the keep-alive loop of a client) allocates nothing it already made: the exchange
 * driver (with the HTTP/1.1 codec, its response parser and its last request head with the inputs
 * it was built from, and the version-blind exchange), the connection set-up, the application's
 * callbacks, the timer and pollset arrays, the parsed URL with its connection-cache key. Each
 * helper is bound to the new transfer when it is made, and forgets the last one's state then.
 *
 * <p>Owned by the {@link EasyHandle}; used by its one transfer at a time (a handle is in at most
 * one multi, with one transfer), so nothing here is shared. The URL is checked against its text
 * before use.
 */
final class TransferReuse {
    final ExchangeDriver driver = new ExchangeDriver();
    final ConnectionSetup setup = new ConnectionSetup();
    final ApplicationCalls calls = new ApplicationCalls();
    final long[] timers = new long[ExpireId.ALL.length];
    final SocketEntry[] pollEntries = new SocketEntry[4];
    final int[] pollMasks = new int[4];

    private String urlText;
    private CurlUrl url;
    private CurlUrl keyOf;
    private String key;

    private boolean urlAsIs;

    /** {@link CurlUrl#parse}, or the last result when {@code text} is the same URL parsed the same way. */
    CurlUrl parse(String text, boolean pathAsIs) throws UrlException {
        if (url != null && text.equals(urlText) && pathAsIs == urlAsIs) {
            return url;
        }
        CurlUrl u = CurlUrl.parse(text, pathAsIs);
        urlText = text;
        urlAsIs = pathAsIs;
        url = u;
        return u;
    }

    /** The connection-cache key of {@code u}: scheme, host and port. */
    String key(CurlUrl u) {
        if (u != keyOf) {
            key = u.scheme() + "://" + u.authority().toLowerCase(Locale.ROOT) + ":" + u.port();
            keyOf = u;
        }
        return key;
    }
}
