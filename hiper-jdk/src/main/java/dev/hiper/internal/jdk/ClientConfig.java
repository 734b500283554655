package dev.hiper.internal.jdk;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A client's settings, as its builder collected them (null where the builder was not told);
 * immutable. {@link #executorOrDefault()} is where user code runs.
 *
 * @param caFile a PEM bundle of trusted CAs for https ({@code CURLOPT_CAINFO}), or null for the
 *     JDK's trust store
 */
public record ClientConfig(
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
        String caFile) {

    /** The executor for user code: the one given, else the shared default. */
    public Executor executorOrDefault() {
        return executor != null ? executor : Workers.DEFAULT_EXECUTOR;
    }
}
