package dev.hiper.curl;

/**
 * {@code CURLOPT_SEEKFUNCTION}: moves the upload source that the read callback reads from.
 *
 * <p>hiper calls it when a request has to be sent again from the start (a reused connection died
 * before any response, or a 401 picked an authentication scheme to answer with) after the read
 * callback already gave body bytes away: with
 * {@code offset} 0 and {@code origin} {@link Curl#SEEK_SET}. Without this callback such a
 * request is not sent again and the transfer fails with {@code CURLE_SEND_FAIL_REWIND}, so no
 * body byte is ever lost or sent twice. Bodies set with {@code CURLOPT_POSTFIELDS} are held by
 * hiper and always rewind.
 */
@FunctionalInterface
public interface CurlSeekFunction {
    /**
     * @param userdata the {@code CURLOPT_SEEKDATA} object
     * @param offset where to go, relative to {@code origin}
     * @param origin {@link Curl#SEEK_SET}, {@link Curl#SEEK_CUR} or {@link Curl#SEEK_END}
     * @return {@link Curl#CURL_SEEKFUNC_OK}; {@link Curl#CURL_SEEKFUNC_FAIL} or
     *     {@link Curl#CURL_SEEKFUNC_CANTSEEK} fail the transfer with
     *     {@code CURLE_SEND_FAIL_REWIND} (an exception counts as {@code CURL_SEEKFUNC_FAIL})
     */
    int seek(Object userdata, long offset, int origin);
}
