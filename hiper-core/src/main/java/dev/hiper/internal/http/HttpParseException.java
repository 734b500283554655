package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;

import java.util.Objects;

/**
 * A response could not be parsed, or ended where it must not. Carries the
 * libcurl result code the transfer fails with and the text for the transfer's
 * error buffer (the message libcurl's {@code failf()} would produce).
 */
public final class HttpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final CurlCode code;

    public HttpParseException(CurlCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The result code the transfer ends with. */
    public CurlCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "HttpParseException[" + code + "]: " + getMessage();
    }
}
