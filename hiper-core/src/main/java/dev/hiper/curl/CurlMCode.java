package dev.hiper.curl;

/**
 * The result of a call on a {@link CurlMulti}: libcurl's {@code CURLMcode}, with libcurl's
 * numbers. It speaks for the multi as a whole; each transfer's own result comes out of
 * {@link CurlMulti#infoRead()}.
 */
public enum CurlMCode {
    /** Legacy; hiper never returns it. */
    CURLM_CALL_MULTI_PERFORM(-1, "Please call curl_multi_perform() soon"),
    CURLM_OK(0, "No error"),
    CURLM_BAD_HANDLE(1, "Invalid multi handle"),
    CURLM_BAD_EASY_HANDLE(2, "Invalid easy handle"),
    CURLM_OUT_OF_MEMORY(3, "Out of memory"),
    CURLM_INTERNAL_ERROR(4, "Internal error"),
    CURLM_BAD_SOCKET(5, "Invalid socket argument"),
    CURLM_UNKNOWN_OPTION(6, "Unknown option"),
    CURLM_ADDED_ALREADY(7, "The easy handle is already added to a multi handle"),
    CURLM_RECURSIVE_API_CALL(8, "API function called from within callback"),
    CURLM_WAKEUP_FAILURE(9, "Wakeup is unavailable or failed"),
    CURLM_BAD_FUNCTION_ARGUMENT(10, "A libcurl function was given a bad argument"),
    CURLM_ABORTED_BY_CALLBACK(11, "Operation was aborted by an application callback"),
    CURLM_UNRECOVERABLE_POLL(12, "Unrecoverable error in select/poll");

    private final int code;
    private final String text;

    CurlMCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** libcurl's number for this code. */
    public int code() {
        return code;
    }

    /** The description, as {@code curl_multi_strerror()} gives it. */
    public String strerror() {
        return text;
    }
}
