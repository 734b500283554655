package dev.hiper.cli.run;

import java.util.Locale;

/**
 * Pieces of a URL for the tool's own use (the {@code url.*} write-out variables, the remote
 * file name of {@code -O}, the file name {@code -T} appends, the query {@code -G} appends), on
 * byte strings, without the engine's normalisation.
 */
final class UrlParts {
    private UrlParts() {
    }

    /** Index just after "scheme://", or 0 when the URL has no scheme. */
    static int afterScheme(String url) {
        int i = url.indexOf("://");
        if (i <= 0) {
            return 0;
        }
        for (int k = 0; k < i; k++) {
            char c = url.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return 0;
            }
        }
        return i + 3;
    }

    /** Index where the path starts (after the authority), or the length when none. */
    static int pathStart(String url) {
        int from = afterScheme(url);
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }

    /** One part as curl's URL API gives it, or null when the URL has none. */
    static String part(String url, String part) {
        if (url == null) {
            return null;
        }
        for (int i = 0; i < url.length(); i++) {
            if (url.charAt(i) <= ' ' || url.charAt(i) == 0x7f) {
                return null; // not a URL the URL API accepts
            }
        }
        int s = afterScheme(url);
        String scheme = s > 0 ? url.substring(0, s - 3).toLowerCase(Locale.ROOT) : "http";
        int ps = pathStart(url);
        String authority = url.substring(s, ps);
        String rest = url.substring(ps);
        String fragment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
            if (query.isEmpty()) {
                query = null;
            }
        }
        String path = rest.isEmpty() ? "/" : rest;
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        String hostport = authority;
        if (at >= 0) {
            String ui = authority.substring(0, at);
            hostport = authority.substring(at + 1);
            int colon = ui.indexOf(':');
            user = colon >= 0 ? ui.substring(0, colon) : ui;
            password = colon >= 0 ? ui.substring(colon + 1) : null;
        }
        String host = hostport;
        String port = null;
        String zone = null;
        if (hostport.startsWith("[")) {
            int close = hostport.indexOf(']');
            host = close > 0 ? hostport.substring(0, close + 1) : hostport;
            if (close > 0 && close + 1 < hostport.length() && hostport.charAt(close + 1) == ':') {
                port = hostport.substring(close + 2);
            }
            int pct = host.indexOf('%');
            if (pct > 0) {
                zone = host.substring(pct + 1, host.length() - 1);
                if (zone.startsWith("25")) {
                    zone = zone.substring(2);
                }
                host = host.substring(0, pct) + "]";
            }
        } else {
            int colon = hostport.lastIndexOf(':');
            if (colon >= 0) {
                host = hostport.substring(0, colon);
                port = hostport.substring(colon + 1);
            }
        }
        if (port == null || port.isEmpty()) {
            port = scheme.equals("https") || scheme.equals("wss") ? "443"
                    : scheme.equals("http") || scheme.equals("ws") ? "80" : null;
        }
        switch (part) {
            case "scheme":
                return scheme;
            case "user":
                return user;
            case "password":
                return password;
            case "options":
                return null;
            case "host":
                return host;
            case "port":
                return port;
            case "path":
                return path;
            case "query":
                return query;
            case "fragment":
                return fragment;
            case "zoneid":
                return zone;
            default:
                return null;
        }
    }
}
