package dev.hiper.internal.auth;

import java.util.Locale;

/**
 * One Digest challenge ({@code WWW-Authenticate: Digest ...} or {@code Proxy-Authenticate}) as
 * RFC 7616 section 3.3 defines it, read the tolerant way libcurl reads it: a list of
 * {@code name=value} pairs, values quoted (with backslash escapes) or bare up to the next comma;
 * names compared without case; a repeated name keeps its last value; unknown names ignored.
 *
 * <p>A value ends at a control byte (CR, LF, NUL...): a quoted one is then no value at all, so
 * nothing from the challenge can break the line of the answer.
 *
 * <p>{@link #parse} never throws: garbage gives a challenge whose {@link #problem()} says why it
 * cannot be answered. Limits (libcurl's): a name of at most {@value #MAX_NAME} characters, a
 * value of at most {@value #MAX_VALUE}, at most {@value #MAX_PAIRS} pairs; longer input ends the
 * list at that point.
 */
public final class DigestChallenge {
    /** Longest parameter name read. */
    public static final int MAX_NAME = 255;
    /** Longest parameter value read. */
    public static final int MAX_VALUE = 1023;
    /** Most parameters read from one challenge. */
    public static final int MAX_PAIRS = 64;

    /** The hash functions of RFC 7616 section 6.1, by their IANA names. */
    public enum Algorithm {
        MD5("MD5"), SHA_256("SHA-256"), SHA_512_256("SHA-512/256");

        /** The JDK's {@code MessageDigest} name. */
        final String jdkName;

        Algorithm(String jdkName) {
            this.jdkName = jdkName;
        }
    }

    /** The quality of protection picked from the challenge's list: "auth" before "auth-int". */
    public enum Qop {
        NONE, AUTH, AUTH_INT
    }

    String realm;
    String nonce;
    String opaque;
    /** The algorithm's text as the server wrote it (echoed back), or null when absent. */
    String algorithmText;
    Algorithm algorithm = Algorithm.MD5;
    boolean session;
    Qop qop = Qop.NONE;
    boolean stale;
    boolean userhash;
    private String problem;

    private DigestChallenge() {
    }

    /** Why this challenge cannot be answered, or null when it can. */
    public String problem() {
        return problem;
    }

    /** Whether the server says the last nonce expired but the credentials were right (RFC 7616 3.3). */
    public boolean stale() {
        return stale;
    }

    /** The nonce, or null. */
    public String nonce() {
        return nonce;
    }

    /** The realm, or null. */
    public String realm() {
        return realm;
    }

    /** The hash function. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Whether the algorithm is a {@code -sess} variant. */
    public boolean session() {
        return session;
    }

    /** The quality of protection to answer with. */
    public Qop qop() {
        return qop;
    }

    /** Whether the user name goes hashed (RFC 7616 section 3.4.4). */
    public boolean userhash() {
        return userhash;
    }

    /** The opaque value to echo, or null. */
    public String opaque() {
        return opaque;
    }

    /**
     * Reads the parameters after the word {@code Digest} (leading blanks allowed). Returns a
     * challenge; its {@link #problem()} is set when the list has no nonce, names an algorithm this
     * client lacks, or asks for a {@code -sess} algorithm without a qop.
     */
    public static DigestChallenge parse(String params) {
        DigestChallenge c = new DigestChallenge();
        String s = params == null ? "" : params;
        int i = 0;
        int n = s.length();
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        for (int pairs = 0; pairs < MAX_PAIRS; pairs++) {
            i = skipBlanks(s, i);
            int next = pair(s, i, name, value);
            if (next < 0) {
                break;
            }
            i = next;
            if (!c.take(name.toString().toLowerCase(Locale.ROOT), value.toString())) {
                break;
            }
            i = skipBlanks(s, i);
            if (i < n && s.charAt(i) == ',') {
                i++;
            }
        }
        if (c.problem == null) {
            if (c.nonce == null) {
                c.problem = "no nonce in the Digest challenge";
            } else if (c.session && c.qop == Qop.NONE) {
                c.problem = "a -sess algorithm without qop";
            }
        }
        return c;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * Reads one {@code name=value} at i into the builders. Returns the index after it, or -1 when
     * there is no pair there (no '=', an unclosed quote, a stray quote in a bare value).
     */
    private static int pair(String s, int i, StringBuilder name, StringBuilder value) {
        int n = s.length();
        name.setLength(0);
        value.setLength(0);
        while (i < n && s.charAt(i) != '=' && name.length() < MAX_NAME) {
            name.append(s.charAt(i++));
        }
        if (i >= n || s.charAt(i) != '=') {
            return -1;
        }
        i++;
        boolean quoted = i < n && s.charAt(i) == '"';
        if (quoted) {
            i++;
        }
        boolean escape = false;
        while (i < n && value.length() < MAX_VALUE) {
            char ch = s.charAt(i);
            if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                // a control byte never goes into a value (it would reach the next request's head)
                return quoted ? -1 : i;
            }
            if (escape) {
                escape = false;
                value.append(ch);
                i++;
                continue;
            }
            if (quoted) {
                if (ch == '\\') {
                    escape = true;
                    i++;
                    continue;
                }
                if (ch == '"') {
                    return i + 1;
                }
            } else {
                if (ch == ',') {
                    return i;
                }
                if (ch == '"') {
                    return -1;
                }
            }
            value.append(ch);
            i++;
        }
        // the end of the input (or of the allowed length): a quote still open is no pair
        return quoted && i >= n ? -1 : i;
    }

    /** Takes one parameter. Returns false to stop reading (the challenge cannot be answered). */
    private boolean take(String key, String v) {
        switch (key) {
            case "nonce" -> nonce = v;
            case "realm" -> realm = v;
            case "opaque" -> opaque = v;
            case "stale" -> stale = v.equalsIgnoreCase("true");
            case "userhash" -> userhash = v.equalsIgnoreCase("true");
            case "qop" -> qop = qopOf(v);
            case "algorithm" -> {
                algorithmText = v;
                String a = v.toUpperCase(Locale.ROOT);
                session = a.endsWith("-SESS");
                if (session) {
                    a = a.substring(0, a.length() - 5);
                }
                switch (a) {
                    case "MD5" -> algorithm = Algorithm.MD5;
                    case "SHA-256" -> algorithm = Algorithm.SHA_256;
                    case "SHA-512-256" -> algorithm = Algorithm.SHA_512_256;
                    default -> {
                        problem = "unsupported Digest algorithm";
                        return false;
                    }
                }
            }
            default -> {
                // domain, charset and parameters of later specifications: not needed to answer
            }
        }
        return true;
    }

    /** RFC 7616 section 3.3: a list of qop values; "auth" is preferred over "auth-int". */
    private static Qop qopOf(String list) {
        boolean auth = false;
        boolean authInt = false;
        for (String t : list.split(",", 16)) {
            String v = t.strip();
            if (v.equalsIgnoreCase("auth")) {
                auth = true;
            } else if (v.equalsIgnoreCase("auth-int")) {
                authInt = true;
            }
        }
        return auth ? Qop.AUTH : authInt ? Qop.AUTH_INT : Qop.NONE;
    }
}
