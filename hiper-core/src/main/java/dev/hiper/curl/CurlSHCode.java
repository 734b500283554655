package dev.hiper.curl;

/**
 * The result of a call on a {@link CurlShare}: libcurl's {@code CURLSHcode}, with libcurl's
 * numbers.
 */
public enum CurlSHCode {
    /** Success. */
    CURLSHE_OK(0, "No error"),
    /** An option or a {@code CURL_LOCK_DATA_*} value this build does not know. */
    CURLSHE_BAD_OPTION(1, "Unknown share option"),
    /** Easy handles still use the share: it cannot be changed or cleaned up now. */
    CURLSHE_IN_USE(2, "Share currently in use"),
    /** The share was cleaned up already, or is null. */
    CURLSHE_INVALID(3, "Invalid share handle"),
    /** Out of memory. */
    CURLSHE_NOMEM(4, "Out of memory"),
    /** Data of a kind this build does not have (HSTS). */
    CURLSHE_NOT_BUILT_IN(5, "Feature not enabled in this library");

    private final int code;
    private final String text;

    CurlSHCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /**
     * The number a C program sees.
     *
     * @return libcurl's number for this code
     */
    public int code() {
        return code;
    }

    /**
     * {@code curl_share_strerror()}.
     *
     * @return the description of this code, as libcurl words it
     */
    public String strerror() {
        return text;
    }
}
