package dev.hiper.cli.args;

import static dev.hiper.curl.Curl.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The proxy options of one operation, as curl's tool keeps them and hands them to libcurl:
 * {@code -x/--proxy}, {@code --proxy1.0}, {@code --socks4}, {@code --socks4a}, {@code --socks5},
 * {@code --socks5-hostname} (which win over {@code -x}, as in curl), {@code --preproxy},
 * {@code -U/--proxy-user}, {@code --proxy-basic}, {@code --proxy-anyauth},
 * {@code -p/--proxytunnel}, {@code --noproxy}, {@code --proxy-header},
 * {@code --suppress-connect-headers}, and TLS to an HTTPS proxy ({@code --proxy-cacert},
 * {@code --proxy-capath}, {@code --proxy-pinnedpubkey}, {@code --proxy-insecure}). Filled while parsing, copied into each {@link Operation}.
 */
public final class ProxyConfig {
    /** The string options this class takes. */
    static final Set<String> STRINGS = Set.of("proxy", "proxy1.0", "socks4", "socks4a", "socks5", "socks5-hostname",
            "preproxy", "proxy-user", "noproxy", "proxy-header", "proxy-cacert", "proxy-capath", "proxy-pinnedpubkey");
    /** The switches this class takes. */
    static final Set<String> SWITCHES = Set.of("proxytunnel", "proxy-basic", "proxy-digest", "proxy-anyauth", "suppress-connect-headers",
            "proxy-insecure");

    /** {@code -x} (or {@code --proxy1.0}); null when not given. */
    public String proxy;
    /** {@code CURLPROXY_HTTP}, or {@code CURLPROXY_HTTP_1_0} for {@code --proxy1.0}. */
    public long proxyType = CURLPROXY_HTTP;
    /** A {@code --socks*} proxy, or null; it replaces {@code -x}. */
    public String socks;
    public long socksType;
    public String preProxy;
    public String user;
    public String noProxy;
    public final List<String> headers = new ArrayList<>();
    public boolean tunnel;
    /** The {@code CURLAUTH_*} bits for the proxy; 0 = libcurl's default (Basic). */
    public long auth;
    public boolean suppressConnectHeaders;
    /** TLS to an HTTPS proxy: {@code --proxy-cacert}, {@code --proxy-capath}, {@code --proxy-pinnedpubkey}, {@code --proxy-insecure}. */
    public String caCert;
    public String caPath;
    public String pinnedPubKey;
    public boolean insecure;

    ProxyConfig copy() {
        ProxyConfig c = new ProxyConfig();
        c.proxy = proxy;
        c.proxyType = proxyType;
        c.socks = socks;
        c.socksType = socksType;
        c.preProxy = preProxy;
        c.user = user;
        c.noProxy = noProxy;
        c.headers.addAll(headers);
        c.tunnel = tunnel;
        c.auth = auth;
        c.suppressConnectHeaders = suppressConnectHeaders;
        c.caCert = caCert;
        c.caPath = caPath;
        c.pinnedPubKey = pinnedPubKey;
        c.insecure = insecure;
        return c;
    }

    /** Whether any proxy option was given (the environment is then not consulted by the tool). */
    public boolean anyProxy() {
        return proxy != null || socks != null || preProxy != null;
    }

    /** A string option for this class. */
    ParamError string(String name, String v) {
        switch (name) {
            case "proxy" -> {
                proxy = v;
                proxyType = CURLPROXY_HTTP;
            }
            case "proxy1.0" -> {
                proxy = v;
                proxyType = CURLPROXY_HTTP_1_0;
            }
            case "socks4" -> socks(v, CURLPROXY_SOCKS4);
            case "socks4a" -> socks(v, CURLPROXY_SOCKS4A);
            case "socks5" -> socks(v, CURLPROXY_SOCKS5);
            case "socks5-hostname" -> socks(v, CURLPROXY_SOCKS5_HOSTNAME);
            case "preproxy" -> preProxy = v;
            case "proxy-user" -> user = v;
            case "noproxy" -> noProxy = v;
            case "proxy-cacert" -> caCert = v;
            case "proxy-capath" -> caPath = v;
            case "proxy-pinnedpubkey" -> pinnedPubKey = v;
            case "proxy-header" -> {
                if (!v.isEmpty()) {
                    headers.add(v);
                }
            }
            default -> {
                return ParamError.LIBCURL_DOESNT_SUPPORT;
            }
        }
        return ParamError.OK;
    }

    private void socks(String v, long type) {
        socks = v;
        socksType = type;
    }

    /** A switch for this class. */
    ParamError bool(String name, boolean on) {
        switch (name) {
            case "proxytunnel" -> tunnel = on;
            case "proxy-basic" -> auth = on ? CURLAUTH_BASIC : 0;
            case "proxy-anyauth" -> auth = on ? CURLAUTH_ANY : 0;
            case "proxy-digest" -> auth = on ? CURLAUTH_DIGEST : 0;
            case "suppress-connect-headers" -> suppressConnectHeaders = on;
            case "proxy-insecure" -> insecure = on;
            default -> {
                return ParamError.LIBCURL_DOESNT_SUPPORT;
            }
        }
        return ParamError.OK;
    }
}
