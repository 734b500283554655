package dev.hiper.curl;

/**
 * The result of a call on a {@link CurlUrlHandle}: libcurl's {@code CURLUcode}, with libcurl's
 * numbers.
 */
public enum CurlUCode {
    /** Success. */
    CURLUE_OK(0, "No error"),
    /** The handle was closed already. */
    CURLUE_BAD_HANDLE(1, "An invalid CURLU pointer was passed as argument"),
    /** No place to put the result. */
    CURLUE_BAD_PARTPOINTER(2, "An invalid 'part' argument was passed as argument"),
    /** The text is not a URL, or not a valid part. */
    CURLUE_MALFORMED_INPUT(3, "Malformed input to a URL function"),
    /** A port that is not a decimal number from 0 to 65535. */
    CURLUE_BAD_PORT_NUMBER(4, "Port number was not a decimal number between 0 and 65535"),
    /** A scheme libcurl does not know, without {@code CURLU_NON_SUPPORT_SCHEME}. */
    CURLUE_UNSUPPORTED_SCHEME(5, "Unsupported URL scheme"),
    /** Percent-decoding failed. */
    CURLUE_URLDECODE(6, "URL decode error, most likely because of rubbish in the input"),
    /** Out of memory. */
    CURLUE_OUT_OF_MEMORY(7, "A memory function failed"),
    /** User information with {@code CURLU_DISALLOW_USER}. */
    CURLUE_USER_NOT_ALLOWED(8, "Credentials was passed in the URL when prohibited"),
    /** A part number this build does not know. */
    CURLUE_UNKNOWN_PART(9, "An unknown part ID was passed to a URL API function"),
    /** The URL has no scheme. */
    CURLUE_NO_SCHEME(10, "No scheme part in the URL"),
    /** The URL has no user. */
    CURLUE_NO_USER(11, "No user part in the URL"),
    /** The URL has no password. */
    CURLUE_NO_PASSWORD(12, "No password part in the URL"),
    /** The URL has no login options. */
    CURLUE_NO_OPTIONS(13, "No options part in the URL"),
    /** The URL has no host. */
    CURLUE_NO_HOST(14, "No host part in the URL"),
    /** The URL has no port. */
    CURLUE_NO_PORT(15, "No port part in the URL"),
    /** The URL has no query (or an empty one). */
    CURLUE_NO_QUERY(16, "No query part in the URL"),
    /** The URL has no fragment. */
    CURLUE_NO_FRAGMENT(17, "No fragment part in the URL"),
    /** The host has no zone id. */
    CURLUE_NO_ZONEID(18, "No zoneid part in the URL"),
    /** A {@code file:} URL that is not valid. */
    CURLUE_BAD_FILE_URL(19, "Bad file:// URL"),
    /** A bad fragment. */
    CURLUE_BAD_FRAGMENT(20, "Bad fragment"),
    /** A bad host name. */
    CURLUE_BAD_HOSTNAME(21, "Bad hostname"),
    /** A bad IPv6 address. */
    CURLUE_BAD_IPV6(22, "Bad IPv6 address"),
    /** Bad login part. */
    CURLUE_BAD_LOGIN(23, "Bad login part"),
    /** A bad password. */
    CURLUE_BAD_PASSWORD(24, "Bad password"),
    /** A bad path. */
    CURLUE_BAD_PATH(25, "Bad path"),
    /** A bad query. */
    CURLUE_BAD_QUERY(26, "Bad query"),
    /** A bad scheme, or none where one is needed. */
    CURLUE_BAD_SCHEME(27, "Bad scheme"),
    /** The wrong number of slashes after the scheme. */
    CURLUE_BAD_SLASHES(28, "Unsupported number of slashes following scheme"),
    /** A bad user. */
    CURLUE_BAD_USER(29, "Bad user"),
    /** An international name this build cannot convert. */
    CURLUE_LACKS_IDN(30, "libcurl lacks IDN support"),
    /** A URL longer than libcurl takes. */
    CURLUE_TOO_LARGE(31, "A value or data field is larger than allowed");

    private final int code;
    private final String text;

    CurlUCode(int code, String text) {
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
     * {@code curl_url_strerror()}.
     *
     * @return the generic text for this code
     */
    public String strerror() {
        return text;
    }
}
