package dev.hiper.internal.conn.proxy;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Whether a host is reached without the proxy, by libcurl's {@code CURLOPT_NOPROXY} /
 * {@code no_proxy} rules: the list is split at commas and blanks; "*" alone matches every host;
 * a name matches itself or any name ending in "." and it (a leading and a trailing dot in the
 * pattern are ignored, as is a trailing dot in the host); for a host that is an IP address, a
 * pattern is an address, or a CIDR range "address/bits". Case does not matter. Pure.
 */
public final class NoProxy {
    private NoProxy() {
    }

    /** Whether {@code host} (IPv6 without brackets) matches {@code list} (null or "": nothing does). */
    public static boolean matches(String host, String list) {
        if (host == null || host.isEmpty() || list == null || list.isEmpty()) {
            return false;
        }
        if (list.equals("*")) {
            return true;
        }
        byte[] ip = literal(host);
        String name = host;
        if (ip == null && name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && blank(list.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !blank(list.charAt(i)) && list.charAt(i) != ',') {
                i++;
            }
            if (i > start) {
                String token = list.substring(start, i);
                if (ip == null ? matchHost(token, name) : matchIp(token, ip)) {
                    return true;
                }
            }
            while (i < n && blank(list.charAt(i))) {
                i++;
            }
            if (i >= n || list.charAt(i) != ',') {
                break; // curl stops at anything but a comma after a pattern
            }
            while (i < n && list.charAt(i) == ',') {
                i++;
            }
        }
        return false;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean matchHost(String token, String name) {
        if (token.endsWith(".")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.startsWith(".")) {
            token = token.substring(1);
        }
        if (token.length() == name.length()) {
            return token.equalsIgnoreCase(name);
        }
        if (token.length() < name.length()) {
            int at = name.length() - token.length();
            return name.charAt(at - 1) == '.' && name.regionMatches(true, at, token, 0, token.length());
        }
        return false;
    }

    private static boolean matchIp(String token, byte[] ip) {
        int bits = 0;
        int slash = token.indexOf('/');
        String addr = token;
        if (slash >= 0) {
            String b = token.substring(slash + 1);
            if (b.isEmpty() || b.length() > 3) {
                return false;
            }
            for (int i = 0; i < b.length(); i++) {
                if (b.charAt(i) < '0' || b.charAt(i) > '9') {
                    return false;
                }
            }
            bits = Integer.parseInt(b);
            addr = token.substring(0, slash);
        }
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        byte[] net = literal(addr);
        if (net == null || net.length != ip.length) {
            return false;
        }
        if (bits == 0) {
            bits = ip.length * 8;
        }
        if (bits > ip.length * 8) {
            return false;
        }
        int whole = bits / 8;
        for (int k = 0; k < whole; k++) {
            if (ip[k] != net[k]) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || ((ip[whole] ^ net[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 address, or null when {@code s} is neither. */
    static byte[] literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean v4 = true;
        boolean v6 = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                v4 = false;
            }
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                v6 = false;
            }
        }
        if (v4) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int k = 0; k < 4; k++) {
                if (parts[k].isEmpty() || parts[k].length() > 3) {
                    return null;
                }
                int v = Integer.parseInt(parts[k]);
                if (v > 255) {
                    return null;
                }
                b[k] = (byte) v;
            }
            return b;
        }
        if (v6) {
            try {
                // an IPv6 literal: parsed without any look-up, only the characters above get here
                return InetAddress.getByName(s.toLowerCase(Locale.ROOT)).getAddress();
            } catch (java.net.UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
