package dev.hiper.internal.cookie;

import dev.hiper.internal.http.HttpDate;

/**
 * Reads one cookie: a {@code Set-Cookie} field value (RFC 6265 section 5.2, with libcurl's
 * leniencies and limits) or a line of a Netscape cookie file. Pure: a string in, a
 * {@link Cookie} or null (the line is not a cookie hiper keeps) out; the jar's own rules
 * (replacing, the public suffixes, the prefixes) are {@link CookieStore}'s.
 */
final class CookieParser {
    /** libcurl's MAX_COOKIE_LINE: a longer Set-Cookie value is dropped whole. */
    static final int MAX_LINE = 5000;
    /** libcurl's MAX_NAME: name and value together. */
    static final int MAX_NAME_VALUE = 4096;
    /** A date longer than this is not read (libcurl's MAX_DATE_LENGTH). */
    private static final int MAX_DATE = 80;
    /** No cookie lives longer than 400 days (draft-ietf-httpbis-rfc6265bis section 5.5). */
    static final long MAX_AGE = 400L * 24 * 3600;

    private CookieParser() {
    }

    /**
     * A {@code Set-Cookie} value. {@code host}: the request's host (null when read from a file
     * or the cookie list); {@code path}: the request's path (the default cookie path's source);
     * {@code secureOrigin}: the response came over a secure context; {@code fromFile}: read
     * while loading, where {@code Secure} needs no secure origin.
     */
    static Cookie fromHeader(String line, String host, String path, boolean secureOrigin, boolean fromFile,
            long now) {
        if (line.length() > MAX_LINE) {
            return null;
        }
        Cookie co = new Cookie();
        String cookiePath = null;
        String cookieDomain = null;
        boolean named = false;
        boolean maxAgeSeen = false;
        int i = 0;
        int n = line.length();
        while (true) {
            int nameEnd = i;
            while (nameEnd < n && ";\t\r\n=".indexOf(line.charAt(nameEnd)) < 0) {
                nameEnd++;
            }
            boolean gotName = nameEnd > i;
            String name = trimBlanks(line.substring(i, nameEnd));
            i = nameEnd;
            boolean sep = false;
            String val = "";
            if (gotName && i < n && line.charAt(i) == '=') {
                sep = true;
                int valEnd = ++i;
                while (valEnd < n && ";\r\n".indexOf(line.charAt(valEnd)) < 0) {
                    valEnd++;
                }
                val = trimBlanks(line.substring(i, valEnd));
                i = valEnd;
            }
            if (gotName) {
                if (invalidOctets(name) || invalidOctets(val)) {
                    return null;
                }
                if (!named) {
                    if (!sep || name.isEmpty() || name.length() + val.length() > MAX_NAME_VALUE) {
                        return null;
                    }
                    co.name = name;
                    co.value = val;
                    co.notePrefix();
                    named = true;
                } else if (!sep) {
                    if (name.equalsIgnoreCase("secure")) {
                        if (!secureOrigin && !fromFile) {
                            return null; // a Secure cookie from an insecure origin is refused
                        }
                        co.secure = true;
                    } else if (name.equalsIgnoreCase("httponly")) {
                        co.httpOnly = true;
                    }
                } else if (name.equalsIgnoreCase("path")) {
                    cookiePath = val;
                } else if (name.equalsIgnoreCase("domain") && !val.isEmpty()) {
                    String d = val.startsWith(".") ? val.substring(1) : val;
                    if (host != null && !domainAllowed(d, host)) {
                        return null; // the host is not within the domain it names
                    }
                    cookieDomain = d;
                    co.tailmatch = !isIp(host != null ? host : d);
                } else if (name.equalsIgnoreCase("max-age") && !val.isEmpty()) {
                    co.expires = maxAge(val, now);
                    maxAgeSeen = true;
                } else if (name.equalsIgnoreCase("expires") && !val.isEmpty() && !maxAgeSeen && co.expires == 0
                        && val.length() < MAX_DATE) {
                    long t = HttpDate.parse(val);
                    co.expires = t < 0 ? 0 : cap(Math.max(1, t), now);
                }
            }
            if (i < n && line.charAt(i) == ';') {
                i++;
                continue;
            }
            break;
        }
        if (!named) {
            return null;
        }
        // no Path and no request (a file or the cookie list): no path, which matches every path
        co.path = cookiePath != null && !cookiePath.isEmpty() ? sanitizePath(cookiePath)
                : path != null ? defaultPath(path) : null;
        co.domain = cookieDomain != null ? cookieDomain : host;
        return co;
    }

