package dev.hiper.jdk;

import dev.hiper.internal.jdk.ClientCore;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpClient} whose transfers run on hiper's engine: one {@code CurlMulti} on a thread of
 * its own per client, user code (body handlers, subscribers, publishers, the authenticator) on the
 * client's executor.
 *
 * <pre>{@code
 * HttpClient client = HiperHttpClient.newBuilder()
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>The JDK's {@code BodyHandlers} and {@code BodyPublishers} work unchanged; bodies stream under
 * Flow backpressure both ways. Which settings take effect and which are accepted but not applied
 * yet (redirects, proxies, HTTP/2) is listed in docs/JDK-API.md. {@link #shutdown()},
 * {@link #shutdownNow()}, {@link #awaitTermination(Duration)}, {@link #isTerminated()} and
 * {@link #close()} are those of JDK 21's {@code HttpClient}, and available on JDK 17 too.
 */
public final class HiperHttpClient extends HttpClient implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ClientCore core;

    private HiperHttpClient(ClientCore.Config config) {
        this.core = new ClientCore(config);
        // an unreachable client lets its running requests end, then its engine thread stops
        ClientCore c = core;
        CLEANER.register(this, c::shutdown);
    }

    /**
     * A builder with the JDK's defaults.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * A client with the default settings.
     *
     * @return a new client, its engine thread started
     */
    public static HiperHttpClient newHttpClient() {
        return newBuilder().build();
    }

    /**
     * {@link HttpClient.Builder} with every setting of the JDK's builder, and
     * {@link #trustedCertificates(Path)} for the CAs hiper verifies https servers with.
     */
    public static final class Builder implements HttpClient.Builder {
        private Duration connectTimeout;
        private Redirect followRedirects = Redirect.NEVER;
        private Version version = Version.HTTP_2;
        private int priority = -1;
        private ProxySelector proxy;
        private Authenticator authenticator;
        private CookieHandler cookieHandler;
        private SSLContext sslContext;
        private SSLParameters sslParameters;
        private Executor executor;
        private InetAddress localAddress;
        private String caFile;
        private int maxConnections;

        private Builder() {
        }

        @Override
        public Builder cookieHandler(CookieHandler cookieHandler) {
            this.cookieHandler = Objects.requireNonNull(cookieHandler);
            return this;
        }

        @Override
        public Builder connectTimeout(Duration duration) {
            Objects.requireNonNull(duration);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Invalid duration: " + duration);
            }
            this.connectTimeout = duration;
            return this;
        }

        @Override
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext);
            return this;
        }

        @Override
        public Builder sslParameters(SSLParameters sslParameters) {
            Objects.requireNonNull(sslParameters);
            // a copy, as the JDK's builder takes one: later changes to the caller's object do not count
            SSLParameters copy = new SSLParameters(sslParameters.getCipherSuites(), sslParameters.getProtocols());
            copy.setApplicationProtocols(sslParameters.getApplicationProtocols());
            copy.setEndpointIdentificationAlgorithm(sslParameters.getEndpointIdentificationAlgorithm());
            copy.setServerNames(sslParameters.getServerNames());
            copy.setNeedClientAuth(sslParameters.getNeedClientAuth());
            this.sslParameters = copy;
            return this;
        }

        @Override
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        @Override
        public Builder followRedirects(Redirect policy) {
            this.followRedirects = Objects.requireNonNull(policy);
            return this;
        }

        @Override
        public Builder version(Version version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        @Override
        public Builder priority(int priority) {
            if (priority < 1 || priority > 256) {
                throw new IllegalArgumentException("priority must be between 1 and 256");
            }
            this.priority = priority;
            return this;
        }

        @Override
        public Builder proxy(ProxySelector proxySelector) {
            this.proxy = Objects.requireNonNull(proxySelector);
            return this;
        }

        @Override
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /**
         * The local address to connect from ({@code CURLOPT_INTERFACE}); JDK 19's
         * {@code HttpClient.Builder.localAddress}, available on JDK 17 too.
         *
         * @param localAddr the local address, or null for any
         * @return this builder
         */
        public Builder localAddress(InetAddress localAddr) {
            this.localAddress = localAddr;
            return this;
        }

        /**
         * hiper's own: a PEM bundle of the CAs that https servers' certificates must lead to
         * ({@code CURLOPT_CAINFO}), instead of the JDK's trust store or the trust managers of
         * {@link #sslContext(SSLContext)}; when both are given, this wins.
         *
         * @param pemBundle a file of PEM certificates
         * @return this builder
         */
        public Builder trustedCertificates(Path pemBundle) {
            this.caFile = pemBundle.toAbsolutePath().toString();
            return this;
        }

        /**
         * hiper's own: the most connections the client keeps open at once, to all servers
         * together ({@code CURLMOPT_MAX_TOTAL_CONNECTIONS}); requests beyond them wait in the
         * engine for a connection to come free, in the order they were sent. 0, the default, is
         * no limit, as in the JDK's client, which opens a connection for every HTTP/1.1 request
         * that finds none idle. The request timeout covers the wait.
         *
         * @param max the most connections, 0 for no limit
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnections must not be negative: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        @Override
        public HiperHttpClient build() {
            boolean custom;
            try {
                custom = sslContext != null && sslContext != SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                custom = true;
            }
            return new HiperHttpClient(new ClientCore.Config(connectTimeout, followRedirects, version, priority, proxy,
                    authenticator, cookieHandler, sslContext, sslParameters, executor, localAddress, caFile, custom,
                    maxConnections));
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.ofNullable(core.config().cookieHandler());
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.ofNullable(core.config().connectTimeout());
    }

    @Override
    public Redirect followRedirects() {
        return core.config().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.ofNullable(core.config().proxy());
    }

    /** The context given to the builder, else the JDK's default one (as the JDK's client answers). */
    @Override
    public SSLContext sslContext() {
        SSLContext c = core.config().sslContext();
        if (c != null) {
            return c;
        }
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SSLParameters sslParameters() {
        SSLParameters p = core.config().sslParameters();
        if (p == null) {
            return sslContext().getDefaultSSLParameters();
        }
        SSLParameters copy = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        copy.setApplicationProtocols(p.getApplicationProtocols());
        copy.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        return copy;
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.ofNullable(core.config().authenticator());
    }

    @Override
    public Version version() {
        return core.config().version();
    }

    /**
     * A builder of WebSockets on this client's engine: {@code ws://} and {@code wss://} with the
     * client's TLS settings, proxy selector and executor, the JDK's {@link WebSocket.Listener}
     * contract ({@code request(n)}, calls in order, whole characters of text).
     *
     * @return a new builder
     */
    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return new dev.hiper.internal.jdk.WsBuilder(core);
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.ofNullable(core.config().executor());
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> f = sendAsync(request, handler);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw ClientCore.copyForCaller((IOException) cause);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return core.sendAsync(request, handler);
    }

    /** As {@link #sendAsync(HttpRequest, HttpResponse.BodyHandler)}: HTTP/1.1 has no server push, so none arrives. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return core.sendAsync(request, handler);
    }

    /** No new requests (they fail with an {@link IOException}); those running go on to their end. */
    public void shutdown() {
        core.shutdown();
    }

    /** No new requests; those running fail with an {@link IOException}. */
    public void shutdownNow() {
        core.shutdownNow();
    }

    /**
     * Waits for the requests running at {@link #shutdown()} to end.
     *
     * @param duration how long to wait at most
     * @return true when the client terminated, false if {@code duration} passed first
     * @throws InterruptedException if the waiting thread was interrupted
     */
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return core.awaitTermination(duration);
    }

    /**
     * Whether the client is shut down and its engine has stopped.
     *
     * @return true once terminated
     */
    public boolean isTerminated() {
        return core.isTerminated();
    }

    /**
     * {@link #shutdown()}, then waits until every request has ended; if interrupted while waiting,
     * {@link #shutdownNow()} and the interrupt status is kept, as JDK 21's {@code close} does.
     */
    @Override
    public void close() {
        core.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (core.awaitTermination(Duration.ofDays(1))) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                core.shutdownNow();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "HiperHttpClient@" + Integer.toHexString(System.identityHashCode(this));
    }
}
