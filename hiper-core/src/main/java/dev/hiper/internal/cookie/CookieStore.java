package dev.hiper.internal.cookie;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The cookies an easy handle holds (libcurl's CookieInfo): what comes in is checked against the
 * jar's rules (the {@code __Secure-} and {@code __Host-} prefixes, session cookies dropped on a
 * new session, no cookie for a public suffix, no insecure cookie over a secure one, the newer
 * cookie of the same name, domain and path replacing the older), and what goes out is matched
 * by domain, path and security (RFC 6265 section 5.4) and sorted longest path first.
 *
 * <p>Not thread-safe: one easy handle, one thread at a time.
 */
final class CookieStore {
    /** libcurl's MAX_COOKIE_SEND_AMOUNT: the most cookies in one request. */
    static final int MAX_SEND = 150;

    private final List<Cookie> cookies = new ArrayList<>();
    private long lastCreation;
    /** Cookies now come from responses ("live"), not from files. */
    boolean running;
    /** While loading: drop session cookies (CURLOPT_COOKIESESSION). */
    boolean newSession;

    int size() {
        return cookies.size();
    }

    /**
     * Adds a parsed cookie. {@code host}: the request's host for a cookie from a response, null
     * for one from a file or the cookie list; {@code secureOrigin}: it came over a secure
     * context; {@code checkSuffix}: apply the public suffix rule; {@code expire}: drop expired
     * cookies first. Returns whether the cookie was kept.
     */
    boolean add(Cookie co, String host, boolean secureOrigin, boolean checkSuffix, boolean expire, long now) {
        if (co.prefixSecure && !co.secure) {
            return false; // __Secure- needs Secure
        }
        if (co.prefixHost && !(co.secure && "/".equals(co.path) && !co.tailmatch)) {
            return false; // __Host- needs Secure, path "/" and no Domain
        }
        if (!running && newSession && co.expires == 0) {
            return false;
        }
        co.live = running;
        co.creation = ++lastCreation;
        if (expire) {
            removeExpired(now);
        }
        if (checkSuffix && co.domain != null && !CookieParser.isIp(co.domain)) {
            PublicSuffixList psl = PublicSuffixList.get();
            String d = co.domain.toLowerCase(Locale.ROOT);
            if (host != null ? !psl.acceptable(host, d) : psl.isPublicSuffix(d, false)) {
                return false;
            }
        }
        return replaceOrAppend(co, secureOrigin);
    }

    /**
     * libcurl's replace_existing: an insecure cookie may not overlay a secure one of the same
     * name whose path's first segment it shares; a cookie of the same name, domain, domain
     * matching and path replaces the older one (keeping its place in time), unless the older is
     * live and the newer comes from a file.
     */
    private boolean replaceOrAppend(Cookie co, boolean secureOrigin) {
        Cookie replaced = null;
        for (Cookie old : cookies) {
            if (!old.name.equals(co.name)) {
                continue;
            }
            boolean related = old.domain != null && co.domain != null
                    ? CookieParser.tailMatch(old.domain, co.domain) || CookieParser.tailMatch(co.domain, old.domain)
                    : old.domain == null && co.domain == null;
            if (related && old.path != null && co.path != null && old.secure && !co.secure && !secureOrigin) {
                int sep = old.path.indexOf('/', 1);
                String first = sep > 0 ? old.path.substring(0, sep) : old.path;
                if (co.path.startsWith(first)) {
                    return false;
                }
            }
            if (replaced == null) {
                boolean same = old.domain != null && co.domain != null
                        ? old.domain.equalsIgnoreCase(co.domain) && old.tailmatch == co.tailmatch
                        : old.domain == null && co.domain == null;
                if (same && (old.path == null ? co.path == null : old.path.equals(co.path))) {
                    if (!co.live && old.live) {
                        return false; // a live cookie is preferred over one read from a file
                    }
                    replaced = old;
                }
            }
        }
        if (replaced != null) {
            co.creation = replaced.creation;
            cookies.remove(replaced);
        }
        cookies.add(co);
        return true;
    }

    void removeExpired(long now) {
        cookies.removeIf(c -> c.expires != 0 && c.expires < now);
    }

    /** The cookies to send to {@code host} for {@code path}: longest path, domain, name first, then the newest. */
    List<Cookie> forRequest(String host, String path, boolean secure, long now) {
        removeExpired(now);
        List<Cookie> out = new ArrayList<>();
        boolean ip = CookieParser.isIp(host);
        for (Cookie co : cookies) {
            if (co.secure && !secure) {
                continue;
            }
            boolean domainOk = co.domain == null
                    || (co.tailmatch && !ip ? CookieParser.tailMatch(co.domain, host) : host.equalsIgnoreCase(co.domain));
            if (domainOk && (co.path == null || pathMatch(co.path, path))) {
                out.add(co);
                if (out.size() >= MAX_SEND) {
                    break;
                }
            }
        }
        out.sort(SEND_ORDER);
        return out;
    }

    /**
     * libcurl's order of a request's cookies: longest path, then domain, then name first; then
     * the newest. A class of its own rather than {@code Comparator.comparingInt(...).thenComparing...}:
     * those combinators spin serializable lambdas at first use, which no class-data archive holds
     * and which cost a short command run a noticeable part of its start.
     */
    private static final Comparator<Cookie> SEND_ORDER = new SendOrder();

    private static final class SendOrder implements Comparator<Cookie> {
        @Override
        public int compare(Cookie a, Cookie b) {
            int c = Integer.compare(len(b.path), len(a.path));
            if (c == 0) {
                c = Integer.compare(len(b.domain), len(a.domain));
            }
            if (c == 0) {
                c = Integer.compare(len(b.name), len(a.name));
            }
            return c != 0 ? c : Long.compare(b.creation, a.creation);
        }
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }

    /** RFC 6265 section 5.1.4, as libcurl applies it (the request path taken whole, its query cut). */
    static boolean pathMatch(String cookiePath, String uriPath) {
        if (cookiePath.length() == 1) {
            return true;
        }
        if (uriPath == null || uriPath.isEmpty() || uriPath.charAt(0) != '/') {
            uriPath = "/";
        }
        if (uriPath.length() < cookiePath.length() || !uriPath.startsWith(cookiePath)) {
            return false;
        }
        return uriPath.length() == cookiePath.length() || uriPath.charAt(cookiePath.length()) == '/';
    }

    void clearAll() {
        cookies.clear();
    }

    void clearSession() {
        cookies.removeIf(c -> c.expires == 0);
    }

    /** Every cookie with a domain as a Netscape line, newest first (how libcurl writes its jar). */
    List<String> lines(boolean newestFirst, long now) {
        removeExpired(now);
        List<Cookie> all = new ArrayList<>(cookies);
        if (newestFirst) {
            all.sort((a, b) -> Long.compare(b.creation, a.creation));
        }
        List<String> out = new ArrayList<>(all.size());
        for (Iterator<Cookie> it = all.iterator(); it.hasNext();) {
            Cookie c = it.next();
            if (c.domain != null) {
                out.add(c.netscapeLine());
            }
        }
        return out;
    }
}
