package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlSslCtxFunction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * Sets an easy handle's options from an {@link HttpRequest} and the client's settings.
 *
 * <table>
 *   <caption>request and client settings to options</caption>
 *   <tr><th>from</th><th>option</th></tr>
 *   <tr><td>uri</td><td>{@code CURLOPT_URL}</td></tr>
 *   <tr><td>GET, no body</td><td>the default</td></tr>
 *   <tr><td>HEAD</td><td>{@code CURLOPT_NOBODY}</td></tr>
 *   <tr><td>PUT</td><td>{@code CURLOPT_UPLOAD}, {@code CURLOPT_INFILESIZE_LARGE}</td></tr>
 *   <tr><td>any other method with a body</td><td>{@code CURLOPT_POST}, {@code CURLOPT_POSTFIELDSIZE_LARGE},
 *       {@code CURLOPT_CUSTOMREQUEST} unless POST</td></tr>
 *   <tr><td>any other method without a body</td><td>{@code CURLOPT_CUSTOMREQUEST}</td></tr>
 *   <tr><td>body's {@code contentLength()}</td><td>the size; -1 sends chunked</td></tr>
 *   <tr><td>headers</td><td>{@code CURLOPT_HTTPHEADER}, with hiper's own {@code Accept},
 *       {@code Expect} and (for a POST) {@code Content-Type} removed unless the request sets them,
 *       since the JDK's client sends none of them by itself</td></tr>
 *   <tr><td>{@code expectContinue(true)}</td><td>{@code Expect: 100-continue}</td></tr>
 *   <tr><td>connect timeout</td><td>{@code CURLOPT_CONNECTTIMEOUT_MS}</td></tr>
 *   <tr><td>local address</td><td>{@code CURLOPT_INTERFACE}</td></tr>
 *   <tr><td>SSLParameters protocols</td><td>{@code CURLOPT_SSLVERSION} (lowest and highest)</td></tr>
 *   <tr><td>SSLParameters cipher suites</td><td>{@code CURLOPT_TLS13_CIPHERS} and {@code CURLOPT_SSL_CIPHER_LIST}</td></tr>
 * </table>
 */
final class EasyRequest {
    private static final String[] TLS_VERSIONS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    private static final long[] MIN_CODES = {CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_TLSv1_1,
        CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_TLSv1_3};
    private static final long[] MAX_CODES = {CURL_SSLVERSION_MAX_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_1,
        CURL_SSLVERSION_MAX_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_3};

    private EasyRequest() {
    }

