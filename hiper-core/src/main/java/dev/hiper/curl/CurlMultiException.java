package dev.hiper.curl;

/**
 * Thrown by the few multi methods that return a value instead of a {@link CurlMCode}
 * ({@link CurlMulti#timeout()}) when the call cannot be answered.
 */
public final class CurlMultiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final CurlMCode code;

    public CurlMultiException(CurlMCode code) {
        super(code + ": " + code.strerror());
        this.code = code;
    }

    public CurlMCode code() {
        return code;
    }
}
