package dev.hiper.curl;

import java.nio.ByteBuffer;

/**
 * {@code CURLOPT_WRITEFUNCTION}: receives the response body.
 *
 * <p>{@code data} is read-only and valid only during the call; at most
 * {@link Curl#CURL_MAX_WRITE_SIZE} bytes are passed at a time.
 */
@FunctionalInterface
public interface CurlWriteFunction {
    /**
     * Receives the next piece of the body.
     *
     * @param data the bytes, read-only and valid only during the call
     * @param userdata the value of {@code CURLOPT_WRITEDATA}
     * @return the number of bytes taken: all of {@code data.remaining()}; anything else fails
     *     the transfer with {@code CURLE_WRITE_ERROR}, except {@link Curl#CURL_WRITEFUNC_PAUSE},
     *     which pauses receiving and hands the same data again after unpausing
     */
    int write(ByteBuffer data, Object userdata);
}
