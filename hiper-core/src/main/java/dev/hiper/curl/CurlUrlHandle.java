package dev.hiper.curl;

import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlPieces;

import java.util.Locale;

/**
 * libcurl's URL API: a {@code CURLU} handle that holds one URL and gives or takes its parts.
 *
 * <p>{@link #init()} is {@code curl_url()}, {@link #set} is {@code curl_url_set},
 * {@link #get} is {@code curl_url_get}, {@link #dup()} is {@code curl_url_dup} and
 * {@link #close()} is {@code curl_url_cleanup}. Parts are the {@code Curl.CURLUPART_*}
 * numbers and flags the {@code Curl.CURLU_*} bits. A URL is parsed as {@code CURLOPT_URL}
 * parses it (same normalisation: lower-case scheme and host, dot segments removed, bytes
 * past ASCII percent-encoded), and the fragment is kept.
 *
 * <pre>{@code
 * try (CurlUrlHandle u = CurlUrlHandle.init()) {
 *     u.set(Curl.CURLUPART_URL, "https://example.com/a/b?x=1#top", 0);
 *     u.set(Curl.CURLUPART_URL, "../c", 0);            // relative: resolved against the URL held
 *     String url = u.get(Curl.CURLUPART_URL, 0).value(); // "https://example.com/c"
 * }
 * }</pre>
 *
 * <p>A handle is not safe for use by several threads at once. A failed {@link #set} leaves the
 * handle as it was.
 */
public final class CurlUrlHandle implements AutoCloseable {

    /**
     * What {@link #get} returns: the code, and the part's text when the code is
     * {@link CurlUCode#CURLUE_OK} (null otherwise).
     *
     * @param code  the result code
     * @param value the part, or null
     */
    public record Result(CurlUCode code, String value) {
        /**
         * Whether the part was got.
         *
         * @return whether the code is {@link CurlUCode#CURLUE_OK}
         */
        public boolean ok() {
            return code == CurlUCode.CURLUE_OK;
        }
    }

    private UrlPieces u = new UrlPieces();
    private boolean closed;

    private CurlUrlHandle() {
    }

    /**
     * {@code curl_url()}: a new handle that holds no URL.
     *
     * @return the handle
     */
    public static CurlUrlHandle init() {
        return new CurlUrlHandle();
    }

    /**
     * {@code curl_url_dup()}: a new handle holding the same URL.
     *
     * @return the copy, or null when this handle is closed
     */
    public CurlUrlHandle dup() {
        if (closed) {
            return null;
        }
        CurlUrlHandle c = new CurlUrlHandle();
        c.u = u.copy();
        return c;
    }

    /** {@code curl_url_cleanup()}: the handle holds nothing more; later calls give {@code CURLUE_BAD_HANDLE}. */
    public void cleanup() {
        closed = true;
        u = new UrlPieces();
    }

    /** {@link #cleanup()}, for try-with-resources. */
    @Override
    public void close() {
        cleanup();
    }

