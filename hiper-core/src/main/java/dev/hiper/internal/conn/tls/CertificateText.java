package dev.hiper.internal.conn.tls;

import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** A certificate as {@code curl -v} shows it: "C=US; O=Example; CN=host" names, "Jan  5 10:00:00 2025 GMT" dates. */
final class CertificateText {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private CertificateText() {
    }

    /** The "Server certificate:" block's lines before and after the name check (curl's order). */
    static List<String> head(X509Certificate c) {
        List<String> out = new ArrayList<>(4);
        out.add("Server certificate:");
        out.add(" subject: " + name(c.getSubjectX500Principal()));
        out.add(" start date: " + DATE.format(c.getNotBefore().toInstant()));
        out.add(" expire date: " + DATE.format(c.getNotAfter().toInstant()));
        return out;
    }

    static String issuer(X509Certificate c) {
        return " issuer: " + name(c.getIssuerX500Principal());
    }

    /** The name with its most general part first, parts joined by "; ". */
    static String name(X500Principal p) {
        List<String> parts = rdns(p);
        Collections.reverse(parts);
        return parts.isEmpty() ? "[NONE]" : String.join("; ", parts);
    }

    /** The RDNs of the RFC 2253 form (most specific first), split at unescaped commas. */
    static List<String> rdns(X500Principal p) {
        String s = p.getName(X500Principal.RFC2253);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                cur.append(ch).append(s.charAt(++i));
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Removes RFC 2253 escapes from one attribute value. */
    static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 1 < v.length()) {
                ch = v.charAt(++i);
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
