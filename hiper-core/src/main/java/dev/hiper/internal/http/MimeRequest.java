package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.CURLMIMEOPT_FORMESCAPE;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.mime.MimePost;
import dev.hiper.internal.mime.MimeTree;
import dev.hiper.internal.transfer.EasyHandle;

/**
 * A request whose body is a multipart ({@code CURLOPT_MIMEPOST}): its part headers made and its
 * reading rewound before each request, and the request's {@code Content-Type} line.
 */
final class MimeRequest {
    /** What {@link #prepare} answers when the transfer failed. */
    static final String FAILED = new String("failed");

    private MimeRequest() {
    }

    /** The {@code Content-Type} line of the multipart the handle POSTs; null when it posts none. */
    static String prepare(EasyHandle easy, ExchangeHost host) {
        MimeTree mime = MimePost.body(easy);
        if (mime == null) {
            return null;
        }
        if (!host.rewindMime(mime)) {
            return FAILED;
        }
        String error = mime.prepare(easy.httpHeaders, (easy.seldom.mimeOptions & CURLMIMEOPT_FORMESCAPE) != 0);
        if (error != null) {
            host.fail(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, error);
            return FAILED;
        }
        return mime.requestHeaders();
    }
}
