package dev.hiper.internal.http;

import dev.hiper.internal.auth.AwsSigV4;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.url.CurlUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The authentication decisions of one exchange, both sides at once as libcurl's
 * Curl_http_output_auth and Curl_http_auth_act take them: the server's state (kept here) and a
 * forwarding proxy's (kept with the handle's proxy options, shared with the CONNECT of a tunnel).
 * Lifecycle per transfer: {@link #begin}; per request {@link #lines} then {@link #probe}; per
 * response {@link #header} for each challenge line, {@link #act} once the head is in.
 */
final class ExchangeAuth {
    /** The server's side. */
    final HttpAuth server = new HttpAuth(false);
    private HttpAuth proxy;
    private String serverLine;
    private String proxyLine;
    /** The last request went without its body, to learn the scheme first (curl's "authneg"). */
    private boolean sentProbe;
    private String awsUser;
    private String awsPassword;

    /** The transfer starts: both sides afresh. */
    void begin(EasyHandle easy) {
        server.start(easy.httpAuth);
        proxy = easy.proxyAuthState();
        proxy.start(easy.proxy.auth);
        sentProbe = false;
    }

    /**
     * Works out the authorization lines of the next request: {@code allowed} whether the
     * handle's credentials may go to this URL's host, {@code user} / {@code password} the
     * credentials that go (the handle's, or the URL's own), {@code forwarding} whether the request
     * goes to a proxy that forwards it (its credentials {@code proxyUser} / {@code proxyPassword}).
     */
    void lines(String method, String uri, boolean allowed, String user, String password, String bearer,
            boolean forwarding, String proxyUser, String proxyPassword) {
        String pu = proxyUser == null && proxyPassword != null ? "" : proxyUser;
        proxyLine = forwarding ? proxy.requestLine(method, uri, pu, proxyPassword, null) : null;
        if (!forwarding) {
            proxy.notNeeded();
        }
        if (allowed) {
            serverLine = server.requestLine(method, uri, user, password, bearer);
            awsUser = user;
            awsPassword = password;
        } else {
            serverLine = null;
            server.notNeeded(); // to another host after a redirect: no credentials go
        }
    }

    /**
     * Signs the request with AWS V4 when that is the server's scheme this time: its lines become
     * the {@code Authorization} line (with the date and content hash lines after it).
     */
    /** Whether {@link #signAwsV4} has a request to sign: AWS V4 is the scheme, and no other line was made. */
    boolean signsAwsV4() {
        return serverLine == null && server.signsAwsV4();
    }

    void signAwsV4(EasyHandle easy, String method, AwsSigV4.Kind kind, CurlUrl u, Consumer<String> info)
            throws AwsSigV4.Failure {
        if (!signsAwsV4()) {
            return;
        }
        serverLine = AwsSigV4.sign(new AwsSigV4.Request(easy.seldom.awsSigV4, method, kind, u.host(), u.hostHeader(),
                easy.httpHeaders, u.path(), u.query(), easy.postFields, easy.postFieldSize, easy.inFileSize,
                awsUser, awsPassword), info);
    }

    /** The {@code Authorization} line of the request, or null. */
    String serverLine() {
        return serverLine;
    }

    /** The {@code Proxy-Authorization} line of the request, or null. */
    String proxyLine() {
        return proxyLine;
    }

    /**
     * Whether a request with a body goes without it this time ({@code Content-Length: 0}): a
     * scheme that needs the server's challenge first is picked and not answered yet.
     */
    boolean probe(boolean hasBody) {
        sentProbe = hasBody && (server.negotiating() || proxy.negotiating());
        return sentProbe;
    }

    /**
     * The application's header lines for a probe: its own Content-Length left out, since the
     * probe says 0 (as libcurl's custom headers do while negotiating).
     */
    List<String> probeHeaders(List<String> headers) {
        if (!sentProbe || headers == null || !Http1Request.mentions(headers, "Content-Length")) {
            return headers;
        }
        List<String> out = new ArrayList<>(headers.size());
        for (String h : headers) {
            if (!h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                out.add(h);
            }
        }
        return out;
    }

    /** A new response: challenges are collected afresh. */
    void newResponse() {
        server.newResponse();
        proxy.newResponse();
    }

    /** One header line of the response: a challenge of the side the code asks. */
    void header(int code, ResponseView r, boolean forwarding) {
        if (code == 401 && r.headerNameIs("www-authenticate")) {
            server.challenge(r.headerValue());
        } else if (code == 407 && forwarding && r.headerNameIs("proxy-authenticate")) {
            proxy.challenge(r.headerValue());
        }
    }

    /**
     * The final response's head is in: whether the same request goes again (a scheme picked
     * from the challenges, or a probe answered 2xx). {@code haveCredentials}: for the server;
     * {@code haveProxyCredentials}: for a forwarding proxy ({@code false} when there is none).
     */
    boolean act(int code, boolean haveCredentials, boolean haveProxyCredentials) {
        if (code >= 100 && code < 200) {
            return false;
        }
        boolean probe = sentProbe && code < 300;
        boolean again = server.act(code == 401, haveCredentials, probe, false);
        if (haveProxyCredentials && code == 407) {
            again |= proxy.act(true, true, false, false);
        }
        return again;
    }

    /** The server scheme the last request answered with ({@code CURLINFO_HTTPAUTH_USED}). */
    long serverUsed() {
        return serverLine != null ? server.used() : 0;
    }

    /** The proxy scheme the last request answered with ({@code CURLINFO_PROXYAUTH_USED}). */
    long proxyUsed() {
        return proxyLine != null ? proxy.used() : 0;
    }
}
