package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code CURLOPT_SSL_CIPHER_LIST} (TLS 1.2 and below) and {@code CURLOPT_TLS13_CIPHERS} as JDK
 * cipher suite names.
 *
 * <p>The TLS 1.2 list takes OpenSSL's names ("ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA") and the
 * standard ones ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), separated by ':', ',' or spaces;
 * "DEFAULT", "ALL" and "HIGH" stand for the JDK's default TLS 1.2 suites; "!NAME" or "-NAME"
 * takes a suite out (an OpenSSL class such as "!aNULL" takes out nothing the JDK enables);
 * "@STRENGTH" and "@SECLEVEL=n" are accepted and ignored. A name the JDK has no suite for is
 * {@code CURLE_SSL_CIPHER} (59), as is a list that leaves no suite. The TLS 1.3 list takes the
 * standard names (OpenSSL uses them too), separated by ':'.
 */
final class CipherSuites {
    private CipherSuites() {
    }

    /** The suites to enable, TLS 1.3 ones first; null when neither option is set (the JDK's defaults). */
    static String[] select(String list, String tls13, String[] supported, String[] defaults) throws FilterException {
        if (list == null && tls13 == null) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>(Arrays.asList(supported));
        List<String> out = new ArrayList<>();
        if (tls13 == null) {
            for (String d : defaults) {
                if (isTls13(d)) {
                    out.add(d);
                }
            }
        } else {
            for (String name : tls13.split(":")) {
                String n = name.trim();
                if (n.isEmpty()) {
                    continue;
                }
                if (!isTls13(n) || !known.contains(n)) {
                    throw new FilterException(CurlCode.CURLE_SSL_CIPHER, "failed setting TLS 1.3 cipher suite: '" + n
                            + "' is not a TLS 1.3 suite this JDK has");
                }
                out.add(n);
            }
        }
        LinkedHashSet<String> legacy = new LinkedHashSet<>();
        if (list == null) {
            for (String d : defaults) {
                if (!isTls13(d)) {
                    legacy.add(d);
                }
            }
        } else {
            for (String token : list.split("[:, ]+")) {
                if (token.isEmpty() || token.startsWith("@") || token.startsWith("+")) {
                    continue;
                }
                if (token.startsWith("!") || token.startsWith("-")) {
                    String n = standardName(token.substring(1));
                    if (n != null) {
                        legacy.remove(n);
                    }
                    continue;
                }
                String upper = token.toUpperCase(Locale.ROOT);
                if (upper.equals("DEFAULT") || upper.equals("ALL") || upper.equals("HIGH")) {
                    for (String d : defaults) {
                        if (!isTls13(d)) {
                            legacy.add(d);
                        }
                    }
                    continue;
                }
                String n = standardName(token);
                if (n == null || !known.contains(n) || isTls13(n)) {
                    throw new FilterException(CurlCode.CURLE_SSL_CIPHER, "failed setting cipher list: '" + token
                            + "' is not a TLS 1.2 cipher suite this JDK has");
                }
                legacy.add(n);
            }
            if (legacy.isEmpty()) {
                throw new FilterException(CurlCode.CURLE_SSL_CIPHER, "failed setting cipher list: '" + list
                        + "' leaves no cipher suite");
            }
        }
        out.addAll(legacy);
        return out.toArray(new String[0]);
    }

    static boolean isTls13(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_") && !suite.startsWith("TLS_EMPTY");
    }

    /** The standard (IANA, JDK) name for a standard or an OpenSSL name, or null for neither. */
    static String standardName(String name) {
        String s = name.toUpperCase(Locale.ROOT);
        if (s.startsWith("TLS_") || s.startsWith("SSL_")) {
            return s;
        }
        String kx = "RSA";
        for (String p : new String[] {"ECDHE-ECDSA-", "ECDHE-RSA-", "DHE-RSA-", "DHE-DSS-"}) {
            if (s.startsWith(p)) {
                kx = p.substring(0, p.length() - 1).replace('-', '_');
                s = s.substring(p.length());
                break;
            }
        }
        if (s.equals("CHACHA20-POLY1305")) {
            return "TLS_" + kx + "_WITH_CHACHA20_POLY1305_SHA256";
        }
        String enc;
        if (s.startsWith("AES128-")) {
            enc = "AES_128";
        } else if (s.startsWith("AES256-")) {
            enc = "AES_256";
        } else {
            return null;
        }
        String mac;
        switch (s.substring(7)) {
            case "GCM-SHA256":
                mac = "GCM_SHA256";
                break;
            case "GCM-SHA384":
                mac = "GCM_SHA384";
                break;
            case "SHA":
                mac = "CBC_SHA";
                break;
            case "SHA256":
                mac = "CBC_SHA256";
                break;
            case "SHA384":
                mac = "CBC_SHA384";
                break;
            default:
                return null;
        }
        return "TLS_" + kx + "_WITH_" + enc + "_" + mac;
    }
}
