package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlEasy;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.conn.FilterException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The TLS contexts of one multi, one per distinct {@link TlsOptions}, the least recently used
 * dropped past {@value #LIMIT}. Keeping them is what makes TLS sessions resume across
 * connections: the JDK caches client sessions per context, by host and port.
 *
 * <p>A context whose set-up failed (an unreadable CA file, a bad client key) is not kept, so a
 * file fixed later is read again. Files are read once per context: a CA file changed while the
 * multi lives is not seen until the multi is made again.
 *
 * <p>A share with {@code CURL_LOCK_DATA_SSL_SESSION} holds one of these for the handles of
 * several multis, on several threads: {@link #open} and the contexts' session bookkeeping are
 * synchronized (uncontended for a multi's own).
 */
public final class TlsContexts {
    private static final int LIMIT = 32;

    private final Map<TlsOptions, TlsContext> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<TlsOptions, TlsContext> eldest) {
            return size() > LIMIT;
        }
    };

    /**
     * A TLS filter over {@code next} for a connection to {@code host:port}, ready for its
     * handshake. {@code options} must not change afterwards. The engine passes a null
     * {@code trace} and names the transfer on each {@link ConnectionFilter#connect(FilterCaller)}
     * call, which hears curl -v's lines about the handshake; {@code trace}, when set, hears them
     * for {@link ConnectionFilter#connect()} calls that name no transfer.
     */
    public TlsFilter open(TlsOptions options, ConnectionFilter next, String host, int port, Consumer<String> trace)
            throws FilterException {
        return open(options, next, host, port, trace, null);
    }

    /**
     * As {@link #open(TlsOptions, ConnectionFilter, String, int, Consumer)}; {@code creator} is
     * the handle whose transfer asks, which {@code CURLOPT_SSL_CTX_FUNCTION} is told about when
     * the context is made now.
     */
    public synchronized TlsFilter open(TlsOptions options, ConnectionFilter next, String host, int port,
            Consumer<String> trace, CurlEasy creator) throws FilterException {
        TlsContext c = contexts.get(options);
        if (c == null) {
            c = TlsContext.create(options, creator);
            contexts.put(options, c);
        }
        return new TlsFilter(c, next, host, port, trace);
    }

    /** How many contexts are kept (for tests). */
    public int size() {
        return contexts.size();
    }
}