    /**
     * {@code curl_url_set()}: sets one part; null clears it ({@link Curl#CURLUPART_URL}: all of them).
     *
     * <p>Setting {@link Curl#CURLUPART_URL} parses a whole URL; when the handle holds a URL and
     * the text has no scheme, it is resolved against that URL as a redirect's
     * {@code Location} is. Flags: {@code CURLU_DEFAULT_SCHEME}, {@code CURLU_GUESS_SCHEME},
     * {@code CURLU_NON_SUPPORT_SCHEME}, {@code CURLU_PATH_AS_IS}, {@code CURLU_DISALLOW_USER}
     * for a URL; {@code CURLU_URLENCODE}, {@code CURLU_APPENDQUERY},
     * {@code CURLU_NON_SUPPORT_SCHEME} for a part.
     *
     * @param part    a {@code CURLUPART_*} number
     * @param content the text, or null
     * @param flags   {@code CURLU_*} bits
     * @return {@link CurlUCode#CURLUE_OK}, or why the part was not set
     */
    public CurlUCode set(int part, String content, int flags) {
        if (closed) {
            return CurlUCode.CURLUE_BAD_HANDLE;
        }
        if (part < Curl.CURLUPART_URL || part > Curl.CURLUPART_ZONEID) {
            return CurlUCode.CURLUE_UNKNOWN_PART;
        }
        if (content == null) {
            clear(part);
            return CurlUCode.CURLUE_OK;
        }
        if (content.length() > CurlUrl.MAX_URL_LENGTH) {
            return CurlUCode.CURLUE_TOO_LARGE;
        }
        if (part == Curl.CURLUPART_URL) {
            return setUrl(content, flags);
        }
        boolean encode = (flags & Curl.CURLU_URLENCODE) != 0;
        switch (part) {
            case Curl.CURLUPART_SCHEME:
                return setScheme(content, flags);
            case Curl.CURLUPART_PORT:
                return setPort(content);
            case Curl.CURLUPART_USER:
                u.user = encode ? UrlPieces.encode(content, "", false) : content;
                return CurlUCode.CURLUE_OK;
            case Curl.CURLUPART_PASSWORD:
                u.password = encode ? UrlPieces.encode(content, "", false) : content;
                return CurlUCode.CURLUE_OK;
            case Curl.CURLUPART_OPTIONS:
                u.options = encode ? UrlPieces.encode(content, "", false) : content;
                return CurlUCode.CURLUE_OK;
            case Curl.CURLUPART_HOST:
                return setHost(content);
            case Curl.CURLUPART_PATH:
                String path = encode ? UrlPieces.encode(content, "/", false) : content;
                u.path = path.startsWith("/") ? path : "/" + path;
                return CurlUCode.CURLUE_OK;
            case Curl.CURLUPART_QUERY:
                String q = encode ? UrlPieces.encode(content, "=&", true) : content;
                boolean append = (flags & Curl.CURLU_APPENDQUERY) != 0;
                u.query = append && u.query != null && !u.query.isEmpty() ? u.query + '&' + q : q;
                return CurlUCode.CURLUE_OK;
            case Curl.CURLUPART_FRAGMENT:
                u.fragment = encode ? UrlPieces.encode(content, "", false) : content;
                return CurlUCode.CURLUE_OK;
            default: // CURLUPART_ZONEID
                u.zoneid = content;
                return CurlUCode.CURLUE_OK;
        }
    }

    /**
     * {@code curl_url_get()}: one part of the URL held.
     *
     * <p>Flags: {@code CURLU_DEFAULT_PORT} (the scheme's default port when none is given),
     * {@code CURLU_NO_GUESS_SCHEME} (the URL without a scheme that was guessed),
     * {@code CURLU_NO_DEFAULT_PORT} (no port when it is the default), {@code CURLU_URLDECODE}
     * (the part percent-decoded; not for the URL, scheme or port).
     *
     * @param part  a {@code CURLUPART_*} number
     * @param flags {@code CURLU_*} bits
     * @return the code and the part; {@code CURLUE_NO_*} when the URL has no such part
     */
    public Result get(int part, int flags) {
        if (closed) {
            return new Result(CurlUCode.CURLUE_BAD_HANDLE, null);
        }
        String value;
        CurlUCode missing;
        switch (part) {
            case Curl.CURLUPART_URL:
                return url(flags);
            case Curl.CURLUPART_SCHEME:
                return of(u.scheme, CurlUCode.CURLUE_NO_SCHEME);
            case Curl.CURLUPART_PORT:
                return of(port(flags), CurlUCode.CURLUE_NO_PORT);
            case Curl.CURLUPART_USER:
                value = u.user;
                missing = CurlUCode.CURLUE_NO_USER;
                break;
            case Curl.CURLUPART_PASSWORD:
                value = u.password;
                missing = CurlUCode.CURLUE_NO_PASSWORD;
                break;
            case Curl.CURLUPART_OPTIONS:
                value = u.options;
                missing = CurlUCode.CURLUE_NO_OPTIONS;
                break;
            case Curl.CURLUPART_HOST:
                value = u.host;
                missing = CurlUCode.CURLUE_NO_HOST;
                break;
            case Curl.CURLUPART_PATH:
                value = u.path == null ? "/" : u.path;
                missing = CurlUCode.CURLUE_OK;
                break;
            case Curl.CURLUPART_QUERY:
                value = u.query == null || u.query.isEmpty() ? null : u.query;
                missing = CurlUCode.CURLUE_NO_QUERY;
                break;
            case Curl.CURLUPART_FRAGMENT:
                value = u.fragment;
                missing = CurlUCode.CURLUE_NO_FRAGMENT;
                break;
            case Curl.CURLUPART_ZONEID:
                value = u.zoneid;
                missing = CurlUCode.CURLUE_NO_ZONEID;
                break;
            default:
                return new Result(CurlUCode.CURLUE_UNKNOWN_PART, null);
        }
        if (value == null) {
            return new Result(missing, null);
        }
        if ((flags & Curl.CURLU_URLDECODE) != 0) {
            String d = UrlPieces.decode(value);
            return d == null ? new Result(CurlUCode.CURLUE_URLDECODE, null) : new Result(CurlUCode.CURLUE_OK, d);
        }
        return new Result(CurlUCode.CURLUE_OK, value);
    }

