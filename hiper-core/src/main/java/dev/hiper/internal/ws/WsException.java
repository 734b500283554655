package dev.hiper.internal.ws;

import dev.hiper.curl.CurlCode;

/**
 * A WebSocket rule broken, by the peer (a frame that RFC 6455 section 5 forbids) or by the
 * application (flags that make no frame): the code and the message libcurl gives for it.
 */
public final class WsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient CurlCode code;

    public WsException(CurlCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The code the call or the transfer ends with. */
    public CurlCode code() {
        return code;
    }
}
