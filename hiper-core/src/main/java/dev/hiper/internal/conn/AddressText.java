package dev.hiper.internal.conn;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Addresses written the way curl writes them in its trace and in {@code CURLINFO_PRIMARY_IP} /
 * {@code LOCAL_IP}: IPv6 in the compressed form of RFC 5952 (the longest run of zero groups as
 * {@code ::}, the first of equal runs, never a single group), bracketed when a port follows.
 */
public final class AddressText {
    private AddressText() {
    }

    /** The last address written and its text, so that connections to one peer share one string. */
    private static volatile Written last;

    private record Written(InetAddress address, String text) {
    }

    /**
     * An address as curl prints it: IPv6 compressed (RFC 5952). The same address asked for again
     * gives the same string instance (every connection to one server, and the local side of each,
     * keeps one string among them).
     */
    public static String ipString(InetAddress a) {
        Written w = last;
        if (w != null && w.address.equals(a)) {
            return w.text;
        }
        String text = write(a);
        last = new Written(a, text);
        return text;
    }

    private static String write(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** "127.0.0.1:80" or "[::1]:80". */
    public static String addressString(InetSocketAddress a) {
        String ip = ipString(a.getAddress());
        return (a.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
