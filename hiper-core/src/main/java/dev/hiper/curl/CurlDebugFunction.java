package dev.hiper.curl;

import java.nio.ByteBuffer;

/** {@code CURLOPT_DEBUGFUNCTION}: receives the trace that {@code CURLOPT_VERBOSE} enables. */
@FunctionalInterface
public interface CurlDebugFunction {
    /** @return 0 */
    int debug(CurlEasy easy, CurlInfoType type, ByteBuffer data, Object userdata);
}
