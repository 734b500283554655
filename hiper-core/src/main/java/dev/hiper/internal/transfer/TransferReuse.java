package dev.hiper.internal.transfer;

import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.multi.MultiEngine;
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
    /** The proxy's authentication state (forwarded requests and CONNECT share it). */
    final dev.hiper.internal.http.HttpAuth proxyAuth = new dev.hiper.internal.http.HttpAuth(true);

    /**
     * The handle's last transfer, kept when it was removed spent ({@link Transfer#spent}), so that
     * adding the handle again makes no new one; null otherwise.
     */
    private Transfer spare;

    /**
     * A parsed URL with the text it came from and its connection-cache key, made at the first
     * {@link #key}. A handle keeps its last one; an engine keeps the last one any of its transfers
     * made ({@code MultiEngine.lastUrl}), so that its handles given the same URL (thousands of
     * sessions to one server) share one parse and one key string. Only the engine's thread reads
     * and writes it.
     */
    private static final class Parsed {
        final String text;
        final boolean pathAsIs;
        final CurlUrl url;
        String key;

        Parsed(String text, boolean pathAsIs, CurlUrl url) {
            this.text = text;
            this.pathAsIs = pathAsIs;
            this.url = url;
        }
    }

    /** This handle's last URL, or null. */
    private Parsed parsed;
    /** The key of a URL the handle did not parse (a redirect's), kept while it is the same URL. */
    private CurlUrl keyOf;
    private String key;
    private String routeOf;
    private TlsOptions routeTls;
    private String routeProtocol;
    private String routeKey;

    /**
     * The transfer for {@code easy} joining {@code engine}: its kept one restarted when there is one
     * for the same engine, else a new one.
     */
    static Transfer transferFor(MultiEngine engine, EasyHandle easy) {
        TransferReuse r = easy.reuse;
        Transfer t = r == null ? null : r.spare;
        if (t == null || t.engine != engine) {
            return new Transfer(engine, easy);
        }
        r.spare = null;
        t.restart();
        return t;
    }

    /**
     * {@code t}'s handle left its multi: {@code t} is kept for the next one if nothing holds it. A
     * handle whose transfer handed its connection to the application (CONNECT_ONLY) keeps nothing
     * of it: an idle WebSocket session holds its session and connection alone, and a next transfer
     * of the handle starts afresh.
     */
    static void removed(Transfer t) {
        EasyHandle easy = t.easy;
        if (easy.ws.connection != null) {
            easy.reuse = null;
        } else if (t.spent() && easy.reuse != null) {
            easy.reuse.spare = t;
        }
    }

    /**
     * {@link CurlUrl#parse}, or the last result when {@code text} is the same URL parsed the same
     * way: the handle's own, else the engine's last.
     */
    CurlUrl parse(MultiEngine engine, String text, boolean pathAsIs) throws UrlException {
        Parsed p = parsed;
        if (p == null || p.pathAsIs != pathAsIs || !text.equals(p.text)) {
            if (engine.lastUrl instanceof Parsed last && last.pathAsIs == pathAsIs && text.equals(last.text)) {
                p = last; // another handle's parse of the same URL: a CurlUrl never changes
            } else {
                CurlUrl u = CurlUrl.parse(text, pathAsIs);
                p = new Parsed(text, pathAsIs, u);
                engine.lastUrl = p;
            }
            parsed = p;
        }
        return p.url;
    }

    /**
     * The whole connection-cache key: the route's part, then every TLS setting that changes who is
     * trusted or what is presented, then the protocol's part. The last one made is kept while its
     * parts are the same instances, so a keep-alive loop builds no string per request.
     */
    String routeKey(String route, TlsOptions tls, String protocol) {
        if (route != routeOf || tls != routeTls || protocol != routeProtocol) {
            String k = tls != null ? route + " " + tls.cacheKey() : route;
            routeKey = protocol.isEmpty() ? k : k + protocol;
            routeOf = route;
            routeTls = tls;
            routeProtocol = protocol;
        }
        return routeKey;
    }

    /** The connection-cache key of {@code u}: scheme, host and port. */
    String key(CurlUrl u) {
        Parsed p = parsed;
        if (p != null && p.url == u) {
            if (p.key == null) {
                p.key = keyOf(u);
            }
            return p.key;
        }
        if (u != keyOf) {
            key = keyOf(u);
            keyOf = u;
        }
        return key;
    }

    private static String keyOf(CurlUrl u) {
        return u.scheme() + "://" + u.authority().toLowerCase(Locale.ROOT) + ":" + u.port();
    }
}
