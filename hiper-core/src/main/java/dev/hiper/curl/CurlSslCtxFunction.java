package dev.hiper.curl;

import javax.net.ssl.SSLContext;

/**
 * {@code CURLOPT_SSL_CTX_FUNCTION}: sees, and may replace, the {@link SSLContext} that hiper made
 * from a handle's TLS options, before the first connection that uses it. libcurl hands its TLS
 * library's context to adjust in place; a JDK {@code SSLContext} cannot be changed once made, so
 * this callback returns the context to use instead: the one it was given, or one of the
 * application's (with its own trust and key managers, for example a private CA's trust store).
 *
 * <p>With the application's context, its trust managers decide whether the server's
 * certificate chain is trusted ({@code CURLOPT_CAINFO}, {@code CAPATH} and
 * {@code SSL_VERIFYPEER} no longer apply) and its key managers present a client certificate;
 * hiper still checks the host name ({@code CURLOPT_SSL_VERIFYHOST}), the pinned key, the
 * protocol versions, the cipher suites and ALPN. A chain the trust managers refuse ends the
 * transfer with {@code CURLE_PEER_FAILED_VERIFICATION}.
 *
 * <p>hiper keeps one context per distinct set of TLS options (the callback and
 * {@code CURLOPT_SSL_CTX_DATA} among them) per multi, so the callback runs once for each such
 * set, not for every connection; connections made with the application's context are reused only
 * by transfers with the same callback and data.
 */
@FunctionalInterface
public interface CurlSslCtxFunction {
    /**
     * Gives the context for the handle's TLS connections.
     *
     * @param easy the handle whose transfer needs the first connection with these options
     * @param context the context hiper made from the handle's options
     * @param userptr the value of {@code CURLOPT_SSL_CTX_DATA}
     * @return the context to use; {@code context} or null keeps hiper's. A callback that throws
     *     ends the transfer with {@code CURLE_ABORTED_BY_CALLBACK}
     */
    SSLContext sslCtx(CurlEasy easy, SSLContext context, Object userptr);
}
