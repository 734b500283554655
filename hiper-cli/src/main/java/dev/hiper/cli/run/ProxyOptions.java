package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.ProxyConfig;
import java.util.List;
import java.util.Locale;

/**
 * Hands an operation's proxy options to the easy handle, as curl's tool does: a {@code --socks*}
 * proxy replaces {@code -x}, the proxy type goes with it, the rest one option each. The proxy
 * environment variables are libcurl's to read; only when the command runs with an environment
 * of its own (in-process, as the curl-test runner runs it) does the tool read them itself, by
 * libcurl's rules, for the transfer's first URL (a redirect to another scheme keeps that proxy,
 * where libcurl would read the variables again).
 */
final class ProxyOptions {
    /** The variables libcurl reads. */
    private static final List<String> VARIABLES = List.of("http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
            "ALL_PROXY", "no_proxy", "NO_PROXY");

    private ProxyOptions() {
    }

    static void apply(ProxyConfig p, ToolEnv env, String url, ToolTransfer.Setter set) {
        if (p.socks != null) {
            set.str(CURLOPT_PROXY, ToolEnv.fromBytes(p.socks));
            set.num(CURLOPT_PROXYTYPE, p.socksType);
        } else if (p.proxy != null) {
            set.str(CURLOPT_PROXY, ToolEnv.fromBytes(p.proxy));
            if (p.proxyType != CURLPROXY_HTTP) {
                set.num(CURLOPT_PROXYTYPE, p.proxyType);
            }
        }
        if (p.preProxy != null) {
            set.str(CURLOPT_PRE_PROXY, ToolEnv.fromBytes(p.preProxy));
        }
        if (!processEnvironment(env)) {
            fromEnvironment(env, url, !p.anyProxy(), p.noProxy == null, set);
        }
        if (p.user != null) {
            set.str(CURLOPT_PROXYUSERPWD, ToolEnv.fromBytes(p.user));
        }
        if (p.noProxy != null) {
            set.str(CURLOPT_NOPROXY, ToolEnv.fromBytes(p.noProxy));
        }
        if (!p.headers.isEmpty()) {
            set.obj(CURLOPT_PROXYHEADER, List.copyOf(p.headers));
            set.num(CURLOPT_HEADEROPT, CURLHEADER_SEPARATE);
        }
        if (p.tunnel) {
            set.num(CURLOPT_HTTPPROXYTUNNEL, 1);
        }
        if (p.auth != 0) {
            set.num(CURLOPT_PROXYAUTH, p.auth);
        }
        if (p.caCert != null) {
            set.str(CURLOPT_PROXY_CAINFO, env.path(p.caCert).toString());
        }
        if (p.caPath != null) {
            set.str(CURLOPT_PROXY_CAPATH, env.path(p.caPath).toString());
        }
        if (p.pinnedPubKey != null) {
            String k = ToolEnv.fromBytes(p.pinnedPubKey);
            set.str(CURLOPT_PROXY_PINNEDPUBLICKEY, k.startsWith("sha256//") ? k : env.path(p.pinnedPubKey).toString());
        }
        if (p.insecure) {
            set.num(CURLOPT_PROXY_SSL_VERIFYPEER, 0);
            set.num(CURLOPT_PROXY_SSL_VERIFYHOST, 0);
        }
        if (p.suppressConnectHeaders) {
            set.num(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1);
        }
    }

    /** Whether the command's environment holds the process's proxy variables (libcurl then reads them). */
    private static boolean processEnvironment(ToolEnv env) {
        for (String name : VARIABLES) {
            String mine = env.getenv(name);
            if (mine == null ? System.getenv(name) != null : !mine.equals(System.getenv(name))) {
                return false;
            }
        }
        return true;
    }

    /**
     * libcurl's reading of the variables, for {@code url}: {@code http_proxy} (lower case only)
     * for http, {@code https_proxy} then {@code HTTPS_PROXY} for https, then {@code all_proxy}
     * and {@code ALL_PROXY}; {@code no_proxy} then {@code NO_PROXY}. Set explicitly, so the
     * process's own variables play no part.
     */
    private static void fromEnvironment(ToolEnv env, String url, boolean proxyToo, boolean noProxyToo,
            ToolTransfer.Setter set) {
        if (noProxyToo) {
            // read even when an option names the proxy, as libcurl reads it
            String no = env.getenv("no_proxy");
            if (no == null) {
                no = env.getenv("NO_PROXY");
            }
            set.str(CURLOPT_NOPROXY, no == null ? null : ToolEnv.fromBytes(no));
        }
        if (!proxyToo) {
            return;
        }
        int colon = url.indexOf("://");
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "http";
        String[] names = scheme.equals("https") ? new String[] {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}
                : new String[] {"http_proxy", "all_proxy", "ALL_PROXY"};
        String proxy = "";
        for (String name : names) {
            String v = env.getenv(name);
            if (v != null) {
                proxy = v;
                break;
            }
        }
        set.str(CURLOPT_PROXY, ToolEnv.fromBytes(proxy));
    }
}
