package dev.hiper.internal.transfer;

import java.util.List;

/**
 * {@code CURLOPT_CONNECT_TO}: entries {@code HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT} send the
 * connection for a URL's host and port elsewhere; an empty HOST or PORT matches any, an empty
 * target part keeps the URL's. IPv6 addresses are written in brackets. The first entry that
 * matches wins, as in libcurl.
 */
final class ConnectTo {
    private ConnectTo() {
    }

    /** {target host, target port} ("" = keep), or null when no entry applies. */
    static String[] find(List<String> entries, String host, int port) {
        if (entries == null) {
            return null;
        }
        for (String e : entries) {
            if (e == null) {
                continue;
            }
            String[] f = split(e);
            if (f == null) {
                continue;
            }
            boolean hostOk = f[0].isEmpty() || f[0].equalsIgnoreCase(host);
            boolean portOk = f[1].isEmpty() || f[1].equals(String.valueOf(port));
            if (hostOk && portOk) {
                return new String[] {f[2], f[3]};
            }
        }
        return null;
    }

    /** The first entry that does not parse, or null. */
    static String firstMalformed(List<String> entries) {
        if (entries == null) {
            return null;
        }
        for (String e : entries) {
            if (e != null && split(e) == null) {
                return e;
            }
        }
        return null;
    }

    /** The four fields, brackets removed from IPv6 hosts; null when malformed. */
    static String[] split(String e) {
        String[] out = new String[4];
        int i = 0;
        for (int k = 0; k < 4; k++) {
            int end;
            if (k % 2 == 0 && i < e.length() && e.charAt(i) == '[') {
                int close = e.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                out[k] = e.substring(i + 1, close);
                end = close + 1;
            } else {
                end = k == 3 ? e.length() : e.indexOf(':', i);
                if (end < 0) {
                    return null;
                }
                out[k] = e.substring(i, end);
            }
            if (k < 3) {
                if (end >= e.length() || e.charAt(end) != ':') {
                    return null;
                }
                i = end + 1;
            }
        }
        if (!out[3].isEmpty() && !out[3].chars().allMatch(Character::isDigit)
                || !out[1].isEmpty() && !out[1].chars().allMatch(Character::isDigit)) {
            return null;
        }
        return out;
    }
}
