package dev.hiper.curl;

/**
 * {@code CURLOPT_XFERINFOFUNCTION}: progress, called while the transfer runs (only with
 * {@code CURLOPT_NOPROGRESS} set to 0).
 */
@FunctionalInterface
public interface CurlXferInfoFunction {
    /** @return 0 to go on; anything else aborts with {@code CURLE_ABORTED_BY_CALLBACK} */
    int xferinfo(Object clientp, long dltotal, long dlnow, long ultotal, long ulnow);
}
