package dev.hiper.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_HEADERFUNCTION}: receives each response header line whole, the line end
 * included: status lines, header lines, the blank line that ends each response (interim 1xx
 * responses too) and trailers.
 */
@FunctionalInterface
public interface CurlHeaderFunction {
    /**
     * Receives one header line.
     *
     * @param line the whole line, CRLF included, valid only during the call
     * @param userdata the value of {@code CURLOPT_HEADERDATA}
     * @return {@code line.remaining()}, or {@link Curl#CURL_WRITEFUNC_PAUSE} to pause receiving (the
     *     same line comes again after unpausing); anything else fails the transfer with
     *     {@code CURLE_WRITE_ERROR}
     */
    int header(ByteBuffer line, Object userdata);
}
