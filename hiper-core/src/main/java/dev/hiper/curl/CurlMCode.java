package dev.hiper.curl;

/**
 * The result of a call on a {@link CurlMulti}: libcurl's {@code CURLMcode}, with libcurl's
 * numbers. It speaks for the multi as a whole; each transfer's own result comes out of
 * {@link CurlMulti#infoRead()}.
 */
public enum CurlMCode {
    /** Legacy; hiper never returns it. */
    CURLM_CALL_MULTI_PERFORM(-1, "Please call curl_multi_perform() soon"),
    /** Success. */
    CURLM_OK(0, "No error"),
    /** The multi was cleaned up already. */
    CURLM_BAD_HANDLE(1, "Invalid multi handle"),
    /** A null easy handle, or one that belongs to another multi. */
    CURLM_BAD_EASY_HANDLE(2, "Invalid easy handle"),
    /** libcurl could not allocate memory. */
    CURLM_OUT_OF_MEMORY(3, "Out of memory"),
    /** An internal error in libcurl. */
    CURLM_INTERNAL_ERROR(4, "Internal error"),
    /** A bad socket: null, or (for {@code assign}) one this multi does not watch now. */
    CURLM_BAD_SOCKET(5, "Invalid socket argument"),
    /** From {@link CurlMulti#setopt}: an option this build does not support. */
    CURLM_UNKNOWN_OPTION(6, "Unknown option"),
    /** From {@link CurlMulti#addHandle}: the easy handle is in a multi already. */
    CURLM_ADDED_ALREADY(7, "The easy handle is already added to a multi handle"),
    /**
     * A call into the multi from inside one of its callbacks (only {@code assign} and
     * {@code infoRead} are allowed there).
     */
    CURLM_RECURSIVE_API_CALL(8, "API function called from within callback"),
    /** From {@link CurlMulti#wakeup()}: the wake-up could not be sent. */
    CURLM_WAKEUP_FAILURE(9, "Wakeup is unavailable or failed"),
    /**
     * An argument out of range: an option value, a negative wait, an empty array for
     * {@code timeout(long[])}.
     */
    CURLM_BAD_FUNCTION_ARGUMENT(10, "A libcurl function was given a bad argument"),
    /** The socket or timer callback returned -1 (or threw): every transfer of the multi was aborted. */
    CURLM_ABORTED_BY_CALLBACK(11, "Operation was aborted by an application callback"),
    /**
     * Waiting for the sockets failed beyond recovery ({@code poll}, {@code await}, or a loop
     * driver's selector).
     */
    CURLM_UNRECOVERABLE_POLL(12, "Unrecoverable error in select/poll");

    private final int code;
    private final String text;

    CurlMCode(int code, String text) {
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
     * {@code curl_multi_strerror()}.
     *
     * @return the description of this code, as libcurl words it
     */
    public String strerror() {
        return text;
    }
}
