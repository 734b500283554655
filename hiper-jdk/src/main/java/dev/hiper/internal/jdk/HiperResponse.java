package dev.hiper.internal.jdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A response as {@code send} and {@code sendAsync} return it: the final head, the body the
 * handler made, and the responses that led to it ({@link #previousResponse()}, bodies null).
 *
 * <p>{@link #sslSession()} is empty: hiper-core's public API has no way to reach the TLS session
 * of a transfer yet.
 */
final class HiperResponse<T> implements HttpResponse<T> {
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
        return Optional.empty();
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