    // ------------------------------------------------------------------ internals

    private static Result of(String value, CurlUCode missing) {
        return value == null ? new Result(missing, null) : new Result(CurlUCode.CURLUE_OK, value);
    }

    private void clear(int part) {
        switch (part) {
            case Curl.CURLUPART_URL -> u = new UrlPieces();
            case Curl.CURLUPART_SCHEME -> {
                u.scheme = null;
                u.guessedScheme = false;
            }
            case Curl.CURLUPART_USER -> u.user = null;
            case Curl.CURLUPART_PASSWORD -> u.password = null;
            case Curl.CURLUPART_OPTIONS -> u.options = null;
            case Curl.CURLUPART_HOST -> u.host = null;
            case Curl.CURLUPART_PORT -> u.port = null;
            case Curl.CURLUPART_PATH -> u.path = null;
            case Curl.CURLUPART_QUERY -> u.query = null;
            case Curl.CURLUPART_FRAGMENT -> u.fragment = null;
            default -> u.zoneid = null;
        }
    }

    private CurlUCode setUrl(String content, int flags) {
        UrlPieces.Parsed parsed;
        boolean haveUrl = u.scheme != null && u.host != null;
        if (haveUrl && UrlPieces.schemeLength(content) == 0) {
            if (content.isEmpty()) {
                return CurlUCode.CURLUE_MALFORMED_INPUT;
            }
            for (int i = 0; i < content.length(); i++) {
                if (content.charAt(i) <= ' ' || content.charAt(i) == 0x7f) {
                    return CurlUCode.CURLUE_MALFORMED_INPUT;
                }
            }
            if (content.charAt(0) == '#') {
                u.fragment = content.length() == 1 ? null : content.substring(1);
                return CurlUCode.CURLUE_OK;
            }
            int hash = content.indexOf('#');
            String rel = hash >= 0 ? content.substring(0, hash) : content;
            String base = url(0).value();
            int bh = base.indexOf('#');
            base = bh >= 0 ? base.substring(0, bh) : base;
            try {
                String target = CurlUrl.parse(base, true).redirect(rel);
                if (hash >= 0) {
                    target += content.substring(hash);
                }
                parsed = UrlPieces.parse(target, flags | Curl.CURLU_NON_SUPPORT_SCHEME);
            } catch (dev.hiper.internal.url.UrlException e) {
                return CurlUCode.CURLUE_MALFORMED_INPUT;
            }
        } else {
            parsed = UrlPieces.parse(content, flags);
        }
        if (parsed.pieces() == null) {
            return parsed.code();
        }
        u = parsed.pieces();
        return CurlUCode.CURLUE_OK;
    }

