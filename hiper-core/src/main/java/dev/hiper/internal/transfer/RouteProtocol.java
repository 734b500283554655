package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_0;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2TLS;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;

import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.url.CurlUrl;

/**
 * Which HTTP version a route's connection may speak, decided from the URL and
 * {@code CURLOPT_HTTP_VERSION} before it is made: whether TLS offers {@code h2} by ALPN, whether
 * an {@code http://} connection starts HTTP/2 with prior knowledge, and what the cache key says
 * about it (so connections that may speak different versions are never mixed up).
 *
 * <p>A WebSocket upgrade is an HTTP/1.1 exchange, as libcurl makes it whatever
 * {@code CURLOPT_HTTP_VERSION} says, unless the application asks for HTTP/2 itself
 * ({@code CURL_HTTP_VERSION_2_0}, {@code 2TLS}, {@code 2_PRIOR_KNOWLEDGE}): then a {@code wss://}
 * connection offers {@code h2} by ALPN and a {@code ws://} one with prior knowledge speaks h2c,
 * and the WebSocket goes on one stream by extended CONNECT (RFC 8441), unless the transfer fell
 * back to HTTP/1.1 ({@code http1Only}) because the server does not allow it.
 */
final class RouteProtocol {
    private RouteProtocol() {
    }

    /** Whether {@code url} asks for a WebSocket. */
    static boolean webSocket(CurlUrl url) {
        return url.scheme().equals("ws") || url.scheme().equals("wss");
    }

    /**
     * Whether a WebSocket to {@code url} goes over HTTP/2: asked for by the application's own
     * HTTP/2 version ({@code ws://} with prior knowledge only: an h2c {@code Upgrade} and a
     * WebSocket one cannot share a request), and not fallen back to HTTP/1.1.
     */
    static boolean webSocketOverHttp2(EasyHandle easy, CurlUrl url, boolean http1Only) {
        if (http1Only || !webSocket(url)) {
            return false;
        }
        long v = easy.httpVersion;
        return v == CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
                || url.scheme().equals("wss") && (v == CURL_HTTP_VERSION_2_0 || v == CURL_HTTP_VERSION_2TLS);
    }

    /** The TLS options of a route to {@code url}: null for a plain one. */
    static TlsOptions tls(EasyHandle easy, CurlUrl url, boolean http1Only) {
        if (!url.scheme().equals("https") && !url.scheme().equals("wss")) {
            return null;
        }
        // libcurl 8 offers h2 unless told HTTP/1.x (CURL_HTTP_VERSION_2TLS is its default)
        boolean h2 = !webSocket(url) || webSocketOverHttp2(easy, url, http1Only);
        return easy.tls.frozen(h2 && easy.httpVersion != CURL_HTTP_VERSION_1_0
                && easy.httpVersion != CURL_HTTP_VERSION_1_1);
    }

    /** {@code http://} with CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE: HTTP/2 from the first byte. */
    static boolean priorKnowledge(EasyHandle easy, CurlUrl url, TlsOptions tls, boolean http1Only) {
        return tls == null && easy.httpVersion == CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
                && (!url.scheme().equals("ws") || webSocketOverHttp2(easy, url, http1Only));
    }

    /** Whether a connection of this route may turn out to speak HTTP/2. */
    static boolean mayMultiplex(EasyHandle easy, CurlUrl url, TlsOptions tls, boolean http1Only) {
        return tls != null ? tls.h2 : priorKnowledge(easy, url, tls, http1Only);
    }

    /** What the cache key adds for the protocol wishes (TLS's own key aside). */
    static String keySuffix(EasyHandle easy, CurlUrl url, TlsOptions tls, boolean http1Only) {
        if (priorKnowledge(easy, url, tls, http1Only)) {
            return " h2c"; // never shared with HTTP/1.1 connections to the same origin
        }
        if (tls == null && easy.httpVersion == CURL_HTTP_VERSION_2_0) {
            return " h2c-upgrade"; // may become HTTP/2 by Upgrade: kept from transfers that want HTTP/1.x
        }
        return "";
    }
}
