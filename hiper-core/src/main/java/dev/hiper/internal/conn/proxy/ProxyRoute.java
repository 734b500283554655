package dev.hiper.internal.conn.proxy;

import dev.hiper.curl.Curl;
import java.util.List;
import java.util.function.Function;

/**
 * Which proxies a transfer goes through, decided as libcurl decides it
 * ({@code Curl_proxy_init_conn}): 1. a host that {@code CURLOPT_NOPROXY} (else {@code no_proxy},
 * else {@code NO_PROXY}) names goes direct; 2. {@code CURLOPT_PROXY} and
 * {@code CURLOPT_PRE_PROXY}, where "" in either means no proxy and no look at the environment;
 * 3. when neither is set, the environment: {@code http_proxy} (lower case only) for {@code http},
 * {@code https_proxy} then {@code HTTPS_PROXY} for {@code https}, then {@code all_proxy} then
 * {@code ALL_PROXY}; 4. a SOCKS proxy in {@code CURLOPT_PROXY} is the SOCKS hop (with a pre-proxy
 * too, an error); 5. an HTTP proxy tunnels with CONNECT for {@code https}, with
 * {@code CURLOPT_HTTPPROXYTUNNEL}, or with {@code CURLOPT_CONNECT_TO}, and forwards absolute-form
 * requests otherwise.
 *
 * @param socks the SOCKS hop (first on the wire), or null
 * @param http the HTTP proxy (after the SOCKS hop), or null
 * @param tunnel whether the HTTP proxy is asked to CONNECT (false: it forwards the requests)
 * @param envNote the trace line naming the environment variable used, or null
 */
public record ProxyRoute(ProxySpec socks, ProxySpec http, boolean tunnel, String envNote) {
    /** No proxy at all. */
    public static final ProxyRoute DIRECT = new ProxyRoute(null, null, false, null);

    /** The options the decision reads (a view of the easy handle's). */
    public record Settings(String proxy, String preProxy, long type, long port, String user, String password,
            String noProxy, boolean tunnel, Function<String, String> env) {
    }

    /** Whether the transfer talks to a proxy at all. */
    public boolean proxied() {
        return socks != null || http != null;
    }

    /** Whether requests go to an HTTP proxy in absolute form (no tunnel). */
    public boolean forwarding() {
        return http != null && !tunnel;
    }

    /** The first hop: where the TCP connection goes, or null for the origin. */
    public ProxySpec firstHop() {
        return socks != null ? socks : http;
    }

    /** The cache key's proxy part: every hop with its credentials, and the tunnel flag. */
    public String cacheKey() {
        StringBuilder sb = new StringBuilder(64);
        if (socks != null) {
            sb.append(" via ").append(socks.cacheKey());
        }
        if (http != null) {
            sb.append(" via ").append(http.cacheKey()).append(tunnel ? " tunnel" : " forward");
        }
        return sb.toString();
    }

    /**
     * The route for a URL with {@code scheme} and {@code host}. {@code connectTo}: a
     * {@code CURLOPT_CONNECT_TO} entry applies (an HTTP proxy then always tunnels).
     */
    public static ProxyRoute decide(String scheme, String host, boolean connectTo, Settings s)
            throws ProxySpec.Failure {
        String noProxy = s.noProxy;
        String note = null;
        if (noProxy == null) {
            noProxy = s.env.apply("no_proxy");
            String name = "no_proxy";
            if (noProxy == null) {
                noProxy = s.env.apply("NO_PROXY");
                name = "NO_PROXY";
            }
            if (noProxy != null) {
                note = "Uses proxy env variable " + name + " == '" + noProxy + "'";
            }
        }
        if (NoProxy.matches(host, noProxy)) {
            return note == null ? DIRECT : new ProxyRoute(null, null, false, note);
        }
        String proxy = null;
        String pre = null;
        boolean envAllowed = true;
        if (s.proxy != null) {
            if (s.proxy.isEmpty()) {
                envAllowed = false;
            } else {
                proxy = s.proxy;
            }
        }
        if (s.preProxy != null) {
            if (s.preProxy.isEmpty()) {
                envAllowed = false;
            } else {
                pre = s.preProxy;
            }
        }
        if (proxy == null && pre == null && envAllowed) {
            String[] names = scheme.equals("https") || scheme.equals("wss")
                    ? new String[] {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}
                    : new String[] {"http_proxy", "all_proxy", "ALL_PROXY"};
            for (String name : names) {
                String v = s.env.apply(name);
                if (v != null) {
                    proxy = v;
                    note = "Uses proxy env variable " + name + " == '" + v + "'";
                    break;
                }
            }
            if (proxy != null && proxy.isEmpty()) {
                proxy = null;
            }
        }
        if (proxy == null && pre == null) {
            return note == null ? DIRECT : new ProxyRoute(null, null, false, note);
        }
        ProxySpec socks = pre == null ? null : ProxySpec.parse(pre, Curl.CURLPROXY_SOCKS4, s.port, true);
        ProxySpec http = null;
        if (proxy != null) {
            ProxySpec p = ProxySpec.parse(proxy, s.type, s.port, false);
            if (p.user() == null && p.password() == null && (s.user != null || s.password != null)) {
                p = p.withCredentials(s.user, s.password);
            }
            if (p.isSocks()) {
                if (socks != null) {
                    throw new ProxySpec.Failure(dev.hiper.curl.CurlCode.CURLE_COULDNT_RESOLVE_PROXY,
                            "Having a SOCKS pre-proxy and proxy is not supported with '" + proxy + "'");
                }
                socks = p;
            } else {
                http = p;
            }
        }
        boolean tunnel = http != null && (s.tunnel || connectTo || !scheme.equals("http"));
        return new ProxyRoute(socks, http, tunnel, note);
    }

    /** The proxy headers a request carries: the application's, as HEADEROPT decides. */
    public static List<String> connectHeaders(boolean separate, List<String> proxyHeaders, List<String> headers) {
        return separate ? proxyHeaders : headers;
    }
}
