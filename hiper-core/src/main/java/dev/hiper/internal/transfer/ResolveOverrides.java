package dev.hiper.internal.transfer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CURLOPT_RESOLVE}: entries {@code [+]HOST:PORT:ADDRESS[,ADDRESS]...} pin a host and port to
 * addresses without asking DNS; {@code -HOST:PORT} entries remove a pin and are ignored here.
 * IPv6 addresses may be written in brackets. Malformed entries are skipped, as libcurl skips them.
 */
final class ResolveOverrides {
    private ResolveOverrides() {
    }

    /** The pinned addresses for host and port, or null when none applies. */
    static List<InetAddress> find(List<String> entries, String host, int port) {
        if (entries == null) {
            return null;
        }
        List<InetAddress> found = null;
        for (String raw : entries) {
            if (raw == null || raw.isEmpty() || raw.charAt(0) == '-') {
                continue;
            }
            String e = raw.charAt(0) == '+' ? raw.substring(1) : raw;
            int c1 = e.indexOf(':');
            int c2 = c1 < 0 ? -1 : e.indexOf(':', c1 + 1);
            if (c1 <= 0 || c2 < 0) {
                continue;
            }
            String h = e.substring(0, c1);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (!h.equalsIgnoreCase(host) && !h.equals("*")) {
                continue;
            }
            int p;
            try {
                p = Integer.parseInt(e.substring(c1 + 1, c2));
            } catch (NumberFormatException ex) {
                continue;
            }
            if (p != port) {
                continue;
            }
            List<InetAddress> addrs = new ArrayList<>();
            for (String a : e.substring(c2 + 1).split(",")) {
                a = a.trim();
                if (a.startsWith("[") && a.endsWith("]")) {
                    a = a.substring(1, a.length() - 1);
                }
                if (a.isEmpty() || !looksLikeLiteral(a)) {
                    continue;
                }
                try {
                    addrs.add(InetAddress.getByName(a));
                } catch (UnknownHostException ex) {
                    // skipped, as libcurl skips an address it cannot parse
                }
            }
            if (!addrs.isEmpty()) {
                found = addrs; // the last matching entry wins
            }
        }
        return found;
    }

    /** The first entry libcurl could not parse (no port number where one belongs), or null. */
    static String firstMalformed(List<String> entries) {
        if (entries == null) {
            return null;
        }
        for (String raw : entries) {
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            String e = raw.charAt(0) == '+' || raw.charAt(0) == '-' ? raw.substring(1) : raw;
            int c1 = e.startsWith("[") ? e.indexOf(':', Math.max(0, e.indexOf(']'))) : e.indexOf(':');
            if (c1 <= 0) {
                return raw;
            }
            int c2 = e.indexOf(':', c1 + 1);
            String port = c2 < 0 ? e.substring(c1 + 1) : e.substring(c1 + 1, c2);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                return raw;
            }
        }
        return null;
    }

    /** Only literals: InetAddress.getByName must never reach DNS on the engine thread. */
    private static boolean looksLikeLiteral(String a) {
        if (a.indexOf(':') >= 0) {
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    return false;
                }
            }
            return true;
        }
        int dots = 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
