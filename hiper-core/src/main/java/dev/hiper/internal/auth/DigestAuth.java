package dev.hiper.internal.auth;

import dev.hiper.internal.auth.DigestChallenge.Qop;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The Digest state of one side (the server, or the proxy) of one transfer, RFC 7616:
 * <ol>
 *   <li>{@link #challenge} with each Digest challenge received; the first gives the nonce, a
 *       later one is accepted only with {@code stale=true} (the nonce expired, the credentials
 *       were right); a later one without it means the credentials were refused;</li>
 *   <li>{@link #authorization} for each request sent while the nonce lasts: the answer's nonce
 *       count ({@code nc}) goes up by one each time the nonce is used again (section 3.4);</li>
 *   <li>{@link #reset} when the transfer starts over from nothing.</li>
 * </ol>
 * The answer's fields come in libcurl's order, so a server that compares bytes sees what curl
 * sends.
 */
public final class DigestAuth {
    /** Made at the first client nonce: a SecureRandom looks up the security providers, which a transfer without Digest does not need. */
    private static final class Entropy {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Supplier<String> cnonces;
    private DigestChallenge current;
    private String cnonce;
    private int nc;

    /** A state whose client nonces are 32 random letters and digits. */
    public DigestAuth() {
        this(DigestAuth::randomCnonce);
    }

    /** A state with the given client nonces (tests give fixed ones). */
    public DigestAuth(Supplier<String> cnonces) {
        this.cnonces = cnonces;
    }

    /** Forgets the nonce: the next challenge starts afresh. */
    public void reset() {
        current = null;
        cnonce = null;
        nc = 0;
    }

    /** Whether a nonce is held (an answer can be made). */
    public boolean ready() {
        return current != null;
    }

    /**
     * One challenge's parameters (after the word {@code Digest}). Returns null when it is taken
     * (the next answer uses it), else why not: a challenge that cannot be answered, or a new nonce
     * without {@code stale=true} after one was already used (the credentials were refused).
     */
    public String challenge(String params) {
        boolean before = current != null;
        DigestChallenge c = DigestChallenge.parse(params);
        current = null;
        cnonce = null;
        nc = 1;
        if (c.problem() != null) {
            return c.problem();
        }
        if (before && !c.stale()) {
            return "the Digest credentials were refused";
        }
        current = c;
        return null;
    }

    /**
     * The value of the {@code Authorization} (or {@code Proxy-Authorization}) line for a request
     * of {@code method} to {@code uri} (RFC 7616 section 3.4), or null when no nonce is held.
     * {@code ieStyle}: the URI without its query, as CURLAUTH_DIGEST_IE asks.
     */
    public String authorization(String method, String uri, String user, String password, boolean ieStyle) {
        DigestChallenge c = current;
        if (c == null) {
            return null;
        }
        if (ieStyle) {
            int q = uri.indexOf('?');
            if (q >= 0) {
                uri = uri.substring(0, q);
            }
        }
        if (cnonce == null) {
            cnonce = cnonces.get();
        }
        String u = user == null ? "" : user;
        String p = password == null ? "" : password;
        String realm = c.realm == null ? "" : c.realm;
        String qop = c.qop == Qop.AUTH ? "auth" : c.qop == Qop.AUTH_INT ? "auth-int" : null;
        String response = response(c.algorithm, c.session, u, realm, p, c.nonce, cnonce, nc, qop, method, uri);
        StringBuilder b = new StringBuilder(256).append("Digest username=\"");
        b.append(c.userhash ? hex(c.algorithm, u + ":" + realm) : quoted(u));
        b.append("\", realm=\"").append(quoted(realm));
        b.append("\", nonce=\"").append(quoted(c.nonce));
        b.append("\", uri=\"").append(uri);
        if (qop != null) {
            b.append("\", cnonce=\"").append(cnonce);
            b.append("\", nc=").append(String.format("%08x", nc));
            b.append(", qop=").append(qop);
            b.append(", response=\"").append(response).append('"');
            nc++; // the next use of this nonce counts one more (RFC 7616 section 3.4)
        } else {
            b.append("\", response=\"").append(response).append('"');
        }
        if (c.opaque != null) {
            b.append(", opaque=\"").append(quoted(c.opaque)).append('"');
        }
        if (c.algorithmText != null) {
            b.append(", algorithm=").append(c.algorithmText);
        }
        if (c.userhash) {
            b.append(", userhash=true");
        }
        return b.toString();
    }

    /**
     * The request digest of RFC 7616 section 3.4.1: H(A1) with A1 = user:realm:password (and for
     * a {@code -sess} algorithm H(that):nonce:cnonce), H(A2) with A2 = method:uri (for auth-int,
     * :H(entity-body), taken as the empty body), then KD over nonce, nc, cnonce and qop (section
     * 3.4.1) or, without qop, RFC 2069's H(HA1:nonce:HA2).
     */
    static String response(DigestChallenge.Algorithm a, boolean session, String user, String realm, String password,
            String nonce, String cnonce, int nc, String qop, String method, String uri) {
        String ha1 = hex(a, user + ":" + realm + ":" + password);
        if (session) {
            ha1 = hex(a, ha1 + ":" + nonce + ":" + cnonce);
        }
        String a2 = method + ":" + uri;
        if ("auth-int".equals(qop)) {
            a2 = a2 + ":" + hex(a, "");
        }
        String ha2 = hex(a, a2);
        return qop != null ? hex(a, ha1 + ":" + nonce + ":" + String.format("%08x", nc) + ":" + cnonce + ":" + qop
                + ":" + ha2) : hex(a, ha1 + ":" + nonce + ":" + ha2);
    }

    /** The lower-case hex of the hash of s's UTF-8 bytes. */
    static String hex(DigestChallenge.Algorithm a, String s) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(a.jdkName);
        } catch (NoSuchAlgorithmException e) {
            // every Java SE run time has MD5, SHA-256 and SHA-512/256 (JCA standard names)
            throw new IllegalStateException(a.jdkName, e);
        }
        byte[] d = md.digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(d.length * 2);
        for (byte x : d) {
            b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return b.toString();
    }

    /** A quoted-string's content (RFC 9110 section 5.6.4): '"' and '\' escaped. */
    static String quoted(String s) {
        if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    private static String randomCnonce() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALNUM[Entropy.RANDOM.nextInt(ALNUM.length)];
        }
        return new String(c);
    }
}
