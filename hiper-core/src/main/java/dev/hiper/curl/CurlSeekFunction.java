package dev.hiper.curl;

/**
 * {@code CURLOPT_SEEKFUNCTION}: moves the upload's read position, so that a request can be sent
 * again (a server's 401 asking for credentials, a connection that died before the response).
 */
@FunctionalInterface
public interface CurlSeekFunction {
    /**
     * @param offset where to go
     * @param origin {@link Curl#SEEK_SET} (the only one hiper uses), {@code SEEK_CUR} or {@code SEEK_END}
     * @return {@link Curl#CURL_SEEKFUNC_OK}, {@link Curl#CURL_SEEKFUNC_FAIL} (fails the transfer) or
     *     {@link Curl#CURL_SEEKFUNC_CANTSEEK} (the data cannot be sent again)
     */
    int seek(Object userdata, long offset, int origin);
}
