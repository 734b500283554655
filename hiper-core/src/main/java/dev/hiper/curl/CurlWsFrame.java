package dev.hiper.curl;

/**
 * {@code struct curl_ws_frame}: what {@link CurlEasy#wsMeta()} says about the WebSocket frame
 * whose payload bytes were handed over last (to the write callback, or by
 * {@link CurlEasy#wsRecv}).
 *
 * <p>A frame larger than one delivery comes in pieces: {@code offset} is where this piece starts
 * in the frame's payload, {@code len} its size, {@code bytesleft} what of the frame is still to
 * come. A message split into several frames has {@link Curl#CURLWS_CONT} on every frame but the
 * last.
 *
 * @param age the struct's version, 0
 * @param flags {@code CURLWS_TEXT}, {@code CURLWS_BINARY}, {@code CURLWS_CLOSE},
 *     {@code CURLWS_PING} or {@code CURLWS_PONG}, with {@code CURLWS_CONT} while the message goes
 *     on in a later frame
 * @param offset the payload offset of these bytes within their frame
 * @param bytesleft the payload bytes of the frame still to come after these
 * @param len the size of this piece
 */
public record CurlWsFrame(int age, int flags, long offset, long bytesleft, long len) {
}
