package dev.hiper.internal.http;

import java.nio.ByteBuffer;

/**
 * The response as it is being read, whatever the HTTP version: the status, the current header
 * line, the framing's counts. {@link Http1ResponseParser} is the HTTP/1.1 one; an HTTP/2 stream
 * gives the same answers from its HEADERS and DATA frames (with header lines made up the way
 * libcurl shows them, {@code "HTTP/2 200\r\n"}, {@code "name: value\r\n"}).
 *
 * <p>Valid between the codec's events: a header accessor speaks of the line of the last
 * {@code HEADER} or {@code TRAILER} event, {@link #bodyAvailable()} of the last {@code BODY} one.
 */
public interface ResponseView {
    /** The status code, 0 before the status line. */
    int statusCode();

    /** The minor HTTP version (0 for HTTP/1.0, 1 for HTTP/1.1 and later versions). */
    int httpMinorVersion();

    /** Whether the response is HTTP/0.9 (a body without a head). */
    boolean http09();

    /** Whether the current head is an interim (1xx) response. */
    boolean interim();

    /** The current line as received (status, header or trailer line, with its line end). */
    ByteBuffer line();

    /** Whether the current header's name is {@code lower} (ASCII case-insensitive). */
    boolean headerNameIs(String lower);

    /** The current header's value, trimmed. */
    String headerValue();

    /** Whether the current header's value equals {@code v}, without making a String. */
    boolean headerValueIs(String v);

    /** The announced body length, -1 when none was. */
    long contentLength();

    /** A Content-Length too large for 63 bits was announced (then {@link #contentLength()} is -1). */
    default boolean contentLengthOverflow() {
        return false;
    }

    /** Whether the connection may carry another exchange after this response. */
    boolean keepAlive();

    /** Body bytes at the input's position that belong to the body now. */
    int bodyAvailable();

    /** Body bytes seen so far (after transfer decoding). */
    long bodyBytes();

    /** Head bytes seen so far, every head of the exchange counted (CURLINFO_HEADER_SIZE). */
    long headerBytes();

    /** Whether any byte of a response arrived (a request that died before one may go again). */
    boolean anyBytesSeen();
}
