package dev.hiper.internal.conn.proxy;

import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One proxy as libcurl reads {@code CURLOPT_PROXY} (or {@code CURLOPT_PRE_PROXY}, or a proxy
 * environment variable): {@code [scheme://][user[:password]@]host[:port][/...]}. The scheme names
 * the kind ({@code http}, {@code https}, {@code socks4} or {@code socks}, {@code socks4a},
 * {@code socks5}, {@code socks5h}); without one, the configured {@code CURLPROXY_*} type does. The
 * port is the string's, else {@code CURLOPT_PROXYPORT}, else 1080 (443 for an HTTPS proxy).
 * User and password are percent-decoded. Pure: a string in, a value or a {@link Failure} out.
 *
 * @param type one of the {@code CURLPROXY_*} values
 * @param host the host name or address, IPv6 without brackets
 * @param port the port
 * @param user the user name, or null
 * @param password the password, or null
 */
public record ProxySpec(long type, String host, int port, String user, String password) {
    /** libcurl's default proxy port ({@code CURL_DEFAULT_PROXY_PORT}). */
    public static final int DEFAULT_PORT = 1080;

    /** A proxy string that cannot be used: the code and the error-buffer text libcurl gives. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CurlCode code;

        Failure(CurlCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public CurlCode code() {
            return code;
        }
    }

    /** Whether this is a SOCKS proxy of any version. */
    public boolean isSocks() {
        return type >= Curl.CURLPROXY_SOCKS4;
    }

    /** Whether TLS runs to the proxy itself (an HTTPS proxy). */
    public boolean isHttps() {
        return type == Curl.CURLPROXY_HTTPS || type == Curl.CURLPROXY_HTTPS2;
    }

    /** Whether the proxy itself resolves the origin's name (SOCKS4a, SOCKS5h). */
    public boolean remoteResolve() {
        return type == Curl.CURLPROXY_SOCKS4A || type == Curl.CURLPROXY_SOCKS5_HOSTNAME;
    }

    /** The scheme name curl shows for this kind. */
    public String scheme() {
        return switch ((int) type) {
            case 2, 3 -> "https";
            case 4 -> "socks4";
            case 5 -> "socks5";
            case 6 -> "socks4a";
            case 7 -> "socks5h";
            default -> "http";
        };
    }

    /** Host and port as in a URL (IPv6 in brackets). */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** What a connection through this proxy is kept under: kind, place and credentials. */
    public String cacheKey() {
        StringBuilder sb = new StringBuilder(48).append(scheme()).append("://").append(authority().toLowerCase(Locale.ROOT));
        if (user != null || password != null) {
            // credentials change what the proxy lets through: a connection made with others is not shared
            sb.append(" as ").append(user == null ? "" : user.length() + ":" + user)
                    .append(password == null ? "" : ":" + Integer.toHexString(password.hashCode()));
        }
        return sb.toString();
    }

    /** With these credentials instead (the CURLOPT_PROXYUSERNAME / PASSWORD ones). */
    public ProxySpec withCredentials(String u, String p) {
        return new ProxySpec(type, host, port, u, p);
    }

    /**
     * Parses {@code text}. {@code defaultType} applies when it has no scheme ({@code CURLPROXY_SOCKS4}
     * for a pre-proxy, as libcurl does); {@code setPort} is {@code CURLOPT_PROXYPORT} (0: none).
     */
    public static ProxySpec parse(String text, long defaultType, long setPort, boolean preProxy) throws Failure {
        String rest = text.trim();
        long type = defaultType;
        int sep = rest.indexOf("://");
        if (sep >= 0) {
            String scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = rest.substring(sep + 3);
            switch (scheme) {
                case "https" -> type = defaultType == Curl.CURLPROXY_HTTPS2 ? defaultType : Curl.CURLPROXY_HTTPS;
                case "socks5h" -> type = Curl.CURLPROXY_SOCKS5_HOSTNAME;
                case "socks5" -> type = Curl.CURLPROXY_SOCKS5;
                case "socks4a" -> type = Curl.CURLPROXY_SOCKS4A;
                case "socks4", "socks" -> type = Curl.CURLPROXY_SOCKS4;
                case "http" -> type = defaultType == Curl.CURLPROXY_HTTP_1_0 ? defaultType : Curl.CURLPROXY_HTTP;
                default -> throw new Failure(CurlCode.CURLE_COULDNT_CONNECT, "Unsupported proxy scheme for '" + text + "'");
            }
        }
        if (type < 0 || type > Curl.CURLPROXY_SOCKS5_HOSTNAME) {
            throw new Failure(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, "Unsupported proxy type " + type + " for '" + text + "'");
        }
        if (preProxy && type < Curl.CURLPROXY_SOCKS4) {
            throw new Failure(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, "Unsupported pre-proxy type for '" + text + "'");
        }
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), text);
            password = colon < 0 ? null : decode(info.substring(colon + 1), text);
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw syntax(text, "Bad IPv6 address");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw syntax(text, "Bad IPv6 address");
                }
                portText = after.substring(1);
            }
            int zone = host.indexOf('%');
            if (!validIpv6(zone < 0 ? host : host.substring(0, zone))) {
                throw syntax(text, "Bad IPv6 address");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw syntax(text, "No host part in the URL");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f || "<>\\^`{|}\"".indexOf(c) >= 0) {
                throw syntax(text, "Bad hostname");
            }
        }
        int port;
        if (portText != null && !portText.isEmpty()) {
            port = 0;
            for (int i = 0; i < portText.length(); i++) {
                char c = portText.charAt(i);
                if (c < '0' || c > '9' || (port = port * 10 + (c - '0')) > 65535) {
                    throw syntax(text, "Port number was not a decimal number between 0 and 65535");
                }
            }
        } else if (setPort > 0) {
            port = (int) setPort;
        } else {
            port = type == Curl.CURLPROXY_HTTPS || type == Curl.CURLPROXY_HTTPS2 ? 443 : DEFAULT_PORT;
        }
        return new ProxySpec(type, host.toLowerCase(Locale.ROOT), port, user, password);
    }

    private static Failure syntax(String text, String why) {
        return new Failure(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, "Unsupported proxy syntax in '" + text + "': " + why);
    }

    private static boolean validIpv6(String s) {
        if (s.isEmpty() || s.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String s, String text) throws Failure {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() + 0 ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    out.write('%');
                    continue;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
