package dev.hiper.internal.multi;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlSocketFunction;
import dev.hiper.curl.CurlTimerFunction;
import dev.hiper.curl.MultiOption;
import dev.hiper.internal.conn.ConnectionCache;

/**
 * A multi's options ({@code curl_multi_setopt}): each value is checked as libcurl checks it and
 * stored where it acts: the callbacks and their data in the {@link SocketTable} and the
 * {@link EngineTimers}, the connection limits in the {@link ConnectionCache}, the HTTP/2 sharing
 * settings here, read by the transfers through the engine.
 *
 * <p>Made with its engine; set between calls on the engine's thread (the engine checks the call
 * is allowed first). A refused value leaves the option as it was.
 */
final class MultiOptions {
    private final SocketTable table;
    private final EngineTimers timers;
    private final ConnectionCache cache;
    /** CURLMOPT_PIPELINING's CURLPIPE_MULTIPLEX bit, on by default as in libcurl 8. */
    boolean multiplex = true;
    /** CURLMOPT_MAX_CONCURRENT_STREAMS, 100 by default as in libcurl. */
    int maxConcurrentStreams = 100;

    MultiOptions(SocketTable table, EngineTimers timers, ConnectionCache cache) {
        this.table = table;
        this.timers = timers;
        this.cache = cache;
    }

    /** Sets one option; {@code CURLM_UNKNOWN_OPTION} or {@code CURLM_BAD_FUNCTION_ARGUMENT} when it cannot. */
    CurlMCode set(MultiOption<?> option, Object value) {
        if (option == null) {
            return CurlMCode.CURLM_UNKNOWN_OPTION;
        }
        if (value != null && !option.type().isInstance(value)) {
            return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
        }
        if (option == CURLMOPT_SOCKETFUNCTION) {
            table.socketFunction = (CurlSocketFunction) value;
        } else if (option == CURLMOPT_SOCKETDATA) {
            table.socketData = value;
        } else if (option == CURLMOPT_TIMERFUNCTION) {
            timers.timerFunction = (CurlTimerFunction) value;
        } else if (option == CURLMOPT_TIMERDATA) {
            timers.timerData = value;
        } else if (option == CURLMOPT_MAXCONNECTS || option == CURLMOPT_MAX_HOST_CONNECTIONS
                || option == CURLMOPT_MAX_TOTAL_CONNECTIONS) {
            long v = value == null ? 0 : (Long) value;
            if (v < 0) {
                return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
            }
            if (option == CURLMOPT_MAXCONNECTS) {
                cache.maxConnects = v;
            } else if (option == CURLMOPT_MAX_HOST_CONNECTIONS) {
                cache.maxHost = v;
            } else {
                cache.maxTotal = v;
            }
        } else if (option == CURLMOPT_PIPELINING) {
            long v = value == null ? 0 : (Long) value;
            if (v < 0 || v > 3) {
                return CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT;
            }
            // HTTP/1.1 pipelining is gone from libcurl too; CURLPIPE_MULTIPLEX shares HTTP/2 connections
            multiplex = (v & 2) != 0;
        } else if (option == CURLMOPT_MAX_CONCURRENT_STREAMS) {
            long v = value == null ? 100 : (Long) value;
            // libcurl takes anything outside 1..2^31-1 as its default
            maxConcurrentStreams = v < 1 || v > Integer.MAX_VALUE ? 100 : (int) v;
        } else {
            return CurlMCode.CURLM_UNKNOWN_OPTION;
        }
        return CurlMCode.CURLM_OK;
    }

}
