package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.CURLFOLLOW_FIRSTONLY;
import static dev.hiper.curl.Curl.CURLFOLLOW_OBEYCODE;
import static dev.hiper.curl.Curl.CURL_REDIR_POST_301;
import static dev.hiper.curl.Curl.CURL_REDIR_POST_302;
import static dev.hiper.curl.Curl.CURL_REDIR_POST_303;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.url.UrlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code CURLOPT_FOLLOWLOCATION} makes of a 3xx, whatever the HTTP version (libcurl's
 * {@code Curl_http_follow} and the checks around it): whether a response is followed, the limit
 * ({@code CURLOPT_MAXREDIRS}, {@code CURLE_TOO_MANY_REDIRECTS}), the target (the {@code Location}
 * resolved by {@link CurlUrl#redirect}, parsed by libcurl's rules), the schemes a redirect may
 * lead to ({@code CURLOPT_REDIR_PROTOCOLS_STR}), the method of the next request (RFC 9110
 * section 15.4: a POST becomes a GET after 301 and 302 unless {@code CURLOPT_POSTREDIR} says
 * otherwise; every method but a kept POST becomes a GET after 303; 307 and 308 keep method and
 * body), and whether credentials and the application's {@code Authorization} and {@code Cookie}
 * headers may go to the host of the request ({@code CURLOPT_UNRESTRICTED_AUTH}).
 *
 * <p>One per {@link HttpExchange}, kept across a handle's transfers. Lifecycle: 1. {@link #begin}
 * when a transfer starts; 2. {@link #origin} for each request before any redirect, so the first
 * scheme, host and port are known; 3. {@link #wants} when a final head is in; 4. {@link #next}
 * once that response is over; 5. {@link #refusal} for the scheme of the URL it returned.
 */
public final class RedirectPolicy {
    /** libcurl 8's default for {@code CURLOPT_REDIR_PROTOCOLS_STR}. */
    public static final Set<String> DEFAULT_PROTOCOLS = Set.of("http", "https", "ftp", "ftps");
    /** {@code "all"}: every scheme. */
    private static final Set<String> ALL = Set.of("*");

    private EasyHandle easy;
    /** Redirects followed by this transfer. */
    private int count;
    private String originScheme;
    private String originHost;
    private int originPort;
    /** The next request is a GET (or HEAD), whatever the options ask for: a 301/302/303 said so. */
    private boolean switchedToGet;
    /** CURLOPT_CUSTOMREQUEST no longer applies (CURLFOLLOW_OBEYCODE or CURLFOLLOW_FIRSTONLY). */
    private boolean ignoreCustom;
    /** The Referer that CURLOPT_AUTOREFERER puts on the next request, or null. */
    private String referer;

    /** A transfer starts: no redirect followed, the method as the options say. */
    void begin(EasyHandle e) {
        easy = e;
        count = 0;
        originScheme = null;
        switchedToGet = false;
        ignoreCustom = false;
        referer = null;
    }

    /** A request goes to {@code u}: before the first redirect, it is the origin credentials belong to. */
    void origin(CurlUrl u) {
        if (count == 0) {
            originScheme = u.scheme();
            originHost = u.host();
            originPort = u.port();
        }
    }

    /**
     * libcurl's {@code Curl_auth_allowed_to_host}: whether credentials, {@code Authorization} and
     * {@code Cookie} may go to {@code u}: always before a redirect, then only to the first
     * request's scheme, host and port, unless {@code CURLOPT_UNRESTRICTED_AUTH}.
     */
    boolean allowedTo(CurlUrl u) {
        return count == 0 || easy.seldom.unrestrictedAuth || originScheme == null
                || (originScheme.equals(u.scheme()) && originHost.equalsIgnoreCase(u.host()) && originPort == u.port());
    }

    /**
     * Whether {@code u} has the first request's scheme, host and port (always before a redirect):
     * libcurl sends the application's {@code Host} line only there, whatever
     * {@code CURLOPT_UNRESTRICTED_AUTH} says.
     */
    boolean sameOrigin(CurlUrl u) {
        return count == 0 || originScheme == null
                || (originScheme.equals(u.scheme()) && originHost.equalsIgnoreCase(u.host()) && originPort == u.port());
    }

    /**
     * The application's header lines, without {@code Authorization} and {@code Cookie} when they
     * may not go to {@code u}, and without {@code Host} after a redirect to another origin.
     */
    List<String> headersFor(CurlUrl u, List<String> headers) {
        boolean allowed = allowedTo(u);
        boolean same = sameOrigin(u);
        if (headers == null || allowed && same) {
            return headers;
        }
        List<String> out = null;
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            boolean sensitive = !allowed && (startsWithName(h, "authorization") || startsWithName(h, "cookie"))
                    || !same && startsWithName(h, "host");
            if (sensitive && out == null) {
                out = new ArrayList<>(headers.subList(0, i));
            } else if (!sensitive && out != null) {
                out.add(h);
            }
        }
        return out == null ? headers : out;
    }

    private static boolean startsWithName(String line, String name) {
        return line.length() > name.length() && line.regionMatches(true, 0, name, 0, name.length())
                && (line.charAt(name.length()) == ':' || line.charAt(name.length()) == ';');
    }

    boolean switchedToGet() {
        return switchedToGet;
    }

    /** The method to send instead of the request kind's: CURLOPT_CUSTOMREQUEST while it still applies. */
    String customRequest() {
        return ignoreCustom ? null : easy.customRequest;
    }

    /** The Referer of the next request: CURLOPT_AUTOREFERER's after a redirect, else CURLOPT_REFERER. */
    String referer() {
        return referer != null ? referer : easy.seldom.referer;
    }

    /** Whether a final response with this code and Location target is followed. */
    boolean wants(int code, String target) {
        return easy.followLocation != 0 && code >= 300 && code < 400 && target != null;
    }

    /**
     * The response to the request sent to {@code from} was a 3xx to {@code target}, now over:
     * counts the redirect and sets the next request's method, then returns the URL to go to.
     * Null when the transfer failed: past CURLOPT_MAXREDIRS (47, with CURLINFO_REDIRECT_URL
     * naming the target), or a target that does not parse.
     */
    CurlUrl next(CurlUrl from, int code, String target, boolean post, ExchangeHost host) {
        if (easy.maxRedirs != -1 && count >= easy.maxRedirs) {
            easy.info.redirectUrl = target;
            host.fail(CurlCode.CURLE_TOO_MANY_REDIRECTS, "Maximum (" + easy.maxRedirs + ") redirects followed");
            return null;
        }
        count++;
        easy.info.redirectCount = count;
        CurlUrl next;
        try {
            next = CurlUrl.parse(target, easy.wire.pathAsIs);
        } catch (UrlException e) {
            String why = e.getMessage().startsWith("URL rejected: ") ? e.getMessage().substring(14) : e.getMessage();
            host.fail(e.code(), "The redirect target URL could not be parsed: " + why);
            return null;
        }
        if (easy.seldom.autoReferer) {
            referer = from.withoutCredentials();
        }
        boolean keepPost = (code == 301 && (easy.seldom.postRedir & CURL_REDIR_POST_301) != 0)
                || (code == 302 && (easy.seldom.postRedir & CURL_REDIR_POST_302) != 0)
                || (code == 303 && (easy.seldom.postRedir & CURL_REDIR_POST_303) != 0);
        if ((code == 301 || code == 302) && post && !keepPost || code == 303 && !(post && keepPost)) {
            switchToGet(code, post, host);
        }
        if (easy.followLocation == CURLFOLLOW_FIRSTONLY && !ignoreCustom && easy.customRequest != null) {
            ignoreCustom = true;
            host.trace("Drop custom request method for next request");
        }
        easy.info.redirectUrl = null;
        return next;
    }

    /** libcurl's http_switch_to_get: the next request is a GET; the custom method stays unless OBEYCODE. */
    private void switchToGet(int code, boolean post, ExchangeHost host) {
        String custom = easy.customRequest;
        boolean notGet = !switchedToGet && (post || easy.upload || easy.noBody);
        if ((custom != null || notGet) && easy.followLocation == CURLFOLLOW_OBEYCODE) {
            host.trace("Switch to GET because of " + code + " response");
            ignoreCustom = true;
        } else if (custom != null && easy.followLocation != CURLFOLLOW_FIRSTONLY) {
            host.trace("Stick to " + custom + " instead of GET");
        }
        switchedToGet = true;
    }

    /**
     * Why the transfer may not go on to {@code next}: a scheme outside CURLOPT_REDIR_PROTOCOLS_STR
     * ("disabled", as libcurl 8 says of a scheme it knows), or one hiper does not speak; null
     * when it may.
     */
    String refusal(CurlUrl next) {
        String scheme = next.scheme();
        boolean allowed = easy.redirProtocols == ALL || easy.redirProtocols.contains(scheme);
        if (!allowed && CurlUrl.knownScheme(scheme)) {
            return "Protocol \"" + scheme + "\" disabled (in redirect)";
        }
        if (!allowed || !scheme.equals("http") && !scheme.equals("https")) {
            return "Protocol \"" + scheme + "\" not supported (in redirect)";
        }
        return null;
    }

    /**
     * {@code CURLOPT_REDIR_PROTOCOLS_STR}'s value as a set of lower-case schemes: {@code "all"}
     * for every one; null when it names a scheme libcurl does not know
     * ({@code CURLE_UNSUPPORTED_PROTOCOL}); empty when it names none.
     */
    public static Set<String> parseProtocols(String list) {
        if (list.trim().equalsIgnoreCase("all")) {
            return ALL;
        }
        Set<String> out = new HashSet<>();
        for (String part : list.split(",", -1)) {
            String s = part.trim().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (!CurlUrl.knownScheme(s)) {
                return null;
            }
            out.add(s);
        }
        return Set.copyOf(out);
    }
}