    /** A line of a Netscape cookie file (seven fields split by tabs), or null for a comment or a bad line. */
    static Cookie fromNetscape(String line) {
        Cookie co = new Cookie();
        if (line.startsWith("#HttpOnly_")) {
            line = line.substring(10);
            co.httpOnly = true;
        }
        if (line.startsWith("#")) {
            return null;
        }
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
            end--;
        }
        String[] f = line.substring(0, end).split("\t", -1);
        if (f.length < 3) {
            return null;
        }
        // an old form leaves the path out: the third field is then already the secure flag
        boolean noPath = f[2].equals("TRUE") || f[2].equals("FALSE");
        int fields = f.length + (noPath ? 1 : 0);
        if (fields != 7 && fields != 6) {
            return null;
        }
        String domain = f[0];
        co.domain = domain.startsWith(".") ? domain.substring(1) : domain;
        co.tailmatch = f[1].equalsIgnoreCase("TRUE");
        int k = 2;
        co.path = noPath ? "/" : sanitizePath(f[k++]);
        co.secure = f[k++].equalsIgnoreCase("TRUE");
        String exp = f[k++];
        int digits = 0;
        while (digits < exp.length() && Character.isDigit(exp.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        try {
            co.expires = Long.parseLong(exp.substring(0, digits));
        } catch (NumberFormatException tooBig) {
            co.expires = Long.MAX_VALUE;
        }
        co.name = f[k++];
        co.value = k < f.length ? f[k] : ""; // six fields: a cookie with an empty value
        if (invalidOctets(co.name) || invalidOctets(co.value)) {
            return null;
        }
        co.notePrefix();
        return co;
    }

    /** libcurl's Max-Age: a number of seconds from now; 0, negative or not a number expires at once. */
    private static long maxAge(String val, long now) {
        String v = val.startsWith("\"") ? val.substring(1) : val;
        int j = 0;
        while (j < v.length() && Character.isDigit(v.charAt(j))) {
            j++;
        }
        if (j == 0) {
            return 1;
        }
        long secs;
        try {
            secs = Long.parseLong(v.substring(0, j));
        } catch (NumberFormatException tooBig) {
            return cap(Long.MAX_VALUE, now);
        }
        if (secs == 0) {
            return 1;
        }
        return cap(Long.MAX_VALUE - now < secs ? Long.MAX_VALUE : now + secs, now);
    }

    /** At most 400 days ahead, rounded to a minute as libcurl does it (so tests can compare files). */
    static long cap(long expires, long now) {
        long limit = now + MAX_AGE;
        if (expires > limit) {
            return (limit + 30) / 60 * 60;
        }
        return expires;
    }

    /** RFC 6265 section 5.2.4, with libcurl's quotes removed and trailing slash cut. */
    static String sanitizePath(String p) {
        if (p.startsWith("\"")) {
            p = p.substring(1);
            if (p.endsWith("\"")) {
                p = p.substring(0, p.length() - 1);
            }
        }
        if (p.isEmpty() || p.charAt(0) != '/') {
            return "/";
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** RFC 6265 section 5.1.4: the request path up to its last slash (libcurl keeps it, then sanitizes). */
    static String defaultPath(String requestPath) {
        if (requestPath == null) {
            return "/";
        }
        int q = requestPath.indexOf('?');
        String p = q >= 0 ? requestPath.substring(0, q) : requestPath;
        int slash = p.lastIndexOf('/');
        return sanitizePath(slash >= 0 ? p.substring(0, slash + 1) : p);
    }

    /** Whether {@code host} may set a cookie for {@code domain} (equal, or a subdomain of it; an IP only itself). */
    static boolean domainAllowed(String domain, String host) {
        if (isIp(host)) {
            return host.equalsIgnoreCase(domain);
        }
        return tailMatch(domain, host);
    }

    /** RFC 6265 section 5.1.3: {@code host} is {@code domain} or ends with "." + {@code domain}. */
    static boolean tailMatch(String domain, String host) {
        int hl = host.length();
        int dl = domain.length();
        if (hl < dl || !host.regionMatches(true, hl - dl, domain, 0, dl)) {
            return false;
        }
        return hl == dl || host.charAt(hl - dl - 1) == '.';
    }

    static boolean isIp(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    /** Blanks (space and tab, not other white space) cut from both ends, as libcurl trims. */
    static String trimBlanks(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    /** Control bytes (0x01-0x1f, 0x7f) make a cookie that servers refuse: it is dropped. */
    static boolean invalidOctets(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
