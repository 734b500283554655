package dev.hiper.internal.conn;

import dev.hiper.curl.CurlCode;
import java.io.IOException;

/**
 * A failure inside a connection filter that knows its libcurl code (a TLS handshake failure is
 * 35, a certificate problem 60, ...). The message names the cause; the transfer ends with
 * {@link #code()} and puts the message in the error buffer.
 */
public final class FilterException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient CurlCode code;

    public FilterException(CurlCode code, String message) {
        super(message);
        this.code = code;
    }

    public FilterException(CurlCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public CurlCode code() {
        return code;
    }
}
