package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_0;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0;
import static dev.hiper.curl.Curl.CURL_TIMECOND_IFUNMODSINCE;
import static dev.hiper.curl.Curl.CURL_TIMECOND_NONE;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.auth.AwsSigV4;
import dev.hiper.internal.cookie.CookieEngine;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.transfer.TransferInfo;
import dev.hiper.internal.url.CurlUrl;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * HTTP whatever the version: what the options make of a request (method, range and resume,
 * authentication, time conditions) and what a response means for the transfer (401 and the
 * request sent again, 417 and the request sent again without {@code Expect}, 416 to a resumed
 * download, a time condition not met, {@code CURLOPT_FAILONERROR}, the file size limit). The
 * bytes are the codec's business ({@link ExchangeCodec}); the calls into the application are the
 * transfer's ({@link ExchangeHost}).
 *
 * <p>One per easy handle, kept across its transfers. Lifecycle: 1. {@link #begin} when a transfer
 * starts (authentication state, the 417 memory); 2. {@link #start} for each request the transfer
 * sends (a 401 or 417 makes another); 3. the codec hands it the response's events
 * ({@link #onEvent}); 4. {@link #authRetry()} tells the transfer whether the same request goes
 * again once this response is over, {@link #redirecting()} whether a 3xx is followed, and then
 * {@link #follow} where to (the rules are {@link RedirectPolicy}'s). Cookies are taken in
 * {@link #onHeader()} and added in {@link #start} (the handle's cookie engine decides which);
 * the body's codings are undone by {@link BodyDecoding}.
 */
public final class HttpExchange implements ExchangeCodec.Listener {
    /** Server and proxy authentication: what to send, what a 401 or 407 offers. */
    private final ExchangeAuth auth = new ExchangeAuth();
    /** CURLOPT_FOLLOWLOCATION and its companions. */
    private final RedirectPolicy redirects = new RedirectPolicy();
    /** Content-Encoding and Transfer-Encoding undone on the body's way to the application. */
    private final BodyDecoding decoding = new BodyDecoding();
    private ExchangeHost host;
    private EasyHandle easy;
    private CurlUrl url;
    private ExchangeCodec codec;

    private boolean headOnly;
    private boolean bodyFromReader;
    /** A 401 picked a scheme: the request goes again once this response is over, its body ignored. */
    private boolean authRetry;
    /** A 3xx with a Location is followed once this response is over, its body ignored. */
    private boolean redirecting;
    /** The request sent was a POST (what a 301/302/303 switches to GET). */
    private boolean sentPost;
    /** The server answered 417 to Expect: 100-continue; the request goes again without it. */
    private boolean noExpect;
    private long lastModified = -1;
    private boolean contentRangeOk;
    /** The last request sent, kept while the same one goes again. */
    private ExchangeCodec.Request lastRequest;
    /** The last Content-Type string: kept while the same bytes come again. */
    private String contentType;

    /** Whether requests go to a forwarding HTTP proxy, and what that changes in them. */
    public final ProxyForwarding forwarding = new ProxyForwarding();

    /** A transfer starts: nothing of the handle's last transfer counts. */
    public void begin(ExchangeHost h) {
        host = h;
        easy = h.easy();
        auth.begin(easy);
        authHost = null;
        noExpect = false;
        authRetry = false;
        redirecting = false;
        sawHttp10 = false;
        redirects.begin(easy);
        decoding.reset(); // what a failed transfer left in the decoders goes
        easy.cookies.start(System.currentTimeMillis() / 1000);
    }

    /**
     * Builds the next request from the options and gives it to {@code c}. Returns the head as
     * the trace shows it, or null when the options cannot be sent this way (the transfer failed).
     * {@code peerIsHttp10}: the connection's last response was HTTP/1.0, so this request is too.
     */
    public byte[] start(CurlUrl u, ExchangeCodec c, boolean reused, boolean peerIsHttp10) {
        url = u;
        codec = c;
        redirects.origin(u);
        String wsKey = host.webSocket().start(u, easy.httpHeaders); // a GET; frames follow its 101
        boolean upload = easy.upload && wsKey == null && !redirects.switchedToGet();
        boolean post = easy.post && wsKey == null && !upload && !redirects.switchedToGet();
        sentPost = post;
        headOnly = easy.noBody;
        String custom = redirects.customRequest();
        String method = custom != null ? custom
                : headOnly ? "HEAD" : upload ? "PUT" : post ? "POST" : "GET";
        // an HTTP/1.0 server gets HTTP/1.0 requests on the same connection, and so does every later
        // request of a transfer that had an HTTP/1.0 response (a redirect, an auth retry), as libcurl
        boolean http10 = easy.httpVersion == CURL_HTTP_VERSION_1_0 || (reused && peerIsHttp10) || sawHttp10;
        String authorization;
        try {
            authorization = authorization(method, u, headOnly ? AwsSigV4.Kind.HEAD : upload ? AwsSigV4.Kind.PUT
                    : post ? AwsSigV4.Kind.POST : AwsSigV4.Kind.GET);
        } catch (AwsSigV4.Failure f) {
            host.fail(f.code, f.getMessage());
            return null;
        }
        boolean probe = auth.probe(post || upload); // the body waits until the scheme is known
        Http1Request.Body body = Http1Request.Body.NONE;
        long length = 0;
        byte[] fields = null;
        bodyFromReader = false;
        long skip = 0;
        String rangeLine = null;
        String mimeType = null;
        if (post && easy.postFields != null) {
            fields = easy.postFields;
            length = easy.postFieldSize >= 0 ? Math.min(easy.postFieldSize, fields.length) : fields.length;
            body = Http1Request.Body.LENGTH;
        } else if (post || upload) {
            bodyFromReader = true;
            mimeType = post ? MimeRequest.prepare(easy, host) : null;
            if (mimeType == MimeRequest.FAILED) {
                return null;
            }
            length = mimeType != null ? easy.seldom.mimePost.size() : post ? easy.postFieldSize : easy.inFileSize;
            if (upload && easy.seldom.resumeFrom != 0) {
                // curl's Curl_http_range for an upload: skip what the server has, say which part this is
                if (easy.seldom.resumeFrom < 0) {
                    rangeLine = length >= 0 ? "Content-Range: bytes 0-" + (length - 1) + "/" + length : null;
                } else {
                    long total = length;
                    skip = easy.seldom.resumeFrom;
                    length = length >= 0 ? Math.max(0, length - easy.seldom.resumeFrom) : -1;
                    rangeLine = total >= 0 ? "Content-Range: bytes " + easy.seldom.resumeFrom + "-" + (total - 1) + "/" + total
                            : null;
                }
            } else if (upload && easy.seldom.range != null) {
                rangeLine = "Content-Range: bytes " + easy.seldom.range + "/" + length;
            }
            body = length >= 0 ? Http1Request.Body.LENGTH : Http1Request.Body.CHUNKED;
        }
        if (rangeLine == null && !post && !upload) {
            if (easy.seldom.resumeFrom > 0) {
                rangeLine = "Range: bytes=" + easy.seldom.resumeFrom + "-";
            } else if (easy.seldom.range != null) {
                rangeLine = "Range: bytes=" + easy.seldom.range;
            }
        }
        if (probe) {
            // curl's "authneg": the same head with Content-Length: 0, the body after the challenge
            body = Http1Request.Body.LENGTH;
            length = 0;
            fields = NO_BODY;
            bodyFromReader = false;
            skip = 0;
        }
        if (http10 && body == Http1Request.Body.CHUNKED) {
            host.fail(CurlCode.CURLE_UPLOAD_FAILED, "Chunky upload is not supported by HTTP 1.0");
            return null;
        }
        String ua = easy.userAgent != null ? easy.userAgent : host.defaultUserAgent();
        String target = easy.seldom.requestTarget != null ? easy.seldom.requestTarget : forwarding.target(u);
        String condition = HttpDate.condition(easy.seldom.timeCondition, easy.seldom.timeValue);
        String referer = redirects.referer();
        String acceptEncoding = easy.acceptEncoding != null ? "Accept-Encoding: " + easy.acceptEncoding : null;
        // CURLOPT_COOKIE goes where credentials may go, and not when the application sets its own line
        String cookie = easy.cookies.enabled() || easy.cookie != null ? easy.cookies.requestLine(u, cookieHost(),
                easy.cookie != null && redirects.allowedTo(u) && !Http1Request.mentions(easy.httpHeaders, "Cookie")
                        ? easy.cookie : null, System.currentTimeMillis() / 1000, host::trace) : null;
        // CURL_HTTP_VERSION_2_0 on http://: offer the switch to HTTP/2, for a request without a body
        String h2c = easy.httpVersion == CURL_HTTP_VERSION_2_0 && !c.multiplexed() && !http10
                && body == Http1Request.Body.NONE && u.scheme().equals("http")
                && !Http1Request.mentions(easy.httpHeaders, "Upgrade")
                && !Http1Request.mentions(easy.httpHeaders, "Connection") ? c.upgradeSettings() : null;
        Http1Request.Extras extras = http10 || authorization != null || rangeLine != null || referer != null
                || condition != null || noExpect || acceptEncoding != null || easy.seldom.transferEncoding || cookie != null
                || h2c != null || forwarding.on() || wsKey != null || mimeType != null
                ? new Http1Request.Extras(http10, authorization, rangeLine,
                        referer != null ? "Referer: " + referer : null, condition, noExpect, acceptEncoding,
                        easy.seldom.transferEncoding, cookie, h2c, auth.proxyLine(), forwarding.on(), wsKey, mimeType)
                : Http1Request.Extras.NONE;
        byte[] head = c.writeRequest(request(method, u, target, ua, body, length, post, extras, fields, skip), reused);
        easy.info.effectiveMethod = method;
        easy.info.referer = referer;
        lastModified = -1;
        contentRangeOk = false;
        easy.info.redirectUrl = null;
        authRetry = false;
        redirecting = false;
        auth.newResponse();
        easy.info.httpAuthUsed = auth.serverUsed();
        if (forwarding.on()) {
            easy.info.proxyAuthUsed = auth.proxyUsed(); // a tunnel's CONNECT sets it otherwise
        }
        c.configure(easy.seldom.http09Allowed, reused, easy.seldom.ignoreContentLength);
        c.rawTransfer(!easy.wire.transferDecoding);
        return head;
    }

    /**
     * The request to send: the last one when every part is the same (the keep-alive loop of a
     * client sends the same request again and allocates nothing for it).
     */
    private ExchangeCodec.Request request(String method, CurlUrl u, String target, String ua, Http1Request.Body body,
            long length, boolean post, Http1Request.Extras extras, byte[] fields, long skip) {
        ExchangeCodec.Request r = lastRequest;
        List<String> headers = forwarding.headers(auth.probeHeaders(redirects.headersFor(u, easy.httpHeaders)));
        if (r != null && r.url() == u && r.headers() == headers && r.fields() == fields && r.body() == body
                && r.length() == length && r.formPost() == post && r.skip() == skip && r.noBody() == headOnly
                && r.method().equals(method) && r.target().equals(target)
                && (r.extras() == extras || r.extras().equals(extras))
                && (ua == null ? r.userAgent() == null : ua.equals(r.userAgent()))) {
            return r;
        }
        r = new ExchangeCodec.Request(method, u, target, ua, headers, body, length, post, extras, fields, skip,
                headOnly);
        lastRequest = r;
        return r;
    }

    /**
     * The Authorization line of this request (Basic or Digest with CURLOPT_USERPWD / USERNAME or
     * the URL's credentials, Bearer, or an AWS V4 signature and its date lines), as the
     * authentication state picks it; null for none. The Proxy-Authorization line of a forwarded
     * request is worked out with it.
     */
    private String authorization(String method, CurlUrl u, AwsSigV4.Kind kind) throws AwsSigV4.Failure {
        // after a redirect to another scheme, host or port, only the URL's own credentials go
        boolean allowed = redirects.allowedTo(u);
        String user = allowed ? easy.username : null;
        String pass = allowed ? easy.password : null;
        if (user == null && u.user() != null) {
            user = u.user();
            pass = u.password();
        }
        if (authHost != null
                && !(authHost.equals(u.host()) && authPort == u.port() && authScheme.equals(u.scheme()))) {
            auth.server.otherOrigin(); // the scheme picked stays; a Digest nonce answers its own origin only
        }
        authScheme = u.scheme();
        authHost = u.host();
        authPort = u.port();
        Netrc.Credentials n = easy.netrcCredentials; // CURLOPT_NETRC: for this host, over the URL's
        if (n != null) {
            user = n.user() != null ? n.user() : user != null ? user : ""; // a password for any user
            pass = n.password() != null ? n.password() : pass;
        }
        auth.lines(method, u.target(), user != null || allowed && easy.seldom.bearer != null, user, pass,
                allowed ? easy.seldom.bearer : null, forwarding.on(), forwarding.user(), forwarding.password());
        if (auth.signsAwsV4()) { // no method reference made for requests that are not signed
            auth.signAwsV4(easy, method, kind, u, host::trace);
        }
        return auth.serverLine();
    }

    private static final byte[] NO_BODY = new byte[0];
    /** A response of this transfer was HTTP/1.0 (libcurl's {@code rcvd_min}). */
    private boolean sawHttp10;
    /**
     * The origin the server's authentication state belongs to (the last request's; no host: none
     * yet), kept as its parts: a string made of them would be a new one for every request.
     */
    private String authScheme;
    private String authHost;
    private int authPort;

    private boolean haveCredentials() {
        return redirects.allowedTo(url) && (easy.username != null || easy.seldom.bearer != null) || url.user() != null
                || easy.netrcCredentials != null;
    }

    /** The host cookies go to and come from: the application's Host line's, else the URL's. */
    private String cookieHost() {
        return CookieEngine.cookieHost(url,
                redirects.sameOrigin(url) ? Http1Request.customValue(easy.httpHeaders, "Host") : null);
    }

    /** Whether the same request goes again once this response is over (a 401 picked a scheme). */
    public boolean authRetry() {
        return authRetry;
    }

    /** Whether a 3xx is followed once this response is over. */
    public boolean redirecting() {
        return redirecting;
    }

    /**
     * The 3xx is over: the URL the transfer goes on to, with the next request's method set; null
     * when the transfer failed (too many redirects, a target that does not parse, a scheme a
     * redirect may not lead to). {@code left} lets go of the connection first, so the trace reads
     * as libcurl's.
     */
    public CurlUrl follow(Runnable left) {
        CurlUrl next = redirects.next(url, codec.response().statusCode(), easy.info.redirectUrl, sentPost, host);
        if (next == null) {
            return null;
        }
        left.run();
        host.trace("Issue another request to this URL: '" + next + "'");
        easy.info.effectiveUrl = next.toString();
        String refusal = redirects.refusal(next);
        if (refusal != null) {
            host.fail(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, refusal);
            return null;
        }
        return next;
    }

    /** Whether the next request sends the body again (a 307 or 308, or a POST kept by CURLOPT_POSTREDIR). */
    public boolean bodyGoesAgain() {
        return bodyFromReader && !redirects.switchedToGet();
    }

    /** The request last given to a codec. */
    public ExchangeCodec.Request lastRequest() {
        return lastRequest;
    }

    /** The connection switched protocols under the exchange (h2c upgrade): its response comes from {@code c}. */
    public void codecSwitched(ExchangeCodec c) {
        codec = c;
    }

    /** Whether the body comes from the read callback (a request sent again needs it rewound). */
    public boolean bodyFromReader() {
        return bodyFromReader;
    }

    // ---- the response's events ----

    @Override
    public boolean onEvent(ExchangeCodec.Event event, ByteBuffer in) {
        ResponseView r = codec.response();
        TransferInfo info = easy.info;
        switch (event) {
            case STATUS_LINE:
                decoding.reset();
                easy.cookies.responseStarted();
                info.responseCode = r.statusCode();
                info.httpVersion = codec.multiplexed() ? CURL_HTTP_VERSION_2_0
                        : r.httpMinorVersion() == 0 ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
                sawHttp10 |= info.httpVersion == CURL_HTTP_VERSION_1_0;
                return host.header(r, false);
            case HEADER:
                onHeader();
                if (!decoding.header(r, easy, headOnly || r.statusCode() < 200 || r.statusCode() == 204
                        || r.statusCode() == 304, host)) {
                    return false;
                }
                return host.header(r, false);
            case TRAILER:
                return host.header(r, true);
            case HEADERS_DONE:
                info.headerSize = info.connectHeaderBytes + r.headerBytes();
                if (r.http09()) {
                    info.responseCode = r.statusCode();
                } else if (!host.header(r, false)) {
                    return false;
                }
                if (r.interim()) {
                    if (r.statusCode() == 100 && codec.waiting100()) {
                        codec.stopWaiting100();
                        host.expect100Timer(false);
                        return continueSending();
                    }
                    return true;
                }
                info.contentLength = r.contentLength();
                return finalResponse();
            case BODY:
                return BodyDelivery.deliver(in, codec, easy, host, decoding, authRetry || redirecting);
            case DONE:
                bodyEnded();
                return false;
            default:
                throw new IllegalStateException(event.toString());
        }
    }

    /** The body ended (by its framing, or the close): the decoders hand on what they held. */
    public void bodyEnded() {
        if (decoding.active() && !authRetry && !redirecting) {
            decoding.finish(host);
        }
    }

    /** Whether decoded bytes wait for the write callback, which paused after the body's end. */
    public boolean decodedPending() {
        return decoding.pending();
    }

    /** Writes the decoded bytes that wait after the body's end. */
    public void writeDecoded() {
        decoding.drain(host);
    }

    /** What a header field of the response sets (Content-Type, Last-Modified, Set-Cookie, ...). */
    private void onHeader() {
        ResponseView r = codec.response();
        host.webSocket().header(r);
        if (r.headerNameIs("content-type")) {
            if (contentType == null || !r.headerValueIs(contentType)) {
                contentType = r.headerValue();
            }
            easy.info.contentType = contentType;
        } else if (r.headerNameIs("last-modified") && easy.seldom.timeCondition != CURL_TIMECOND_NONE) {
            lastModified = HttpDate.parse(r.headerValue()); // read only when a time condition needs it
        } else if (r.headerNameIs("content-range")) {
            contentRangeOk = HttpDate.rangeStartsAt(r.headerValue(), easy.seldom.resumeFrom);
        } else if (r.headerNameIs("set-cookie")) {
            if (easy.cookies.enabled()) { // the engine ignores them when off: no need to read them
                easy.cookies.fromResponse(r.headerValue(), url, cookieHost(), System.currentTimeMillis() / 1000);
            }
        } else if (r.statusCode() == 407 && forwarding.on() && r.headerNameIs("proxy-authenticate")) {
            easy.info.proxyAuthAvail |= HttpAuth.offered(r.headerValue());
            auth.header(407, r, true);
        } else if (r.statusCode() == 401 && r.headerNameIs("www-authenticate")) {
            auth.header(401, r, forwarding.on());
        } else if (r.statusCode() >= 300 && r.statusCode() < 400 && easy.info.redirectUrl == null
                && r.headerNameIs("location") && !r.headerValue().isEmpty()) {
            // the first Location of a 3xx, where libcurl would go (it follows no redirect here)
            easy.info.redirectUrl = url.redirect(r.headerValue());
        }
    }

    /** The final response's head is in: decide, then go on sending or stop. Returns whether to go on. */
    private boolean finalResponse() {
        if (!finalResponseChecks() || host.webSocket().requested() && !redirecting && !authRetry
                && !host.webSocket().decide(codec.response(), host)) {
            return false;
        }
        if (!codec.sendDone()) {
            codec.stopWaiting100();
            host.expect100Timer(false);
            int code = codec.response().statusCode();
            if (code >= 300) {
                // An error before the body went out: stop sending, as curl does; the
                // connection is out of step and closes after this response.
                host.trace("Final response " + code + " before the upload completed; stop sending");
                codec.closeAfter();
                codec.stopSending();
            } else {
                // A 2xx while still uploading (a streaming server): keep sending.
                return continueSending();
            }
        }
        if (redirecting) {
            if (!codec.response().keepAlive() || !codec.reusable()) {
                // libcurl: the connection closes anyway, so the body is not read at all
                endHere();
                return false;
            }
            // read to its end, so the connection can carry the next request
            host.trace("Ignoring the response-body");
        }
        return true;
    }

    /**
     * What the options decide once the final response's head is in (curl's http_on_response):
     * CURLOPT_FAILONERROR, CURLOPT_MAXFILESIZE on the announced size, the time condition,
     * and a resumed download the server did not resume. Returns whether to go on.
     */
    private boolean finalResponseChecks() {
        ResponseView r = codec.response();
        int code = r.statusCode();
        if (code == 417 && codec.expect100() && !noExpect && codec.bodyRead() == 0) {
            // RFC 9110 section 10.1.1: the server refused the expectation; send the request again without it
            host.trace("Got HTTP failure 417 while sending data");
            noExpect = true;
            codec.closeAfter();
            host.startOver();
            return false;
        }
        if (redirects.wants(code, easy.info.redirectUrl)) {
            // followed: its body is ignored, so the checks on what a body would be do not apply
            // (libcurl's ignorebody: no size limit, no resume check)
            redirecting = true;
            return true;
        }
        if (code == 304 && easy.seldom.timeCondition != CURL_TIMECOND_NONE) {
            easy.info.conditionUnmet = true;
        }
        boolean resumeGet = easy.seldom.resumeFrom > 0 && !easy.upload && !easy.post && !headOnly;
        if (resumeGet && code == 416) {
            // "Range Not Satisfiable" to a resumed download: the file is complete; no error, no body
            host.trace("The entire document is already downloaded");
            endHere();
            return false;
        }
        if (code == 401) {
            easy.info.httpAuthAvail = auth.server.available();
        }
        if (auth.act(code, haveCredentials(),
                forwarding.on() && (forwarding.user() != null || forwarding.password() != null))) {
            // libcurl's Curl_http_auth_act: the same URL again, with the picked scheme
            host.trace("Ignoring the response-body");
            authRetry = true;
            return true;
        }
        if (easy.failOnError && code >= 400) {
            host.fail(CurlCode.CURLE_HTTP_RETURNED_ERROR, "The requested URL returned error: " + code);
            return false;
        }
        long cl = r.contentLength();
        if (easy.seldom.maxFileSize > 0 && (cl > easy.seldom.maxFileSize || r.contentLengthOverflow())) {
            host.fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
            return false;
        }
        if (easy.seldom.timeCondition != CURL_TIMECOND_NONE && easy.seldom.range == null && !headOnly
                && !HttpDate.meets(easy.seldom.timeCondition, easy.seldom.timeValue, lastModified)) {
            host.trace(easy.seldom.timeCondition == CURL_TIMECOND_IFUNMODSINCE ? "The requested document is not old enough"
                    : "The requested document is not new enough");
            host.trace("Simulate an HTTP 304 response");
            easy.info.responseCode = 304;
            easy.info.conditionUnmet = true;
            endHere();
            codec.stopSending();
            return false;
        }
        if (resumeGet && !contentRangeOk) {
            if (cl == easy.seldom.resumeFrom) {
                host.trace("The entire document is already downloaded");
                endHere();
                return false;
            }
            host.fail(CurlCode.CURLE_RANGE_ERROR, "HTTP server does not seem to support byte ranges. Cannot resume.");
            return false;
        }
        return true;
    }

    /** The response ends at its head: the rest is not read, and the connection closes. */
    private void endHere() {
        codec.endResponse();
        codec.closeAfter();
    }

    /** The body may now follow the head (100 Continue, or a 2xx while uploading): send within this run. */
    private boolean continueSending() {
        return host.sendNow() && host.performing();
    }

    // ---- the codec's other questions, answered by the transfer ----

    @Override
    public void firstByte() {
        host.firstByte();
    }

    @Override
    public int readBody(ByteBuffer dst) {
        return host.readBody(dst);
    }

    @Override
    public void waitingFor100() {
        host.expect100Timer(true);
    }

    @Override
    public boolean running() {
        return host.performing();
    }

    @Override
    public void fail(CurlCode code, String message) {
        host.fail(code, message);
    }

    @Override
    public void trace(String text) {
        host.trace(text);
    }

    @Override
    public boolean tracing() {
        return easy.verbose;
    }

    @Override
    public void runSoon() {
        host.runSoon();
    }
}
