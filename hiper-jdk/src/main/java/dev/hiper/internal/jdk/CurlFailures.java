package dev.hiper.internal.jdk;

import dev.hiper.curl.CurlCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a transfer's {@link CurlCode} into the exception the JDK's client throws for the same
 * failure, with libcurl's message ({@code errorBuffer()}, else the code's strerror) as its detail:
 *
 * <table>
 *   <caption>CURLcode to exception</caption>
 *   <tr><th>code</th><th>exception</th></tr>
 *   <tr><td>OPERATION_TIMEDOUT (only the connect timeout is hiper's)</td><td>{@link HttpConnectTimeoutException}</td></tr>
 *   <tr><td>COULDNT_CONNECT, COULDNT_RESOLVE_HOST, INTERFACE_FAILED</td><td>{@link ConnectException}</td></tr>
 *   <tr><td>SSL_CONNECT_ERROR, PEER_FAILED_VERIFICATION, SSL_* set-up and pinning</td><td>{@link SSLHandshakeException}</td></tr>
 *   <tr><td>WEIRD_SERVER_REPLY, UNSUPPORTED_PROTOCOL (a bad status line), TOO_LARGE</td><td>{@link ProtocolException}</td></tr>
 *   <tr><td>anything else</td><td>{@link IOException}</td></tr>
 * </table>
 * The request timeout is the client's own timer, not {@code CURLOPT_TIMEOUT_MS}: it ends with an
 * {@link HttpTimeoutException} made by {@link #requestTimedOut}, or, when it comes before the
 * connection is up, an {@link HttpConnectTimeoutException} made by {@link #connectTimedOut}, as the
 * JDK's client does.
 */
final class CurlFailures {
    private CurlFailures() {
    }

    /** The exception for a transfer that ended with {@code code}; {@code message} may be empty. */
    static IOException toException(CurlCode code, String message) {
        String detail = message == null || message.isEmpty() ? code.strerror() : message;
        switch (code) {
            case CURLE_OPERATION_TIMEDOUT:
                return new HttpConnectTimeoutException(detail);
            case CURLE_COULDNT_CONNECT:
            case CURLE_COULDNT_RESOLVE_HOST:
            case CURLE_INTERFACE_FAILED:
                return new ConnectException(detail);
            case CURLE_SSL_CONNECT_ERROR:
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CACERT_BADFILE:
            case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            case CURLE_SSL_CLIENTCERT:
            case CURLE_SSL_CIPHER:
            case CURLE_SSL_CERTPROBLEM:
                return new SSLHandshakeException(detail);
            case CURLE_WEIRD_SERVER_REPLY:
            case CURLE_UNSUPPORTED_PROTOCOL:
            case CURLE_TOO_LARGE:
                return new ProtocolException(detail);
            default:
                return new IOException(detail);
        }
    }

    /** The request timeout's exception, worded as libcurl words its own. */
    static HttpTimeoutException requestTimedOut(long millis, long received) {
        return new HttpTimeoutException("Operation timed out after " + millis + " milliseconds with "
                + received + " bytes received");
    }

    /** The request timeout's exception when it came before the connection was up, as libcurl words it. */
    static HttpConnectTimeoutException connectTimedOut(long millis) {
        return new HttpConnectTimeoutException("Connection timed out after " + millis + " milliseconds");
    }

    /**
     * A copy of {@code e} of the same kind with the caller's stack, for {@code send}, which
     * rethrows what failed on another thread as the JDK's client does; {@code e} is its cause.
     */
    static IOException copyForCaller(IOException e) {
        String m = e.getMessage();
        IOException copy;
        if (e instanceof HttpConnectTimeoutException) {
            copy = new HttpConnectTimeoutException(m);
        } else if (e instanceof HttpTimeoutException) {
            copy = new HttpTimeoutException(m);
        } else if (e instanceof ConnectException) {
            copy = new ConnectException(m);
        } else if (e instanceof SSLHandshakeException) {
            copy = new SSLHandshakeException(m);
        } else if (e instanceof SSLException) {
            copy = new SSLException(m);
        } else if (e instanceof ProtocolException) {
            copy = new ProtocolException(m);
        } else if (e.getClass() == IOException.class) {
            copy = new IOException(m);
        } else {
            return e;
        }
        copy.initCause(e);
        return copy;
    }
}
