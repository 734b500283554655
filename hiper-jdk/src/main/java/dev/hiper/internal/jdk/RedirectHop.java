package dev.hiper.internal.jdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JDK client's redirect rules, applied by the client layer as the JDK's does (its
 * {@code RedirectFilter}), not by hiper's engine: each hop is a transfer of its own, so every
 * 3xx becomes a {@code previousResponse()} and the cookie handler hears each one.
 *
 * <ul>
 *   <li>Followed: 301, 302, 303, 307 and 308, unless the policy is {@code NEVER}. 300, 304, 305
 *       and 306 are answers.
 *   <li>{@code NORMAL} follows to the same scheme or to https, never from https to http;
 *       {@code ALWAYS} follows anywhere.
 *   <li>The method: 303 makes a GET; 301 and 302 turn a POST into a GET; 307 and 308 keep it.
 *       The body goes along only while the method stays the same (and never after a 303).
 *   <li>A hop to another origin (scheme or authority) leaves out the request's
 *       {@code Authorization}, {@code Cookie}, {@code Origin} and {@code Referer} headers, as the
 *       JDK's client does in its recent releases (25; 17.0.15 still sends them).
 *   <li>At most {@link #limit()} responses in all (the JDK's
 *       {@code jdk.httpclient.redirects.retrylimit}, default 5): the last one is the answer even
 *       if it is a 3xx.
 *   <li>A 3xx to follow without a {@code Location} fails the call with "Invalid redirection".
 * </ul>
 */
final class RedirectHop {
    private static final Set<String> CROSS_ORIGIN_DROPPED = Set.of("authorization", "cookie", "origin", "referer");

    private RedirectHop() {
    }

    /** The most responses one call may see, redirects included. */
    static int limit() {
        return Integer.getInteger("jdk.httpclient.redirects.retrylimit", 5);
    }

    /**
     * The request to send after {@code status} answered {@code from}, or null when the response is
     * the answer ({@code hops} redirects were followed before this one).
     *
     * @throws IOException when the response must be followed and names nowhere to go
     */
    static HttpRequest next(HttpClient.Redirect policy, HttpRequest from, int status, HttpHeaders headers, int hops)
            throws IOException {
        if (policy == HttpClient.Redirect.NEVER || !followed(status)) {
            return null;
        }
        String location = headers.firstValue("Location").orElse(null);
        if (location == null) {
            throw new IOException("Invalid redirection");
        }
        URI target;
        try {
            target = from.uri().resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw new IOException("Invalid redirection: " + e.getMessage(), e);
        }
        String scheme = target.getScheme();
        if (scheme == null || !allowed(policy, from.uri().getScheme(), scheme) || hops + 1 >= limit()) {
            return null;
        }
        String method = method(status, from.method());
        boolean sameOrigin = scheme.equalsIgnoreCase(from.uri().getScheme())
                && String.valueOf(target.getRawAuthority()).equals(String.valueOf(from.uri().getRawAuthority()));
        HttpHeaders kept = sameOrigin ? from.headers()
                : HttpHeaders.of(from.headers().map(), (name, value) -> !CROSS_ORIGIN_DROPPED.contains(
                        name.toLowerCase(Locale.ROOT)));
        Optional<HttpRequest.BodyPublisher> body = status != 303 && method.equals(from.method())
                ? from.bodyPublisher() : Optional.empty();
        return new Hop(target, method, kept, body, from);
    }

    static boolean followed(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static String method(int status, String method) {
        if (status == 303) {
            return "GET";
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return "GET";
        }
        return method;
    }

    private static boolean allowed(HttpClient.Redirect policy, String from, String to) {
        if (policy == HttpClient.Redirect.ALWAYS) {
            return true;
        }
        return to.equalsIgnoreCase(from) || to.equalsIgnoreCase("https");
    }

    /** A request made for a redirect: the first request's settings, a new target. */
    private static final class Hop extends HttpRequest {
        private final URI uri;
        private final String method;
        private final HttpHeaders headers;
        private final Optional<BodyPublisher> body;
        private final HttpRequest first;

        Hop(URI uri, String method, HttpHeaders headers, Optional<BodyPublisher> body, HttpRequest first) {
            this.uri = uri;
            this.method = method;
            this.headers = headers;
            this.body = body;
            this.first = first;
        }

        @Override
        public Optional<BodyPublisher> bodyPublisher() {
            return body;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public Optional<Duration> timeout() {
            return first.timeout();
        }

        @Override
        public boolean expectContinue() {
            return first.expectContinue();
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public Optional<HttpClient.Version> version() {
            return first.version();
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }

        @Override
        public String toString() {
            return uri + " " + method;
        }
    }
}