    /**
     * Sets every option for one attempt at {@code request}. {@code extraHeaders} are added
     * ({@code Cookie} lines); {@code credentials}, if not null, are sent with Basic
     * authentication; {@code proxy} is {@link #proxyFor}'s answer. Returns whether a read callback is needed for the body.
     *
     * @throws IOException for a request hiper cannot send as asked (a custom SSLContext on https)
     */
    static boolean configure(CurlEasy easy, HttpRequest request, ClientCore.Config config, List<String> extraHeaders,
            PasswordAuthentication credentials, String proxy) throws IOException {
        set(easy, CURLOPT_URL, request.uri().toString());
        // HTTP_2 (the JDK's default) is HTTP/2 where TLS negotiates it, HTTP/1.1 elsewhere
        // (hiper sends no Upgrade: h2c); HTTP_1_1 keeps every exchange on HTTP/1.1.
        HttpClient.Version version = request.version().orElse(config.version());
        set(easy, CURLOPT_HTTP_VERSION, version == HttpClient.Version.HTTP_1_1
                ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS);
        String method = request.method();
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        long length = publisher.map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        boolean hasBody = publisher.isPresent() && length != 0;
        boolean post = false;
        if (method.equals("HEAD")) {
            set(easy, CURLOPT_NOBODY, 1L);
            hasBody = false;
        } else if (method.equals("PUT")) {
            set(easy, CURLOPT_UPLOAD, 1L);
            set(easy, CURLOPT_INFILESIZE_LARGE, hasBody ? length : 0L);
        } else if (hasBody || method.equals("POST")) {
            post = true;
            set(easy, CURLOPT_POST, 1L);
            if (hasBody) {
                set(easy, CURLOPT_POSTFIELDSIZE_LARGE, length);
            } else {
                set(easy, CURLOPT_POSTFIELDS, new byte[0]);
            }
            if (!method.equals("POST")) {
                set(easy, CURLOPT_CUSTOMREQUEST, method);
            }
        } else if (!method.equals("GET")) {
            set(easy, CURLOPT_CUSTOMREQUEST, method);
        }
        set(easy, CURLOPT_HTTPHEADER, headerLines(request, extraHeaders, post));
        if (config.connectTimeout() != null) {
            set(easy, CURLOPT_CONNECTTIMEOUT_MS, Math.max(1, config.connectTimeout().toMillis()));
        }
        // as the JDK's client: the selector's first proxy when it is an HTTP one (a CONNECT tunnel
        // for https, the absolute URL for http), else direct; never the proxy environment variables
        set(easy, CURLOPT_PROXY, proxy);
        if (config.localAddress() != null) {
            set(easy, CURLOPT_INTERFACE, config.localAddress().getHostAddress());
        }
        if (credentials != null) {
            set(easy, CURLOPT_USERNAME, credentials.getUserName());
            set(easy, CURLOPT_PASSWORD, new String(credentials.getPassword()));
            set(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        }
        if ("https".equalsIgnoreCase(request.uri().getScheme())) {
            tls(easy, config);
        }
        return hasBody;
    }

    /** {@code CURLOPT_PROXY} for {@code uri}: "http://host:port" of the selector's first proxy if it is HTTP, else "". */
    static String proxyFor(ProxySelector selector, URI uri) {
        if (selector == null) {
            return "";
        }
        List<Proxy> proxies = selector.select(uri);
        if (proxies == null || proxies.isEmpty() || proxies.get(0).type() != Proxy.Type.HTTP
                || !(proxies.get(0).address() instanceof InetSocketAddress a)) {
            return "";
        }
        String host = a.getHostString();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static List<String> headerLines(HttpRequest request, List<String> extraHeaders, boolean post) {
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> map = request.headers().map();
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            for (String v : e.getValue()) {
                // "Name;" is curl's way to send a header with an empty value
                lines.add(v.isEmpty() ? e.getKey() + ";" : e.getKey() + ": " + v);
            }
        }
        lines.addAll(extraHeaders);
        if (!request.headers().firstValue("Accept").isPresent()) {
            lines.add("Accept:");
        }
        if (request.expectContinue()) {
            lines.add("Expect: 100-continue");
        } else if (!request.headers().firstValue("Expect").isPresent()) {
            lines.add("Expect:");
        }
        if (post && !request.headers().firstValue("Content-Type").isPresent()) {
            lines.add("Content-Type:");
        }
        return lines;
    }

    /** CURLOPT_SSL_CTX_FUNCTION for a client built with its own SSLContext: that context, given as the data. */
    private static final CurlSslCtxFunction CLIENT_CONTEXT = (easy, hipers, context) -> (SSLContext) context;

    static void tls(CurlEasy easy, ClientCore.Config config) throws IOException {
        if (config.caFile() != null) {
            set(easy, CURLOPT_CAINFO, config.caFile());
        } else if (config.customSslContext()) {
            // the client's context, with its trust and key managers; one function and the same
            // data for every request of the client, so they share its connections
            set(easy, CURLOPT_SSL_CTX_FUNCTION, CLIENT_CONTEXT);
            set(easy, CURLOPT_SSL_CTX_DATA, config.sslContext());
        }
        SSLParameters p = config.sslParameters();
        if (p == null) {
            return;
        }
        String[] protocols = p.getProtocols();
        if (protocols != null && protocols.length > 0) {
            int lo = -1;
            int hi = -1;
            for (String proto : protocols) {
                for (int i = 0; i < TLS_VERSIONS.length; i++) {
                    if (TLS_VERSIONS[i].equals(proto)) {
                        lo = lo < 0 ? i : Math.min(lo, i);
                        hi = Math.max(hi, i);
                    }
                }
            }
            if (lo < 0) {
                throw new SSLHandshakeException("No appropriate protocol (protocol is disabled or cipher suites are"
                        + " inappropriate): none of " + String.join(", ", protocols) + " is a TLS version hiper speaks");
            }
            set(easy, CURLOPT_SSLVERSION, MIN_CODES[lo] | MAX_CODES[hi]);
        }
        String[] suites = p.getCipherSuites();
        if (suites != null && suites.length > 0) {
            StringJoiner tls13 = new StringJoiner(":");
            StringJoiner older = new StringJoiner(":");
            for (String s : suites) {
                String u = s.toUpperCase(Locale.ROOT);
                if (u.startsWith("TLS_AES_") || u.startsWith("TLS_CHACHA20_")) {
                    tls13.add(s);
                } else {
                    older.add(s);
                }
            }
            if (tls13.length() > 0) {
                set(easy, CURLOPT_TLS13_CIPHERS, tls13.toString());
            }
            if (older.length() > 0) {
                set(easy, CURLOPT_SSL_CIPHER_LIST, older.toString());
            }
        }
    }

    static <T> void set(CurlEasy easy, dev.hiper.curl.EasyOption<T> option, T value) throws IOException {
        CurlCode c = easy.setopt(option, value);
        if (c != CurlCode.CURLE_OK) {
            throw new IOException(option + ": " + c.strerror());
        }
    }
}
