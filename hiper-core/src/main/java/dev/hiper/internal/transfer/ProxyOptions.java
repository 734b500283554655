package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.EasyInfo;
import dev.hiper.curl.EasyOption;
import dev.hiper.internal.conn.proxy.ProxyRoute;
import dev.hiper.internal.conn.tls.TlsOptions;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A handle's proxy options ({@code CURLOPT_PROXY} and its companions) and the table that sets
 * them, beside {@link EasyHandle}'s own. The environment the proxy variables come from is
 * {@link #env}: the process's by default, replaceable (tests, the command line's own
 * environment).
 */
public final class ProxyOptions {
    /** Where {@code http_proxy} and the others are read: the process environment unless replaced. */
    public static final Function<String, String> PROCESS_ENV = System::getenv;

    public String proxy;
    public String preProxy;
    public long type = CURLPROXY_HTTP;
    public long port;
    public String user;
    public String password;
    public long auth = CURLAUTH_BASIC;
    public boolean tunnel;
    public String noProxy;
    public List<String> headers;
    public boolean separateHeaders = true;
    public boolean suppressConnectHeaders;
    public Function<String, String> env = PROCESS_ENV;
    /** TLS to an HTTPS proxy (CURLOPT_PROXY_CAINFO, PROXY_SSL_VERIFYPEER, ...); ALPN offers http/1.1. */
    public TlsOptions tls = TlsOptions.DEFAULTS;

    /** The defaults, shared by every handle that set no proxy option; never changed. */
    static final ProxyOptions DEFAULTS = new ProxyOptions();

    /** This instance when it is a handle's own, else (the shared defaults) a new copy for the handle to change. */
    public ProxyOptions writable() {
        return this == DEFAULTS ? copy() : this;
    }

    /** An instance with the same settings for another handle: the shared defaults themselves, else a copy. */
    ProxyOptions forAnotherHandle() {
        return this == DEFAULTS ? this : copy();
    }

    ProxyOptions copy() {
        ProxyOptions o = new ProxyOptions();
        o.proxy = proxy;
        o.preProxy = preProxy;
        o.type = type;
        o.port = port;
        o.user = user;
        o.password = password;
        o.auth = auth;
        o.tunnel = tunnel;
        o.noProxy = noProxy;
        o.headers = headers;
        o.separateHeaders = separateHeaders;
        o.suppressConnectHeaders = suppressConnectHeaders;
        o.env = env;
        o.tls = tls.forAnotherHandle();
        return o;
    }

    /** The proxy variables libcurl reads; whether the process has any is fixed for its life. */
    private static final String[] VARIABLES = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
        "no_proxy", "NO_PROXY"};
    private static final boolean PROCESS_HAS_VARIABLES = processHasVariables();

    private static boolean processHasVariables() {
        for (String v : VARIABLES) {
            if (System.getenv(v) != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether every transfer goes direct without looking further (no option, no variable). */
    boolean direct() {
        return proxy == null && preProxy == null && env == PROCESS_ENV && !PROCESS_HAS_VARIABLES;
    }

    /** What {@link ProxyRoute#decide} reads. */
    ProxyRoute.Settings settings() {
        return new ProxyRoute.Settings(proxy, preProxy, type, port, user, password, noProxy, tunnel, env);
    }

    /** The header lines for the proxy in a CONNECT request (HEADEROPT decides whose). */
    List<String> connectHeaders(List<String> httpHeaders) {
        return separateHeaders ? headers : httpHeaders;
    }

    // ---- the table ----

    @FunctionalInterface
    interface Setter {
        CurlCode set(ProxyOptions o, Object v);
    }

    static final Map<EasyOption<?>, Setter> SETTERS = new IdentityHashMap<>();
    static final Map<EasyInfo<?>, Function<EasyHandle, Object>> GETTERS = new IdentityHashMap<>();

    private static long num(Object v, long dflt) {
        return v == null ? dflt : (Long) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object v) {
        return v == null ? null : List.copyOf((List<String>) v);
    }

    static {
        SETTERS.put(CURLOPT_PROXY, (o, v) -> { o.proxy = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PRE_PROXY, (o, v) -> { o.preProxy = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXYPORT, (o, v) -> {
            long p = num(v, 0);
            if (p < 0 || p > 65535) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            o.port = p;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXYTYPE, (o, v) -> {
            long t = num(v, CURLPROXY_HTTP);
            if (t < CURLPROXY_HTTP || t > CURLPROXY_SOCKS5_HOSTNAME) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            o.type = t;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXYUSERPWD, (o, v) -> {
            String up = (String) v;
            if (up == null) {
                o.user = null;
                o.password = null;
            } else {
                int colon = up.indexOf(':');
                o.user = colon < 0 ? up : up.substring(0, colon);
                o.password = colon < 0 ? "" : up.substring(colon + 1);
            }
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXYUSERNAME, (o, v) -> { o.user = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXYPASSWORD, (o, v) -> { o.password = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXYAUTH, (o, v) -> {
            // as a libcurl built without NTLM and Negotiate: their bits are switched off
            long usable = dev.hiper.internal.http.HttpAuth.usable(num(v, CURLAUTH_BASIC));
            if (usable < 0) {
                return CurlCode.CURLE_NOT_BUILT_IN;
            }
            o.auth = usable & ~CURLAUTH_BEARER; // no bearer tokens for proxies, as libcurl
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_HTTPPROXYTUNNEL, (o, v) -> { o.tunnel = v != null && (Long) v != 0; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_NOPROXY, (o, v) -> { o.noProxy = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXYHEADER, (o, v) -> { o.headers = list(v); return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_HEADEROPT, (o, v) -> {
            o.separateHeaders = v == null || ((Long) v & CURLHEADER_SEPARATE) != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_SUPPRESS_CONNECT_HEADERS, (o, v) -> {
            o.suppressConnectHeaders = v != null && (Long) v != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXY_CAINFO, (o, v) -> { o.tls = o.tls.writable(); o.tls.caInfo = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXY_CAPATH, (o, v) -> { o.tls = o.tls.writable(); o.tls.caPath = (String) v; return CurlCode.CURLE_OK; });
        SETTERS.put(CURLOPT_PROXY_SSL_VERIFYPEER, (o, v) -> {
            o.tls = o.tls.writable();
            o.tls.verifyPeer = v == null || (Long) v != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXY_SSL_VERIFYHOST, (o, v) -> {
            o.tls = o.tls.writable();
            o.tls.verifyHost = v == null || ((Long) v & 3) != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PROXY_PINNEDPUBLICKEY, (o, v) -> {
            o.tls = o.tls.writable();
            o.tls.pinnedPublicKey = (String) v;
            return CurlCode.CURLE_OK;
        });
        GETTERS.put(CURLINFO_PROXY_SSL_VERIFYRESULT, h -> h.info.proxySslVerifyResult);
        GETTERS.put(CURLINFO_HTTP_CONNECTCODE, h -> h.info.connectCode);
        GETTERS.put(CURLINFO_PROXYAUTH_AVAIL, h -> h.info.proxyAuthAvail);
        GETTERS.put(CURLINFO_PROXY_ERROR, h -> h.info.proxyError);
    }
}
