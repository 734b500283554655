package dev.hiper.internal.transfer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;

/**
 * {@code CURLOPT_INTERFACE}: the local address a connection binds to, from an IP literal or a
 * network interface name ("if!name" for an interface only, "host!addr" for an address only).
 * Host names are not looked up: that would block the engine's thread.
 */
final class LocalInterface {
    private LocalInterface() {
    }

    /** The address to bind to for a connection to {@code target}, or null when none fits. */
    static InetAddress address(String spec, InetAddress target) {
        String s = spec;
        boolean ifOnly = false;
        boolean hostOnly = false;
        if (s.startsWith("if!")) {
            s = s.substring(3);
            ifOnly = true;
        } else if (s.startsWith("host!")) {
            s = s.substring(5);
            hostOnly = true;
        }
        if (!ifOnly && isLiteral(s)) {
            try {
                return InetAddress.getByName(s);
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        if (hostOnly) {
            return null;
        }
        try {
            NetworkInterface ni = NetworkInterface.getByName(s);
            if (ni == null) {
                return null;
            }
            boolean want4 = target instanceof Inet4Address;
            for (Enumeration<InetAddress> e = ni.getInetAddresses(); e.hasMoreElements();) {
                InetAddress a = e.nextElement();
                if ((a instanceof Inet4Address) == want4) {
                    return a;
                }
            }
            return null;
        } catch (SocketException e) {
            return null;
        }
    }

    private static boolean isLiteral(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && s.chars().filter(c -> c == '.').count() == 3;
    }
}
