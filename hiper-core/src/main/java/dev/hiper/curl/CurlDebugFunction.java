package dev.hiper.curl;

import java.nio.ByteBuffer;

/** {@code CURLOPT_DEBUGFUNCTION}: receives the trace that {@code CURLOPT_VERBOSE} enables. */
@FunctionalInterface
public interface CurlDebugFunction {
    /**
     * Receives one piece of the trace.
     *
     * @param easy the transfer being traced
     * @param type what kind of data it is
     * @param data the bytes, valid only during the call
     * @param userdata the value of {@code CURLOPT_DEBUGDATA}
     * @return 0
     */
    int debug(CurlEasy easy, CurlInfoType type, ByteBuffer data, Object userdata);
}
