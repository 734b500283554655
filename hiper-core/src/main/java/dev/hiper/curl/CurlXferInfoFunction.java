package dev.hiper.curl;

/**
 * {@code CURLOPT_XFERINFOFUNCTION}: progress, called while the transfer runs (only with
 * {@code CURLOPT_NOPROGRESS} set to 0).
 */
@FunctionalInterface
public interface CurlXferInfoFunction {
    /**
     * Told how far the transfer has come.
     *
     * @param clientp the value of {@code CURLOPT_XFERINFODATA}
     * @param dltotal the bytes expected to download; 0 when not known
     * @param dlnow the bytes downloaded so far
     * @param ultotal the bytes expected to upload; 0 when not known
     * @param ulnow the bytes uploaded so far
     * @return 0 to go on; anything else aborts with {@code CURLE_ABORTED_BY_CALLBACK}
     */
    int xferinfo(Object clientp, long dltotal, long dlnow, long ultotal, long ulnow);
}
