package dev.hiper.internal.conn.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a server certificate names the host a transfer meant ({@code CURLOPT_SSL_VERIFYHOST}),
 * by RFC 6125's rules as curl applies them:
 *
 * <ol>
 *   <li>an IP address target matches only an iPAddress subjectAltName, byte for byte;
 *   <li>a name matches a dNSName, case-insensitively, a trailing dot ignored on both sides; a
 *       wildcard is allowed only as the whole left-most label ("*.example.com"), matches exactly
 *       one non-empty label, and needs at least two labels after it ("*.com" matches nothing);
 *   <li>only a certificate with no dNSName and no iPAddress at all is checked by its subject's
 *       last common name.
 * </ol>
 *
 * Pure: a certificate and a name in, a {@link Result} out.
 */
final class HostnameMatcher {
    private HostnameMatcher() {
    }

    /** The outcome: ok with a trace line saying what matched, or a failure message naming both sides. */
    static final class Result {
        final boolean ok;
        /** curl -v's line: " subjectAltName: host "x" matched cert's "y"", or the failure message. */
        final String text;

        private Result(boolean ok, String text) {
            this.ok = ok;
            this.text = text;
        }
    }

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    static Result check(X509Certificate cert, String target) {
        String host = normalize(target);
        byte[] ip = ipLiteral(host);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            sans = null;
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == SAN_DNS) {
                    dns.add((String) san.get(1));
                } else if (type == SAN_IP) {
                    ips.add((String) san.get(1));
                }
            }
        }
        if (!dns.isEmpty() || !ips.isEmpty()) {
            if (ip != null) {
                for (String s : ips) {
                    byte[] b = ipLiteral(s);
                    if (b != null && Arrays.equals(b, ip)) {
                        return new Result(true, " subjectAltName: host \"" + target + "\" matched cert's IP address!");
                    }
                }
            } else {
                for (String pattern : dns) {
                    if (matches(pattern, host)) {
                        return new Result(true, " subjectAltName: host \"" + target + "\" matched cert's \"" + pattern
                                + "\"");
                    }
                }
            }
            List<String> names = new ArrayList<>();
            dns.forEach(d -> names.add("DNS:" + d));
            ips.forEach(i -> names.add("IP:" + i));
            return new Result(false, "SSL: no alternative certificate subject name matches target host name '" + target
                    + "' (the certificate is for " + String.join(", ", names) + ")");
        }
        String cn = commonName(cert.getSubjectX500Principal());
        if (cn == null) {
            return new Result(false, "SSL: unable to obtain common name from peer certificate, so it cannot match"
                    + " target host name '" + target + "'");
        }
        boolean ok = ip != null ? normalize(cn).equals(host) : matches(cn, host);
        return ok ? new Result(true, " common name: " + cn + " (matched)")
                : new Result(false, "SSL: certificate subject name '" + cn + "' does not match target host name '"
                        + target + "'");
    }

    /** Lower case, no trailing dot, no IPv6 zone. */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int zone = h.indexOf('%');
        if (zone >= 0 && h.indexOf(':') >= 0) {
            h = h.substring(0, zone);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** One certificate name against one host name (both as given; normalized here). */
    static boolean matches(String pattern, String host) {
        String p = normalize(pattern);
        String h = normalize(host);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (p.equals(h)) {
            return true;
        }
        if (!p.startsWith("*.") || ipLiteral(h) != null) {
            return false;
        }
        String rest = p.substring(1); // ".example.com"
        if (rest.indexOf('.', 1) < 0) {
            return false; // "*.com": a wildcard needs two labels after it
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(rest);
    }

    /**
     * The bytes of an IPv4 dotted quad or an IPv6 literal, else null. Never a name look-up:
     * only strings that are literals reach {@link InetAddress}.
     */
    static byte[] ipLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            if (!s.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** The last CN of a distinguished name (the most specific one), or null. */
    static String commonName(X500Principal p) {
        String cn = null;
        for (String rdn : CertificateText.rdns(p)) {
            if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                cn = CertificateText.unescape(rdn.substring(3));
            }
        }
        return cn;
    }
}
