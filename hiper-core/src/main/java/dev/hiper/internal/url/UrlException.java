package dev.hiper.internal.url;

import dev.hiper.curl.CurlCode;

import java.util.Objects;

/**
 * A URL that {@link CurlUrl#parse(String)} refused.
 *
 * <p>{@link #code()} is the {@link CurlCode} the transfer fails with (libcurl maps every
 * syntax problem to {@link CurlCode#CURLE_URL_MALFORMAT}); {@link #getMessage()} is the
 * text libcurl would put in the error buffer, for example
 * {@code "URL rejected: Bad hostname"}.
 */
public final class UrlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CurlCode code;

    public UrlException(CurlCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The result code of the failed transfer. */
    public CurlCode code() {
        return code;
    }
}
