package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.CURLINFO_PRETRANSFER_TIME_T;

import dev.hiper.curl.CurlCode;
import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * One call of {@code send}/{@code sendAsync}: the request, its handler, the future the caller
 * holds, and the attempts made for it (the JDK's {@code MultiExchange}, in hiper's terms).
 *
 * <ol>
 *   <li>{@link #start}: the request timeout is armed (the client's own timer: it covers the time
 *       until the final response's head, as the JDK's does, which {@code CURLOPT_TIMEOUT_MS}
 *       cannot, since it would also cover the body); the first attempt goes to the engine, with
 *       the cookie handler's {@code Cookie} lines.
 *   <li>{@link #headReceived}: the head task is queued (user code: cookie handler, authenticator,
 *       body handler). A 401 with a Basic challenge, when the client has an authenticator, is
 *       discarded and tried again with the credentials it gives, at most 1 + {@value #AUTH_RETRIES}
 *       times (no credentials, or too many tries, fail the call as the JDK's client does); any
 *       other head goes to the handler's subscriber and ends the timeout. Credentials that worked
 *       are sent at once by later calls under the same directory, as the JDK's client does.
 *       A 3xx that the client's redirect policy follows ({@link RedirectHop}) is discarded in the
 *       same way, and the next attempt sends the request it names.
 *   <li>{@link #attemptDone}: the subscriber hears {@code onComplete} or {@code onError}; a
 *       discarded 401 or 3xx becomes the next attempt's {@code previousResponse}. A failure before
 *       any head fails the future.
 *   <li>The future completes when the subscriber's body does. Cancelling it aborts the transfer.
 * </ol>
 */
public final class RequestCall<T> {
    /**
     * Tries with new credentials after the first one fails, as the JDK's
     * {@code jdk.httpclient.auth.retrylimit} (so the authenticator is asked at most 4 times).
     */
    static final int AUTH_RETRIES = 3;

    private final ClientCore client;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;
    private final CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    private volatile Attempt current;
    private volatile boolean timedOut;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;
    private long startNanos;
    private int authTries;
    private int proxyAuthTries;
    /** The proxy credentials the authenticator gave for this call, and the proxy they are for. */
    private volatile PasswordAuthentication proxyAnswer;
    private volatile String proxyAnswerFor;
    private HttpResponse<T> previous;
    private int redirects;

    RequestCall(ClientCore client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        this.client = client;
        this.request = request;
        this.handler = handler;
    }

    Executor executor() {
        return client.config().executorOrDefault();
    }

    CompletableFuture<HttpResponse<T>> result() {
        return result;
    }

    /** Starts the first attempt (caller's thread). */
    void start() {
        startNanos = System.nanoTime();
        client.engine().callStarted();
        Optional<Duration> timeout = request.timeout();
        if (timeout.isPresent()) {
            long ms = Math.max(1, timeout.get().toMillis());
            timer = Workers.TIMER.schedule(this::onTimeout, ms, TimeUnit.MILLISECONDS);
        }
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelTimer();
                abortCurrent(CurlCode.CURLE_ABORTED_BY_CALLBACK);
            }
        });
        next(request, storedCredentials(request));
    }

    private PasswordAuthentication storedCredentials(HttpRequest r) {
        return client.config().authenticator() == null ? null : client.credentialsFor(r.uri());
    }

    /**
     * The credentials an attempt through {@code proxy} to {@code uri} sends at once: those the
     * authenticator gave this call for that proxy, else those the proxy took before; null when
     * the client has no authenticator, there is no proxy, or Basic is disabled for a request
     * like this one (engine thread).
     */
    PasswordAuthentication proxyCredentials(String proxy, URI uri) {
        if (client.config().authenticator() == null || proxy.isEmpty() || !ProxyAuth.basicAllowed(uri)) {
            return null;
        }
        return proxy.equals(proxyAnswerFor) ? proxyAnswer : client.proxyAuth.taken(proxy, uri);
    }

    private void next(HttpRequest target, PasswordAuthentication credentials) {
        List<String> cookies;
        try {
            cookies = cookieLines(target);
        } catch (IOException e) {
            fail(e);
            return;
        }
        Attempt a = new Attempt(this, client.engine(), target);
        current = a;
        try {
            client.engine().execute(() -> {
                // a timeout or a cancel that came while no transfer ran: it must not start
                if (timedOut) {
                    attemptFailed(a, CurlFailures.connectTimedOut(elapsedMillis()));
                } else if (result.isCancelled()) {
                    attemptFailed(a, new IOException("the request was cancelled"));
                } else {
                    a.start(client.config(), cookies, credentials);
                }
            });
        } catch (RuntimeException e) {
            fail(new IOException("the client is shut down", e));
        }
    }

    private List<String> cookieLines(HttpRequest target) throws IOException {
        if (client.config().cookieHandler() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> cookies = client.config().cookieHandler().get(target.uri(), target.headers().map());
        for (Map.Entry<String, List<String>> e : cookies.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Cookie") || e.getKey().equalsIgnoreCase("Cookie2")) {
                if (!e.getValue().isEmpty()) {
                    lines.add(e.getKey() + ": " + String.join("; ", e.getValue()));
                }
            }
        }
        return lines;
    }

    private void onTimeout() {
        timedOut = true;
        abortCurrent(CurlCode.CURLE_OPERATION_TIMEDOUT);
    }

    private void abortCurrent(CurlCode code) {
        Attempt a = current;
        if (a == null) {
            return;
        }
        try {
            client.engine().execute(() -> {
                // once the final head is in, the timeout no longer applies
                if (code != CurlCode.CURLE_OPERATION_TIMEDOUT) {
                    a.abort(code);
                } else if (a.easy != null && !a.finished() && (!a.head.complete() || a.followedUp())) {
                    // as the JDK's client: before the connection is up it is a connect timeout
                    Long sending = a.easy.getinfo(CURLINFO_PRETRANSFER_TIME_T);
                    a.timedOutByClient = true;
                    a.connectedAtTimeout = sending != null && sending > 0;
                    a.abort(code);
                }
            });
        } catch (RuntimeException e) {
            // the engine has stopped and aborted every transfer itself
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The final head of {@code a} is complete (engine thread). */
    void headReceived(Attempt a) {
        a.signals.execute(() -> onHead(a));
    }

    private void onHead(Attempt a) {
        ResponseHead head = a.head;
        HttpRequest sent = a.request;
        try {
            if (client.config().cookieHandler() != null) {
                client.config().cookieHandler().put(sent.uri(), head.headers().map());
            }
            int status = head.statusCode();
            if ((status == 401 || status == 407) && client.config().authenticator() != null && !result.isDone()) {
                // as the JDK's client: with an authenticator, a 401 or 407 must say how to answer it
                String name = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
                if (head.headers().allValues(name).isEmpty()) {
                    throw new IOException(name + " header missing for response code " + status);
                }
            }
            if (head.statusCode() == 407 && client.config().authenticator() != null && !result.isDone()
                    && ProxyAuth.forwarded(a.proxy, sent.uri())) {
                PasswordAuthentication pa = answerProxy(a, head);
                if (pa != null) {
                    a.retryWithProxy = pa;
                    a.subscribe(HttpResponse.BodySubscribers.discarding());
                    return;
                }
            }
            if (a.sentProxyCredentials != null && head.statusCode() != 407) {
                client.proxyAuth.took(a.proxy, sent.uri(), a.sentProxyCredentials);
            }
            if (head.statusCode() == 401 && ProxyAuth.basicRealm(head.headers(), "WWW-Authenticate") != null
                    && client.config().authenticator() != null
                    && !result.isDone()) {
                // as the JDK's client: an authenticator without an answer, or one whose answers
                // keep failing, ends the call with an IOException rather than the 401
                if (authTries > AUTH_RETRIES) {
                    throw new IOException("too many authentication attempts. Limit: " + AUTH_RETRIES);
                }
                PasswordAuthentication pa = askCredentials(sent, head);
                if (pa == null) {
                    throw new IOException("No credentials provided");
                }
                authTries++;
                a.retryWith = pa;
                a.subscribe(HttpResponse.BodySubscribers.discarding());
                return;
            }
            if (a.sentCredentials != null && head.statusCode() != 401) {
                client.rememberCredentials(sent.uri(), a.sentCredentials);
            }
            // (the headers are looked at only for a redirect the policy may follow)
            if (!result.isDone() && client.config().followRedirects() != HttpClient.Redirect.NEVER
                    && RedirectHop.followed(head.statusCode())) {
                HttpRequest to = RedirectHop.next(client.config().followRedirects(), sent, head.statusCode(),
                        head.headers(), redirects);
                if (to != null) {
                    redirects++;
                    a.redirectTo = to;
                    a.subscribe(HttpResponse.BodySubscribers.discarding());
                    return;
                }
            }
            cancelTimer();
            HttpResponse.BodySubscriber<T> s = handler.apply(head);
            a.subscribe(s);
            HttpResponse<T> prev = previous;
            s.getBody().whenComplete((body, e) -> {
                if (e != null) {
                    result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                } else {
                    result.complete(new HiperResponse<>(sent, head, body, prev));
                }
            });
        } catch (Throwable t) {
            a.cancelledBySubscriber = true;
            abortCurrent(CurlCode.CURLE_ABORTED_BY_CALLBACK);
            result.completeExceptionally(t);
        }
    }

    /**
     * A proxy's 407 with a challenge (to a forwarded request or to the CONNECT of a tunnel), the
     * client having an authenticator: as the JDK's client, returns null (the 407 is the answer)
     * without a Basic challenge or when Basic is disabled for such requests, else asks the
     * authenticator and returns what it gave, the credentials to send the request again with.
     */
    private PasswordAuthentication answerProxy(Attempt a, ResponseHead head) throws IOException {
        String realm = ProxyAuth.basicRealm(head.headers(), "Proxy-Authenticate");
        if (realm == null || !ProxyAuth.basicAllowed(a.request.uri())) {
            return null;
        }
        if (proxyAuthTries > AUTH_RETRIES) {
            throw new IOException("too many authentication attempts. Limit: " + AUTH_RETRIES);
        }
        if (a.sentProxyCredentials != null) {
            client.proxyAuth.refused(a.proxy, a.request.uri(), a.sentProxyCredentials);
        }
        PasswordAuthentication pa = ProxyAuth.ask(client.config().authenticator(), a.proxy, a.request, realm);
        if (pa == null) {
            throw new IOException("No credentials provided");
        }
        proxyAuthTries++;
        return pa;
    }

    /**
     * The proxy refused the CONNECT of {@code a}'s tunnel with a 407 (the transfer has ended):
     * as the JDK's client, with an authenticator that gives Basic credentials the request goes
     * again with them on a new tunnel, the 407 its previous response; otherwise the 407 is the
     * response, with the proxy's headers and a null body (the JDK's client neither reads the
     * proxy's body nor calls the body handler for it).
     */
    private void tunnelRefused(Attempt a, ResponseHead head) {
        try {
            if (client.config().authenticator() != null) {
                if (head.headers().allValues("Proxy-Authenticate").isEmpty()) {
                    throw new IOException("Proxy-Authenticate header missing for response code 407");
                }
                PasswordAuthentication pa = answerProxy(a, head);
                if (pa != null) {
                    previous = new HiperResponse<>(a.request, head, null, previous);
                    proxyAnswer = pa;
                    proxyAnswerFor = a.proxy;
                    next(a.request, a.sentCredentials);
                    return;
                }
            }
            cancelTimer();
            result.complete(new HiperResponse<>(a.request, head, null, previous));
            end();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private PasswordAuthentication askCredentials(HttpRequest sent, ResponseHead head) throws IOException {
        Authenticator auth = client.config().authenticator();
        URI uri = sent.uri();
        URL url = uri.toURL();
        int port = uri.getPort() >= 0 ? uri.getPort() : url.getDefaultPort();
        // the scheme in lower case, as the JDK's client passes it
        return auth.requestPasswordAuthenticationInstance(uri.getHost(), null, port, uri.getScheme(),
                ProxyAuth.basicRealm(head.headers(), "WWW-Authenticate"), "basic", url, Authenticator.RequestorType.SERVER);
    }

    /** {@code a}'s transfer ended with {@code code} (engine thread). */
    void attemptDone(Attempt a, CurlCode code) {
        IOException failure = code == CurlCode.CURLE_OK ? null : failureFor(a, code);
        a.signals.execute(() -> onAttemptDone(a, failure));
    }

    /** {@code a} could not start (engine thread). */
    void attemptFailed(Attempt a, IOException e) {
        a.signals.execute(() -> onAttemptDone(a, e));
    }

    private IOException failureFor(Attempt a, CurlCode code) {
        if (a.timedOutByClient) {
            return a.connectedAtTimeout ? CurlFailures.requestTimedOut(elapsedMillis(), a.received())
                    : CurlFailures.connectTimedOut(elapsedMillis());
        }
        Throwable up = a.uploadError();
        if (up != null) {
            return up instanceof IOException ? (IOException) up : new IOException(up.getMessage(), up);
        }
        if (code == CurlCode.CURLE_ABORTED_BY_CALLBACK) {
            if (result.isCancelled()) {
                return new IOException("the request was cancelled");
            }
            if (client.engine().isShutdown()) {
                return new IOException("the client was shut down");
            }
        }
        return CurlFailures.toException(code, a.easy.errorBuffer());
    }

    private void onAttemptDone(Attempt a, IOException failure) {
        Flow.Subscriber<List<ByteBuffer>> s = a.subscriber();
        ResponseHead refusal = a.connectRefusal;
        if (s == null && refusal != null && refusal.statusCode() == 407 && !a.timedOutByClient && !result.isDone()) {
            tunnelRefused(a, refusal);
            return;
        }
        if (s == null) {
            // no head was handed over: the call fails as a whole
            if (refusal != null && failure instanceof java.net.ConnectException) {
                // the proxy refused the tunnel: a plain IOException, as the JDK's client throws
                failure = new IOException(failure.getMessage(), failure);
            }
            fail(failure != null ? failure : new IOException("the transfer ended without a response"));
            return;
        }
        if (a.cancelledBySubscriber) {
            end();
            return;
        }
        if (failure != null) {
            cancelTimer();
            try {
                s.onError(failure);
            } catch (RuntimeException | Error e) {
                subscriberFailed(e);
            }
            if (a.followedUp()) {
                fail(failure);
            }
            end();
            return;
        }
        try {
            s.onComplete();
        } catch (RuntimeException | Error e) {
            subscriberFailed(e);
        }
        PasswordAuthentication pa = a.retryWith;
        PasswordAuthentication proxyPa = a.retryWithProxy;
        HttpRequest to = a.redirectTo;
        if (proxyPa != null) {
            previous = new HiperResponse<>(a.request, a.head, null, previous);
            proxyAnswer = proxyPa;
            proxyAnswerFor = a.proxy;
            next(a.request, a.sentCredentials);
        } else if (pa != null) {
            previous = new HiperResponse<>(a.request, a.head, null, previous);
            next(a.request, pa);
        } else if (to != null) {
            previous = new HiperResponse<>(a.request, a.head, null, previous);
            next(to, storedCredentials(to));
        } else {
            end();
        }
    }

    /** The body subscriber threw (on {@code signals}): the call fails with what it threw. */
    void subscriberFailed(Throwable t) {
        result.completeExceptionally(t);
    }

    private void fail(Throwable t) {
        cancelTimer();
        result.completeExceptionally(t);
        end();
    }

    /** No more transfers for this call (once). */
    private void end() {
        if (ended.compareAndSet(false, true)) {
            client.engine().callEnded();
        }
    }

    /**
     * A response as {@code send} and {@code sendAsync} return it: the final head, the body the
     * handler made, and the responses that led to it ({@link #previousResponse()}, bodies null).
     * {@link #sslSession()} is the session of the connection the final response came on.
     */
    static final class HiperResponse<T> implements HttpResponse<T> {
        private final HttpRequest request;
        private final ResponseHead head;
        private final T body;
        private final HttpResponse<T> previous;

        HiperResponse(HttpRequest request, ResponseHead head, T body, HttpResponse<T> previous) {
            this.request = request;
            this.head = head;
            this.body = body;
            this.previous = previous;
        }

        @Override
        public int statusCode() {
            return head.statusCode();
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.ofNullable(previous);
        }

        @Override
        public HttpHeaders headers() {
            return head.headers();
        }

        @Override
        public T body() {
            return body;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.ofNullable(head.sslSession);
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return head.version();
        }

        @Override
        public String toString() {
            return "(" + request.method() + " " + request.uri() + ") " + statusCode();
        }
    }
}
