package dev.hiper.internal.cookie;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/): the domains under which anyone may
 * register a name ({@code com}, {@code co.uk}, {@code *.ck}), so that no cookie is set for all
 * of them (RFC 6265 section 5.3 step 5). Read once, from the system's copy
 * ({@code /usr/share/publicsuffix/public_suffix_list.dat}, Debian's {@code publicsuffix}
 * package) when it is there, else from the copy of its ICANN section shipped with hiper (MPL
 * 2.0, as the list itself). Names are compared in their ASCII (punycode) form.
 */
final class PublicSuffixList {
    static final Path SYSTEM_LIST = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");

    private final Set<String> exact = new HashSet<>();
    /** Rules "*.X", kept as X: every label under X is a suffix. */
    private final Set<String> wildcards = new HashSet<>();
    /** Rules "!X": X is not a suffix though a wildcard covers it. */
    private final Set<String> exceptions = new HashSet<>();

    private static volatile PublicSuffixList instance;

    /** The list, read the first time it is needed. */
    static PublicSuffixList get() {
        PublicSuffixList l = instance;
        if (l == null) {
            synchronized (PublicSuffixList.class) {
                l = instance;
                if (l == null) {
                    l = load();
                    instance = l;
                }
            }
        }
        return l;
    }

    private static PublicSuffixList load() {
        PublicSuffixList l = new PublicSuffixList();
        try {
            if (Files.isReadable(SYSTEM_LIST)) {
                try (InputStream in = Files.newInputStream(SYSTEM_LIST)) {
                    l.read(in);
                }
                return l;
            }
        } catch (IOException unreadable) {
            // fall back to the shipped copy
        }
        try (InputStream in = PublicSuffixList.class.getResourceAsStream("public_suffix_list.dat")) {
            if (in != null) {
                l.read(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the shipped public suffix list cannot be read", e);
        }
        return l;
    }

    /** Reads rules, one a line; comments ("//") and blank lines skipped. */
    void read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null;) {
            line = line.strip();
            int space = line.indexOf(' ');
            if (space >= 0) {
                line = line.substring(0, space);
            }
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith("!")) {
                add(exceptions, line.substring(1));
            } else if (line.startsWith("*.")) {
                add(wildcards, line.substring(2));
            } else {
                add(exact, line);
            }
        }
    }

    private static void add(Set<String> set, String rule) {
        try {
            set.add(IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notConvertible) {
            set.add(rule.toLowerCase(Locale.ROOT));
        }
    }

    /** Whether {@code domain} (lower case, no leading or trailing dot) is a public suffix. */
    boolean isPublicSuffix(String domain) {
        return isPublicSuffix(domain, true);
    }

    /**
     * Whether {@code domain} is a public suffix; {@code implicit}: a single label the list does
     * not name counts as one too (the list's rule "*"), as it does for a name a server sets.
     */
    boolean isPublicSuffix(String domain, boolean implicit) {
        if (exceptions.contains(domain)) {
            return false;
        }
        if (exact.contains(domain)) {
            return true;
        }
        int dot = domain.indexOf('.');
        if (dot < 0) {
            return implicit; // the list's implicit rule "*": every top-level name
        }
        return wildcards.contains(domain.substring(dot + 1));
    }

    /**
     * Whether a response from {@code host} may set a cookie for {@code domain}: its own name
     * always, a parent domain only when that is not a public suffix (libpsl's rule, which
     * libcurl follows).
     */
    boolean acceptable(String host, String domain) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String d = trimDot(domain);
        if (h.equals(d)) {
            return true;
        }
        return !isPublicSuffix(d);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
