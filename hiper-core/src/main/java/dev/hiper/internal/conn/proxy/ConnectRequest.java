package dev.hiper.internal.conn.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The CONNECT request libcurl sends to open a tunnel through an HTTP proxy, in its order:
 * {@code CONNECT host:port HTTP/1.1} (1.0 for {@code CURLPROXY_HTTP_1_0}), {@code Host},
 * {@code Proxy-Authorization} (Basic), {@code User-Agent} (as the requests have it),
 * {@code Proxy-Connection: Keep-Alive}, then the proxy header lines ("Name: value" sent,
 * "Name:" removes a default, "Name;" sends it empty). A line holding CR, LF or NUL is not sent.
 * Pure: strings in, bytes out.
 */
public final class ConnectRequest {
    private ConnectRequest() {
    }

    /** The authority of a CONNECT: host (IPv6 in brackets) and port. */
    public static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code Proxy-Authorization} line for Basic, or null without a user. */
    public static String basic(String user, String password) {
        if (user == null && password == null) {
            return null;
        }
        String pair = (user == null ? "" : user) + ":" + (password == null ? "" : password);
        return "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] build(String authority, boolean http10, String proxyAuthorization, String userAgent,
            List<String> headers) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("CONNECT ").append(authority).append(http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        if (!mentions(headers, "Host")) {
            sb.append("Host: ").append(authority).append("\r\n");
        }
        if (proxyAuthorization != null && !mentions(headers, "Proxy-Authorization")) {
            sb.append(proxyAuthorization).append("\r\n");
        }
        if (userAgent != null && !userAgent.isEmpty() && !mentions(headers, "User-Agent")) {
            sb.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        if (!mentions(headers, "Proxy-Connection")) {
            sb.append("Proxy-Connection: Keep-Alive\r\n");
        }
        if (headers != null) {
            for (String h : headers) {
                appendCustom(sb, h);
            }
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void appendCustom(StringBuilder sb, String line) {
        if (!sendable(line)) {
            return;
        }
        int colon = line.indexOf(':');
        int semi = line.indexOf(';');
        if (colon > 0 && (semi < 0 || colon < semi)) {
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (!name.isEmpty() && !value.isEmpty()) {
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        } else if (semi > 0 && line.substring(semi + 1).isBlank()) {
            String name = line.substring(0, semi).trim();
            if (!name.isEmpty()) {
                sb.append(name).append(":\r\n");
            }
        }
    }

    static boolean sendable(String line) {
        if (line == null) {
            return false;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code headers} names {@code name} in any form ("Name: v", "Name:", "Name;"). */
    public static boolean mentions(List<String> headers, String name) {
        if (headers == null) {
            return false;
        }
        for (String h : headers) {
            if (!sendable(h)) {
                continue;
            }
            int end = h.length();
            int colon = h.indexOf(':');
            int semi = h.indexOf(';');
            if (colon >= 0) {
                end = colon;
            }
            if (semi >= 0 && semi < end) {
                end = semi;
            }
            if (h.substring(0, end).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
