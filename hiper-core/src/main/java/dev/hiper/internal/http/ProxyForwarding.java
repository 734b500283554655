package dev.hiper.internal.http;

import dev.hiper.internal.url.CurlUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * What changes in a request that goes to an HTTP proxy which forwards it (libcurl's
 * "origin is proxy" requests): the request-target is the absolute URL, without credentials and
 * fragment; the head carries {@code Proxy-Authorization} (worked out by {@link ExchangeAuth}) right after {@code Host} and
 * {@code Proxy-Connection: Keep-Alive} after {@code Referer}; the proxy's header lines
 * ({@code CURLOPT_PROXYHEADER}, with {@code CURLHEADER_SEPARATE}) follow the application's.
 *
 * <p>One per {@link HttpExchange}; {@link #set} before each request (the route decides), off for
 * requests that go to the origin or through a tunnel. The joined header list is made once per
 * pair of lists, so a request sent again is the same request (no allocation).
 */
public final class ProxyForwarding {
    private boolean on;
    private String user;
    private String password;
    private List<String> proxyHeaders;
    private List<String> joinedFrom;
    private List<String> joinedProxy;
    private List<String> joined;

    /** The next requests go to a forwarding proxy ({@code on}), with its credentials and header lines. */
    public void set(boolean forwarding, String proxyUser, String proxyPassword, List<String> headers) {
        on = forwarding;
        user = forwarding ? proxyUser : null;
        password = forwarding ? proxyPassword : null;
        proxyHeaders = forwarding ? headers : null;
    }

    /** Whether the request goes to a forwarding proxy. */
    public boolean on() {
        return on;
    }

    /** The proxy's user name, or null. */
    public String user() {
        return user;
    }

    /** The proxy's password, or null. */
    public String password() {
        return password;
    }

    /** The request-target for {@code u}. */
    public String target(CurlUrl u) {
        return on ? u.withoutCredentials() : u.target();
    }

    /** The application's lines, then the proxy's (the same list object while both are the same). */
    public List<String> headers(List<String> headers) {
        if (proxyHeaders == null || proxyHeaders.isEmpty()) {
            return headers;
        }
        if (headers == joinedFrom && proxyHeaders == joinedProxy) {
            return joined;
        }
        List<String> all = new ArrayList<>(headers == null ? List.of() : headers);
        all.addAll(proxyHeaders);
        joinedFrom = headers;
        joinedProxy = proxyHeaders;
        joined = List.copyOf(all);
        return joined;
    }
}
