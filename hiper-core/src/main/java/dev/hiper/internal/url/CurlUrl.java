package dev.hiper.internal.url;

import static dev.hiper.internal.url.UrlText.*;

import dev.hiper.curl.CurlCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An absolute URL, parsed the way libcurl 8's URL API ({@code curl_url_set} with
 * {@code CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME}, as {@code CURLOPT_URL} uses it)
 * parses it, plus the pieces an HTTP client derives from it.
 *
 * <p>What the parser does, in order:
 * <ol>
 *   <li>Rejects {@code null} ("No URL set"), the empty string, and any URL holding a space,
 *       a control character (below 0x20, or 0x7f), an unpaired surrogate, or more than
 *       {@value #MAX_URL_LENGTH} bytes of UTF-8 ("Malformed input to a URL function").</li>
 *   <li>Takes a scheme ({@code ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")}, at most 40
 *       characters) only when the colon after it is followed by a slash; one to three
 *       slashes may follow. Without a scheme the whole text is authority + path, and the
 *       scheme is guessed from the host name: {@code ftp.}, {@code dict.}, {@code ldap.},
 *       {@code imap.}, {@code smtp.}, {@code pop3.} prefixes pick that protocol,
 *       anything else is {@code http}.</li>
 *   <li>The authority ends at the first {@code /}, {@code ?} or {@code #}. The user
 *       information ends at its first {@code @}; the password starts after the first
 *       {@code :} in it.</li>
 *   <li>The port is decimal, 0 to 65535. A colon with no digits means the default port,
 *       but only when the URL has a scheme.</li>
 *   <li>The host is an IPv6 literal in brackets (validated, written in canonical lower
 *       case form, optional zone id after {@code %} or {@code %25}), a numeric IPv4
 *       address in any form {@code inet_aton} knows ({@code 127.1}, {@code 0x7f.1},
 *       {@code 2130706433}, octal parts), written as a dotted quad, or a name. A name is
 *       percent-decoded, must not contain any of {@code  !"#$%&'()*+,/:;<=>?@[\]^`{}}
 *       or control characters, is converted to its ASCII (punycode) form when it has
 *       non-ASCII characters, and is lower-cased.</li>
 *   <li>The path has its dot segments removed (RFC 3986 section 5.2.4); the path and the
 *       query have every byte of 0x80 and above percent-encoded ({@code %XX}, upper case);
 *       everything else, including existing escapes and backslashes, is kept as given. An
 *       empty query ({@code "http://h/?"}) keeps its {@code ?}. The fragment is dropped.</li>
 * </ol>
 *
 * <p>{@code file:} URLs follow libcurl's rules too: the host must be empty,
 * {@code localhost} or {@code 127.0.0.1}, and the result has an empty {@link #host()} and
 * no port.
 *
 * <p>Instances are immutable. Parsing takes time linear in the length of the input.
 */
public final class CurlUrl {

    /** libcurl's {@code CURL_MAX_INPUT_LENGTH}: longer URLs are rejected. */
    public static final int MAX_URL_LENGTH = UrlText.MAX_URL_LENGTH;

    private static final int MAX_SCHEME_LEN = 40;

    private static final String MSG_NO_URL = "No URL set";
    private static final String MSG_BAD_PORT =
            "URL rejected: Port number was not a decimal number between 0 and 65535";
    private static final String MSG_NO_HOST = "URL rejected: No host part in the URL";
    private static final String MSG_BAD_IPV6 = UrlHost.MSG_BAD_IPV6;
    private static final String MSG_BAD_SLASHES =
            "URL rejected: Unsupported number of slashes following scheme";
    private static final String MSG_BAD_FILE = "URL rejected: Bad file:// URL";

    /** Default ports of the schemes libcurl knows. */
    private static final Map<String, Integer> DEFAULT_PORTS = Map.ofEntries(
            Map.entry("http", 80),
            Map.entry("https", 443),
            Map.entry("ws", 80),
            Map.entry("wss", 443),
            Map.entry("ftp", 21),
            Map.entry("ftps", 990),
            Map.entry("sftp", 22),
            Map.entry("scp", 22),
            Map.entry("smb", 445),
            Map.entry("smbs", 445),
            Map.entry("ldap", 389),
            Map.entry("ldaps", 636),
            Map.entry("dict", 2628),
            Map.entry("telnet", 23),
            Map.entry("tftp", 69),
            Map.entry("pop3", 110),
            Map.entry("pop3s", 995),
            Map.entry("imap", 143),
            Map.entry("imaps", 993),
            Map.entry("smtp", 25),
            Map.entry("smtps", 465),
            Map.entry("rtsp", 554),
            Map.entry("rtmp", 1935),
            Map.entry("rtmpe", 1935),
            Map.entry("rtmps", 443),
            Map.entry("rtmpt", 80),
            Map.entry("rtmpte", 80),
            Map.entry("rtmpts", 443),
            Map.entry("gopher", 70),
            Map.entry("gophers", 70),
            Map.entry("mqtt", 1883));

    private final String scheme;
    private final String host;          // API form: IPv6 without brackets, "%zone" appended
    private final String urlHost;       // as written in the URL: IPv6 in brackets, "%25zone"
    private final String headerHost;    // as written in a Host header: IPv6 in brackets, no zone
    private final boolean ipv6;
    private final int port;
    private final boolean explicitPort;
    private final String path;
    private final String query;
    private final String user;
    private final String password;
    private final String rawUser;       // as written in the URL (bytes >= 0x80 escaped)
    private final String rawPassword;
    private final String text;

    private CurlUrl(String scheme, UrlHost hostPart, int port, boolean explicitPort,
                    String path, String query, String user, String password,
                    String rawUser, String rawPassword) {
        this.scheme = scheme;
        this.host = hostPart.name;
        this.urlHost = hostPart.urlForm;
        this.headerHost = hostPart.headerForm;
        this.ipv6 = hostPart.ipv6;
        this.port = port;
        this.explicitPort = explicitPort;
        this.path = path;
        this.query = query;
        this.user = user;
        this.password = password;
        this.rawUser = rawUser;
        this.rawPassword = rawPassword;
        this.text = buildText();
    }

    // ------------------------------------------------------------------ accessors

    /** The scheme, lower case; guessed ({@code "http"} mostly) when the URL has none. */
    public String scheme() {
        return scheme;
    }

    /**
     * The host: a lower-case name (ASCII, punycode for international names), a dotted-quad
     * IPv4 address, or an IPv6 address without brackets, followed by {@code "%"} and the
     * zone id when there is one. Empty for {@code file:} URLs.
     */
    public String host() {
        return host;
    }

    /** Whether {@link #host()} is an IPv6 address. */
    public boolean isIpv6Literal() {
        return ipv6;
    }

    /** The port given in the URL, else the scheme's default, else -1. */
    public int port() {
        return port;
    }

    /** Whether the URL gives a port number (a bare trailing colon does not count). */
    public boolean hasExplicitPort() {
        return explicitPort;
    }

    /** The path, dot segments removed and bytes >= 0x80 percent-encoded; at least "/". */
    public String path() {
        return path;
    }

    /** The query without its '?', bytes >= 0x80 percent-encoded; null when none or empty. */
    public String query() {
        return query;
    }

    /** The HTTP request-target: path, then '?' and the query when there is one. */
    public String target() {
        return query == null ? path : path + '?' + query;
    }

    /** The user name, percent-decoded (UTF-8); "" for "@host"; null when the URL has none. */
    public String user() {
        return user;
    }

    /** The password, percent-decoded (UTF-8); null when the user information has no ':'. */
    public String password() {
        return password;
    }

    /**
     * The value of a Host header for this URL: the host (IPv6 in brackets, without zone id),
     * plus {@code ":port"} when the port is not the scheme's default.
     */
    public String hostHeader() {
        int def = defaultPort(scheme);
        if (port >= 0 && port != def) {
            return headerHost + ':' + port;
        }
        return headerHost;
    }

    /** Host and, when the URL gives one, port, as in the URL string; IPv6 in brackets. */
    public String authority() {
        return explicitPort ? urlHost + ':' + port : urlHost;
    }

    /**
     * The normalized URL, as libcurl reports it as the effective URL: lower-case scheme and
     * host, user information kept, port kept when given (without leading zeros), path at
     * least "/", no fragment.
     */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Where a {@code Location} value points from this URL, as libcurl computes
     * {@code CURLINFO_REDIRECT_URL}: a value with a scheme is parsed on its own; a relative one
     * replaces this URL's authority ("//"), path ("/"), query ("?") or last path segment, with
     * spaces and bytes outside printable ASCII escaped, and dot segments removed (RFC 3986
     * section 5.2). A value that then does not parse is returned as it is.
     *
     * @param location the header value, one char per byte
     */
    public String redirect(String location) {
        int i = 0;
        while (i < location.length() && i < MAX_SCHEME_LEN && (i == 0 ? isAlpha((byte) location.charAt(0))
                : isSchemeChar((byte) location.charAt(i))) && location.charAt(i) < 0x80) {
            i++;
        }
        String target;
        if (i > 0 && i < location.length() && location.charAt(i) == ':') {
            // absolute: spaces and bytes past ASCII after the authority are escaped (libcurl's
            // CURLU_URLENCODE | CURLU_ALLOW_SPACE); control bytes stay, and the parse refuses them
            int from = i + 1;
            while (from < location.length() && location.charAt(from) == '/') {
                from++;
            }
            while (from < location.length() && "/?#".indexOf(location.charAt(from)) < 0) {
                from++;
            }
            StringBuilder sb = new StringBuilder(location.length() + 8).append(location, 0, from);
            escapeTail(sb, location, from, false);
            target = sb.toString();
        } else {
            String base = text;
            int protsep = scheme.length() + 3;
            String use = location;
            int cutoff = -1;
            boolean hostChanged = false;
            if (location.startsWith("//")) {
                cutoff = protsep;
                use = location.substring(2);
                hostChanged = true;
            } else if (location.startsWith("/")) {
                cutoff = base.indexOf('/', protsep);
            } else if (!location.startsWith("#")) {
                if (query != null && !query.isEmpty()) {
                    cutoff = base.indexOf('?', protsep);
                }
                if (!location.startsWith("?")) {
                    int slash = base.lastIndexOf('/', (cutoff < 0 ? base.length() : cutoff) - 1);
                    cutoff = slash >= protsep ? slash + 1 : -1;
                }
            }
            StringBuilder sb = new StringBuilder(base.length() + use.length() + 8);
            sb.append(base, 0, cutoff < 0 ? base.length() : cutoff);
            int from = 0;
            if (hostChanged) {
                // the authority goes as it is; escaping starts at the path
                from = use.length();
                for (int k = 0; k < use.length(); k++) {
                    char c = use.charAt(k);
                    if (c == '/' || c == '?' || c == '#') {
                        from = k;
                        break;
                    }
                }
                sb.append(use, 0, from);
            }
            escapeTail(sb, use, from, true);
            target = sb.toString();
        }
        try {
            return parse(target).toString();
        } catch (UrlException e) {
            return location;
        }
    }

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    /**
     * Appends {@code s} from {@code from} with spaces escaped ({@code %20} in the path, {@code +}
     * after the '?') and bytes past ASCII as {@code %XX}; control bytes too when {@code controls}.
     */
    private static void escapeTail(StringBuilder sb, String s, int from, boolean controls) {
        boolean inPath = true;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ' ') {
                sb.append(inPath ? "%20" : "+");
            } else if (c >= 0x7f || controls && c < ' ') {
                sb.append('%').append(HEX_UPPER[(c >> 4) & 0xf]).append(HEX_UPPER[c & 0xf]);
            } else {
                sb.append(c);
                if (c == '?') {
                    inPath = false;
                }
            }
        }
    }

    /** Whether libcurl knows {@code scheme} (lower case) as a protocol, whether or not hiper speaks it. */
    public static boolean knownScheme(String scheme) {
        return DEFAULT_PORTS.containsKey(scheme) || "file".equals(scheme);
    }

    /** The URL without user information (and, as always, without fragment): what a Referer may show. */
    public String withoutCredentials() {
        return scheme + "://" + authority() + target();
    }

    /** The default port of a scheme libcurl knows, else -1. */
    static int defaultPort(String scheme) {
        Integer p = DEFAULT_PORTS.get(scheme);
        return p == null ? -1 : p;
    }

    private String buildText() {
        if ("file".equals(scheme)) {
            // libcurl writes file: URLs as "file://" + path, leaving out the query.
            return "file://" + path;
        }
        StringBuilder sb = new StringBuilder(scheme.length() + urlHost.length() + path.length() + 16);
        sb.append(scheme).append("://");
        if (rawUser != null) {
            sb.append(rawUser);
            if (rawPassword != null) {
                sb.append(':').append(rawPassword);
            }
            sb.append('@');
        }
        sb.append(authority()).append(path);
        if (query != null) {
            sb.append('?').append(query);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Parses an absolute URL.
     *
     * @throws UrlException with {@link CurlCode#CURLE_URL_MALFORMAT} and libcurl's message
     *         when the URL cannot be used; never any other exception
     */
    public static CurlUrl parse(String url) throws UrlException {
        return parse(url, false);
    }

    /**
     * {@link #parse(String)}; {@code pathAsIs} keeps the path's dot segments
     * ({@code CURLOPT_PATH_AS_IS}, libcurl's {@code CURLU_PATH_AS_IS}).
     */
    public static CurlUrl parse(String url, boolean pathAsIs) throws UrlException {
        if (url == null) {
            throw malformed(MSG_NO_URL);
        }
        byte[] b = toCheckedBytes(url);
        if (b.length == 0) {
            throw malformed(MSG_MALFORMED);
        }
        int schemeLen = schemeLength(b);
        String scheme = schemeLen > 0 ? lowerAscii(b, 0, schemeLen) : null;
        if ("file".equals(scheme)) {
            return parseFile(b, pathAsIs);
        }
        int n = b.length;
        int hostStart = 0;
        if (scheme != null) {
            int p = schemeLen + 1;
            int slashes = 0;
            while (p < n && b[p] == '/' && slashes < 4) {
                p++;
                slashes++;
            }
            if (slashes < 1 || slashes > 3) {
                throw malformed(MSG_BAD_SLASHES);
            }
            hostStart = p;
        }
        int hostEnd = hostStart;
        while (hostEnd < n && b[hostEnd] != '/' && b[hostEnd] != '?' && b[hostEnd] != '#') {
            hostEnd++;
        }
        if (hostEnd == hostStart) {
            throw malformed(MSG_NO_HOST);
        }

        // user information: up to the first '@', password after the first ':' in it
        int userFrom = -1;
        int userTo = -1;
        int passFrom = -1;
        int passTo = -1;
        int hp = hostStart;
        int at = indexOf(b, hostStart, hostEnd, '@');
        if (at >= 0) {
            int colon = indexOf(b, hostStart, at, ':');
            userFrom = hostStart;
            userTo = colon >= 0 ? colon : at;
            if (colon >= 0) {
                passFrom = colon + 1;
                passTo = at;
            }
            hp = at + 1;
        }

        // port
        int hostTo;
        int portFrom = -1;
        if (hp < hostEnd && b[hp] == '[') {
            int close = indexOf(b, hp, hostEnd, ']');
            if (close < 0) {
                throw malformed(MSG_BAD_IPV6);
            }
            hostTo = close + 1;
            if (hostTo < hostEnd) {
                if (b[hostTo] != ':') {
                    throw malformed(MSG_BAD_PORT);
                }
                portFrom = hostTo + 1;
            }
        } else {
            int colon = indexOf(b, hp, hostEnd, ':');
            hostTo = colon >= 0 ? colon : hostEnd;
            if (colon >= 0) {
                portFrom = colon + 1;
            }
        }
        int port = -1;
        boolean explicitPort = false;
        if (portFrom >= 0) {
            if (portFrom == hostEnd) {
                // "host:" - the default port, but only when there is a scheme
                if (scheme == null) {
                    throw malformed(MSG_BAD_PORT);
                }
            } else {
                port = parsePort(b, portFrom, hostEnd);
                explicitPort = true;
            }
        }
        if (hostTo == hp) {
            throw malformed(MSG_NO_HOST);
        }

        UrlHost hostPart = UrlHost.parse(b, hp, hostTo);
        if (scheme == null) {
            scheme = guessScheme(hostPart.guessBasis);
        }
        if (!explicitPort) {
            port = defaultPort(scheme);
        }

        String user = null;
        String password = null;
        String rawUser = null;
        String rawPassword = null;
        if (userFrom >= 0) {
            boolean onlyZero = isHttpFamily(scheme);
            user = decodeCredential(b, userFrom, userTo, onlyZero);
            rawUser = encodeHighBytes(b, userFrom, userTo);
            if (passFrom >= 0) {
                password = decodeCredential(b, passFrom, passTo, onlyZero);
                rawPassword = encodeHighBytes(b, passFrom, passTo);
            }
        }

        String[] pq = pathAndQuery(b, hostEnd, pathAsIs);
        return new CurlUrl(scheme, hostPart, port, explicitPort, pq[0], pq[1],
                user, password, rawUser, rawPassword);
    }

    /** file: URLs - no host (or localhost / 127.0.0.1), no port, no user. */
    private static CurlUrl parseFile(byte[] b, boolean pathAsIs) throws UrlException {
        int n = b.length;
        if (n <= 6) {
            throw malformed(MSG_BAD_FILE); // "file:/" alone is not a file URL
        }
        int p = 5; // after "file:", which is followed by '/'
        if (b[5] == '/' && b[6] == '/') {
            int ptr = 7;
            if ((ptr >= n || b[ptr] != '/') && !drivePrefix(b, ptr)) {
                if (startsWithIgnoreCase(b, ptr, "localhost/") || startsWithIgnoreCase(b, ptr, "127.0.0.1/")) {
                    ptr += 9; // to the slash after the host
                } else {
                    throw malformed(MSG_BAD_FILE);
                }
            }
            p = ptr;
        }
        // Windows drive letters are refused, as libcurl does on other systems
        if ((b[p] == '/' && drivePrefix(b, p + 1)) || drivePrefix(b, p)) {
            throw malformed(MSG_BAD_FILE);
        }
        String[] pq = pathAndQuery(b, p, pathAsIs);
        return new CurlUrl("file", UrlHost.NONE, -1, false, pq[0], pq[1], null, null, null, null);
    }

    /** Splits off the fragment (dropped) and query, normalizes the path. */
    private static String[] pathAndQuery(byte[] b, int from, boolean asIs) {
        int n = b.length;
        int hash = indexOf(b, from, n, '#');
        int end = hash >= 0 ? hash : n;
        int qmark = indexOf(b, from, end, '?');
        int pathEnd = qmark >= 0 ? qmark : end;
        // an empty query keeps its '?', as curl 8.21 keeps it (its test 1721)
        String query = qmark >= 0 ? encodeHighBytes(b, qmark + 1, end) : null;
        String path;
        if (pathEnd - from <= 1) {
            path = "/"; // nothing, or just the slash
        } else {
            String raw = encodeHighBytes(b, from, pathEnd);
            path = asIs ? raw : removeDotSegments(raw);
        }
        return new String[] {path, query};
    }

    /** Length of the scheme when the URL starts with "scheme:/", else 0. */
    /** Whether {@code url} starts with a scheme and ":/" (libcurl's absolute URL when it guesses schemes). */
    public static boolean hasScheme(String url) {
        return !url.isEmpty() && schemeLength(url.getBytes(StandardCharsets.ISO_8859_1)) > 0;
    }

    private static int schemeLength(byte[] b) {
        int n = b.length;
        if (!isAlpha(b[0])) {
            return 0;
        }
        int i = 1;
        while (i < MAX_SCHEME_LEN && i < n && isSchemeChar(b[i])) {
            i++;
        }
        if (i + 1 < n && b[i] == ':' && b[i + 1] == '/') {
            return i;
        }
        return 0;
    }

    private static String guessScheme(String host) {
        if (startsWithIgnoreCase(host, "ftp.")) {
            return "ftp";
        }
        if (startsWithIgnoreCase(host, "dict.")) {
            return "dict";
        }
        if (startsWithIgnoreCase(host, "ldap.")) {
            return "ldap";
        }
        if (startsWithIgnoreCase(host, "imap.")) {
            return "imap";
        }
        if (startsWithIgnoreCase(host, "smtp.")) {
            return "smtp";
        }
        if (startsWithIgnoreCase(host, "pop3.")) {
            return "pop3";
        }
        return "http";
    }

    private static boolean isHttpFamily(String scheme) {
        return "http".equals(scheme) || "https".equals(scheme) || "ws".equals(scheme) || "wss".equals(scheme);
    }

    private static int parsePort(byte[] b, int from, int to) throws UrlException {
        int value = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                throw malformed(MSG_BAD_PORT);
            }
            value = value * 10 + (c - '0');
            if (value > 0xffff) {
                throw malformed(MSG_BAD_PORT);
            }
        }
        return value;
    }

}
