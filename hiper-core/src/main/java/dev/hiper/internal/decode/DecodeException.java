package dev.hiper.internal.decode;

import dev.hiper.curl.CurlCode;
import java.util.Objects;

/**
 * An encoded body could not be decoded: the result code the transfer ends with and the text of
 * its error buffer. {@code CURLE_BAD_CONTENT_ENCODING} (61) for a stream that is not what its
 * header says; {@code CURLE_WRITE_ERROR} (23) for bytes after the end of a stream, as libcurl
 * reports them.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CurlCode code;

    public DecodeException(CurlCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A stream that breaks its format: 61, with libcurl's prefix before the decoder's reason. */
    static DecodeException corrupt(String reason) {
        return new DecodeException(CurlCode.CURLE_BAD_CONTENT_ENCODING,
                "Error while processing content unencoding: "
                        + (reason != null ? reason : "Unknown failure within decompression software."));
    }

    /** The result code the transfer ends with. */
    public CurlCode code() {
        return code;
    }
}
