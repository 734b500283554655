package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.CURL_MAX_WRITE_SIZE;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.transfer.TransferInfo;
import java.nio.ByteBuffer;

/**
 * How a response's body reaches the application, whatever the HTTP version: through the codings
 * to undo ({@link BodyDecoding}), in pieces of at most {@code CURL_MAX_WRITE_SIZE}, up to
 * {@code CURLOPT_MAXFILESIZE} (what fits is delivered, then the transfer fails, as libcurl does),
 * within the receive rate limit, counted into the size downloaded; and trailer lines as libcurl
 * passes them on. Stateless: {@link HttpExchange} hands it what it needs on each call.
 */
public final class BodyDelivery {
    private BodyDelivery() {
    }

    /**
     * Hands body bytes at {@code in}'s position to the write callback; {@code ignored}: the body
     * of a 401 answered by sending again or of a 3xx followed, consumed unseen. Returns whether
     * to go on.
     */
    static boolean deliver(ByteBuffer in, ExchangeCodec codec, EasyHandle easy, ExchangeHost host,
            BodyDecoding decoding, boolean ignored) {
        ResponseView r = codec.response();
        if (ignored) {
            codec.consumeBody(in, r.bodyAvailable()); // a 401 answered by sending again, a 3xx followed
            return true;
        }
        if (decoding.active()) {
            return decoding.deliver(in, codec, easy, host);
        }
        TransferInfo info = easy.info;
        int n = Math.min(r.bodyAvailable(), CURL_MAX_WRITE_SIZE);
        boolean exceeds = false;
        if (easy.seldom.maxFileSize > 0 && info.sizeDownload + n > easy.seldom.maxFileSize) {
            // deliver up to the limit, then stop (curl's cw_download_write)
            n = (int) Math.max(0, easy.seldom.maxFileSize - info.sizeDownload);
            exceeds = true;
        }
        if (exceeds && n == 0) {
            failFileSize(easy, host);
            return false;
        }
        if (!host.recvWithinLimit()) {
            return false; // the bytes stay, as when paused, until the rate allows them
        }
        if (!host.writeBody(codec.bodyView(in, n), n)) {
            return false;
        }
        codec.consumeBody(in, n);
        info.sizeDownload += n;
        if (exceeds) {
            failFileSize(easy, host);
            return false;
        }
        return host.receiving();
    }

    private static void failFileSize(EasyHandle easy, ExchangeHost host) {
        host.fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Exceeded the maximum allowed file size (" + easy.seldom.maxFileSize
                + ") with " + easy.info.sizeDownload + " bytes");
    }

    /** A trailer line always ends in CRLF for the application, as libcurl passes trailers on. */
    public static ByteBuffer trailerLine(ByteBuffer line) {
        int n = line.remaining();
        if (n >= 2 && line.get(line.position() + n - 2) == '\r' || n == 0 || line.get(line.position() + n - 1) != '\n') {
            return line;
        }
        ByteBuffer out = ByteBuffer.allocate(n + 1);
        out.put(line.duplicate().limit(line.position() + n - 1)).put((byte) '\r').put((byte) '\n').flip();
        return out;
    }
}
