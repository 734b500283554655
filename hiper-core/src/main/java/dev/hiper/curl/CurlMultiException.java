package dev.hiper.curl;

/**
 * Thrown by the few multi methods that return a value instead of a {@link CurlMCode}
 * ({@link CurlMulti#timeout()}) when the call cannot be answered.
 */
public final class CurlMultiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The code the multi answered. */
    private final CurlMCode code;

    /**
     * An exception for {@code code}, its message the code's name and {@link CurlMCode#strerror()}.
     *
     * @param code the multi's answer
     */
    public CurlMultiException(CurlMCode code) {
        super(code + ": " + code.strerror());
        this.code = code;
    }

    /**
     * The code the multi answered.
     *
     * @return the code the call would have returned in C
     */
    public CurlMCode code() {
        return code;
    }
}
