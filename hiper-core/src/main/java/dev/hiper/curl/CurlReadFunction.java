package dev.hiper.curl;

import java.nio.ByteBuffer;

/** {@code CURLOPT_READFUNCTION}: supplies the request body of an upload. */
@FunctionalInterface
public interface CurlReadFunction {
    /**
     * @param dst where to put the data; put at most {@code dst.remaining()} bytes
     * @param userdata the value of {@code CURLOPT_READDATA}
     * @return the number of bytes put in {@code dst}, 0 at the end of the data,
     *     {@link Curl#CURL_READFUNC_ABORT} to abort, {@link Curl#CURL_READFUNC_PAUSE} to pause
     */
    int read(ByteBuffer dst, Object userdata);
}
