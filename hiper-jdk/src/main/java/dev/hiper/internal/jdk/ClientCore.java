package dev.hiper.internal.jdk;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What a {@code HiperHttpClient} is made of: its settings and its engine. The public class only
 * forwards here, so that nothing the engine holds refers back to it and an unreachable client can
 * be cleaned up (its engine shut down) as the JDK's client is.
 */
public final class ClientCore {
    private final Config config;
    private final Engine engine;
    /**
     * Basic credentials that worked, by {@code scheme://host:port} and the directory of the path
     * they worked for: a later request under it sends them at once, as the JDK's client does.
     */
    private final Map<String, PasswordAuthentication> credentials = new ConcurrentHashMap<>();

    /** What proxies took, for the 407s the authenticator answers. */
    final ProxyAuth proxyAuth = new ProxyAuth();

    public ClientCore(Config config) {
        this.config = config;
        this.engine = new Engine(config.maxConnections()).start();
    }

    public Config config() {
        return config;
    }

    Engine engine() {
        return engine;
    }

    /** Credentials that worked for a directory above {@code uri}'s path, or null. */
    PasswordAuthentication credentialsFor(URI uri) {
        String origin = origin(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        PasswordAuthentication best = null;
        int bestLength = -1;
        for (Map.Entry<String, PasswordAuthentication> e : credentials.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/', origin.length());
            if (key.startsWith(origin) && slash == origin.length()) {
                String dir = key.substring(origin.length());
                if (path.startsWith(dir) && dir.length() > bestLength) {
                    best = e.getValue();
                    bestLength = dir.length();
                }
            }
        }
        return best;
    }

    /** {@code pa} worked for {@code uri}: remember it for the directory of its path. */
    void rememberCredentials(URI uri, PasswordAuthentication pa) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        credentials.put(origin(uri) + path.substring(0, path.lastIndexOf('/') + 1), pa);
    }

    private static String origin(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    /** {@code sendAsync}: starts the call; the future completes when the handler's body does. */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "responseBodyHandler");
        if (engine.isShutdown()) {
            return CompletableFuture.failedFuture(new IOException("the client is shut down"));
        }
        RequestCall<T> call = new RequestCall<>(this, request, handler);
        call.start();
        return call.result();
    }

    /** A copy of {@code e} of the same kind with the caller's stack, {@code e} its cause (for {@code send}). */
    public static IOException copyForCaller(IOException e) {
        return CurlFailures.copyForCaller(e);
    }

    /** No new requests; those running go on to their end, then the engine's thread stops. */
    public void shutdown() {
        engine.shutdown();
    }

    /** No new requests; those running fail with an {@code IOException} at once. */
    public void shutdownNow() {
        engine.shutdownNow();
    }

    public boolean isShutdown() {
        return engine.isShutdown();
    }

    public boolean isTerminated() {
        return engine.terminated().isDone();
    }

    /** Waits until the engine's thread has stopped; false if {@code timeout} passed first. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "duration");
        long ms = Math.max(0, timeout.toMillis());
        try {
            engine.terminated().get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // stopped, after a failure of the loop that every request has heard of
        }
        return true;
    }

    /**
     * A client's settings, as its builder collected them (null where the builder was not told);
     * immutable. {@link #executorOrDefault()} is where user code runs.
     *
     * @param caFile a PEM bundle of trusted CAs for https ({@code CURLOPT_CAINFO}), or null for the
     *     JDK's trust store
     * @param customSslContext whether {@code sslContext} is another than the JDK's default one
     *     (found on the builder's thread: the first {@code SSLContext.getDefault()} loads the trust
     *     store, which the engine's thread must not wait for)
     * @param maxConnections the most connections open at once ({@code CURLMOPT_MAX_TOTAL_CONNECTIONS}),
     *     0 for no limit
     */
    public record Config(
            Duration connectTimeout,
            HttpClient.Redirect followRedirects,
            HttpClient.Version version,
            int priority,
            ProxySelector proxy,
            Authenticator authenticator,
            CookieHandler cookieHandler,
            SSLContext sslContext,
            SSLParameters sslParameters,
            Executor executor,
            InetAddress localAddress,
            String caFile,
            boolean customSslContext,
            int maxConnections) {

        /** The executor for user code: the one given, else the shared default. */
        public Executor executorOrDefault() {
            return executor != null ? executor : Workers.DEFAULT_EXECUTOR;
        }
    }
}
