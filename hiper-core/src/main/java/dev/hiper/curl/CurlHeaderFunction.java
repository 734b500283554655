package dev.hiper.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_HEADERFUNCTION}: receives each response header line whole, the line end
 * included: status lines, header lines, the blank line that ends each response (interim 1xx
 * responses too) and trailers.
 */
@FunctionalInterface
public interface CurlHeaderFunction {
    /** @return {@code line.remaining()}; anything else fails the transfer with {@code CURLE_WRITE_ERROR} */
    int header(ByteBuffer line, Object userdata);
}