    private CurlUCode setScheme(String s, int flags) {
        if (s.isEmpty() || s.length() > 40) {
            return CurlUCode.CURLUE_BAD_SCHEME;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return CurlUCode.CURLUE_BAD_SCHEME;
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if ((flags & Curl.CURLU_NON_SUPPORT_SCHEME) == 0 && !CurlUrl.knownScheme(lower)) {
            return CurlUCode.CURLUE_UNSUPPORTED_SCHEME;
        }
        u.scheme = lower;
        u.guessedScheme = false;
        return CurlUCode.CURLUE_OK;
    }

    private CurlUCode setPort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return CurlUCode.CURLUE_BAD_PORT_NUMBER;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return CurlUCode.CURLUE_BAD_PORT_NUMBER;
            }
            v = v * 10 + (c - '0');
        }
        if (v > 65535) {
            return CurlUCode.CURLUE_BAD_PORT_NUMBER;
        }
        u.port = Integer.toString(v);
        return CurlUCode.CURLUE_OK;
    }

    private CurlUCode setHost(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("/?#@".indexOf(s.charAt(i)) >= 0) {
                return CurlUCode.CURLUE_BAD_HOSTNAME;
            }
        }
        if (s.isEmpty()) {
            return CurlUCode.CURLUE_BAD_HOSTNAME;
        }
        // the host goes through the same parser a whole URL does
        UrlPieces.Parsed p = UrlPieces.parse("http://" + s + "/", 0);
        if (p.pieces() == null || p.pieces().port != null || p.pieces().user != null) {
            return p.pieces() == null && p.code() == CurlUCode.CURLUE_BAD_IPV6
                    ? CurlUCode.CURLUE_BAD_IPV6 : CurlUCode.CURLUE_BAD_HOSTNAME;
        }
        u.host = p.pieces().host;
        if (p.pieces().zoneid != null) {
            u.zoneid = p.pieces().zoneid;
        }
        return CurlUCode.CURLUE_OK;
    }

    /** The port to give: the URL's, or the default one as the flags say; null for none. */
    private String port(int flags) {
        int def = UrlPieces.defaultPort(u.scheme);
        if (u.port != null) {
            if ((flags & Curl.CURLU_NO_DEFAULT_PORT) != 0 && Integer.toString(def).equals(u.port)) {
                return null;
            }
            return u.port;
        }
        if ((flags & Curl.CURLU_DEFAULT_PORT) != 0 && def >= 0) {
            return Integer.toString(def);
        }
        return null;
    }

    private Result url(int flags) {
        if (u.scheme == null) {
            return new Result(CurlUCode.CURLUE_NO_SCHEME, null);
        }
        String path = u.path == null || u.path.isEmpty() ? "/" : u.path;
        StringBuilder sb = new StringBuilder(64);
        if (!u.guessedScheme || (flags & Curl.CURLU_NO_GUESS_SCHEME) == 0) {
            sb.append(u.scheme).append("://");
        }
        if ("file".equals(u.scheme)) {
            sb.append(path);
        } else {
            if (u.host == null) {
                return new Result(CurlUCode.CURLUE_NO_HOST, null);
            }
            if (u.user != null) {
                sb.append(u.user);
                if (u.password != null) {
                    sb.append(':').append(u.password);
                }
                if (u.options != null) {
                    sb.append(';').append(u.options);
                }
                sb.append('@');
            }
            if (u.zoneid != null && u.host.endsWith("]")) {
                sb.append(u.host, 0, u.host.length() - 1).append("%25").append(u.zoneid).append(']');
            } else {
                sb.append(u.host);
            }
            String port = port(flags);
            if (port != null) {
                sb.append(':').append(port);
            }
            sb.append(path);
        }
        if (u.query != null && !u.query.isEmpty()) {
            sb.append('?').append(u.query);
        }
        if (u.fragment != null) {
            sb.append('#').append(u.fragment);
        }
        return new Result(CurlUCode.CURLUE_OK, sb.toString());
    }
}
