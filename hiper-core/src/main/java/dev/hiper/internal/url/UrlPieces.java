package dev.hiper.internal.url;

import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlUCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The parts of one URL as libcurl's URL API keeps them (percent-encoded, as written), taken
 * from {@link CurlUrl}'s parse plus the fragment it drops; and the percent-coding the API's
 * {@code CURLU_URLENCODE} and {@code CURLU_URLDECODE} flags ask for.
 */
public final class UrlPieces {
    /** Lower case; null when unset. */
    public String scheme;
    public String user;
    public String password;
    public String options;
    /** A name, a dotted quad, or an IPv6 address in brackets without zone id. */
    public String host;
    public String zoneid;
    /** Decimal, only when the URL gives one. */
    public String port;
    public String path;
    /** Without '?'; null when none. */
    public String query;
    /** Without '#'; null when none. */
    public String fragment;
    /** Whether the scheme was guessed from the host name ({@code CURLU_GUESS_SCHEME}). */
    public boolean guessedScheme;

    /** A copy of these parts. */
    public UrlPieces copy() {
        UrlPieces c = new UrlPieces();
        c.scheme = scheme;
        c.user = user;
        c.password = password;
        c.options = options;
        c.host = host;
        c.zoneid = zoneid;
        c.port = port;
        c.path = path;
        c.query = query;
        c.fragment = fragment;
        c.guessedScheme = guessedScheme;
        return c;
    }

    /** The result of {@link #parse}: the parts, or the code saying why there are none. */
    public record Parsed(UrlPieces pieces, CurlUCode code) {
    }

    /** Length of a scheme followed by ":/" at the start of {@code s}, else 0. */
    public static int schemeLength(String s) {
        int i = 0;
        while (i < s.length() && i <= 40) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
            if (!ok) {
                break;
            }
            i++;
        }
        return i > 0 && i + 1 < s.length() && s.charAt(i) == ':' && s.charAt(i + 1) == '/' ? i : 0;
    }

    /** Parses a whole URL under {@code CURLU_*} flags. */
    public static Parsed parse(String url, int flags) {
        if (url == null) {
            return new Parsed(null, CurlUCode.CURLUE_MALFORMED_INPUT);
        }
        if (url.length() > CurlUrl.MAX_URL_LENGTH) {
            return new Parsed(null, CurlUCode.CURLUE_TOO_LARGE);
        }
        int hash = url.indexOf('#');
        String fragment = hash >= 0 ? url.substring(hash + 1) : null;
        String base = hash >= 0 ? url.substring(0, hash) : url;
        int schemeLen = schemeLength(base);
        if (schemeLen == 0 && (flags & (Curl.CURLU_DEFAULT_SCHEME | Curl.CURLU_GUESS_SCHEME)) == 0) {
            return new Parsed(null, CurlUCode.CURLUE_BAD_SCHEME);
        }
        for (int i = 0; fragment != null && i < fragment.length(); i++) {
            if (fragment.charAt(i) <= ' ' || fragment.charAt(i) == 0x7f) {
                return new Parsed(null, CurlUCode.CURLUE_MALFORMED_INPUT);
            }
        }
        CurlUrl cu;
        try {
            cu = CurlUrl.parse(base, (flags & Curl.CURLU_PATH_AS_IS) != 0);
        } catch (UrlException e) {
            return new Parsed(null, codeOf(e.getMessage()));
        }
        UrlPieces p = new UrlPieces();
        p.scheme = schemeLen == 0 && (flags & Curl.CURLU_DEFAULT_SCHEME) != 0 ? "https" : cu.scheme();
        p.guessedScheme = schemeLen == 0 && (flags & Curl.CURLU_DEFAULT_SCHEME) == 0;
        if ((flags & Curl.CURLU_NON_SUPPORT_SCHEME) == 0 && !CurlUrl.knownScheme(p.scheme)) {
            return new Parsed(null, CurlUCode.CURLUE_UNSUPPORTED_SCHEME);
        }
        String text = cu.toString();
        int auth = text.indexOf("://") + 3;
        if (!"file".equals(p.scheme)) {
            int slash = text.indexOf('/', auth);
            int at = text.indexOf('@', auth);
            if (at >= 0 && (slash < 0 || at < slash)) {
                if ((flags & Curl.CURLU_DISALLOW_USER) != 0) {
                    return new Parsed(null, CurlUCode.CURLUE_USER_NOT_ALLOWED);
                }
                String info = text.substring(auth, at);
                int colon = info.indexOf(':');
                p.user = colon >= 0 ? info.substring(0, colon) : info;
                p.password = colon >= 0 ? info.substring(colon + 1) : null;
            }
        }
        String h = cu.host();
        if (cu.isIpv6Literal()) {
            int pct = h.indexOf('%');
            p.host = '[' + (pct >= 0 ? h.substring(0, pct) : h) + ']';
            p.zoneid = pct >= 0 ? h.substring(pct + 1) : null;
        } else {
            p.host = h;
        }
        p.port = cu.hasExplicitPort() ? Integer.toString(cu.port()) : null;
        p.path = cu.path();
        p.query = cu.query();
        p.fragment = fragment == null || fragment.isEmpty() ? null : encodeHigh(fragment);
        return new Parsed(p, CurlUCode.CURLUE_OK);
    }

    /** The URL API's code for the reason {@link CurlUrl} gives. */
    static CurlUCode codeOf(String message) {
        String m = message == null ? "" : message;
        if (m.endsWith("between 0 and 65535")) {
            return CurlUCode.CURLUE_BAD_PORT_NUMBER;
        }
        if (m.endsWith("No host part in the URL")) {
            return CurlUCode.CURLUE_NO_HOST;
        }
        if (m.endsWith("Bad hostname")) {
            return CurlUCode.CURLUE_BAD_HOSTNAME;
        }
        if (m.endsWith("Bad IPv6 address")) {
            return CurlUCode.CURLUE_BAD_IPV6;
        }
        if (m.endsWith("slashes following scheme")) {
            return CurlUCode.CURLUE_BAD_SLASHES;
        }
        if (m.endsWith("Bad file:// URL")) {
            return CurlUCode.CURLUE_BAD_FILE_URL;
        }
        return CurlUCode.CURLUE_MALFORMED_INPUT;
    }

    /** The default port of a scheme libcurl knows, else -1. */
    public static int defaultPort(String scheme) {
        return scheme == null ? -1 : CurlUrl.defaultPort(scheme);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Every byte of 0x80 and above written as %XX (the parser's own rule). */
    static String encodeHigh(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return UrlText.encodeHighBytes(b, 0, b.length);
    }

    /**
     * {@code CURLU_URLENCODE}: every byte but letters, digits and {@code -._~} as %XX;
     * {@code keep} lists more characters left as they are; in a query a space becomes '+'.
     */
    public static String encode(String s, String keep, boolean query) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0 || c < 0x80 && keep.indexOf(c) >= 0) {
                sb.append((char) c);
            } else if (c == ' ' && query) {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /** {@code CURLU_URLDECODE}: %XX decoded (UTF-8); null when that gives a control byte. */
    public static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (c == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                c = (hex(b[i + 1]) << 4) | hex(b[i + 2]);
                i += 2;
            }
            if (c < 0x20) {
                return null;
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        return Character.digit(c, 16);
    }
}
