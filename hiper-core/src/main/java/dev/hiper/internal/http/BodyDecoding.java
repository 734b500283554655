package dev.hiper.internal.http;

import static dev.hiper.curl.Curl.CURL_MAX_WRITE_SIZE;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.decode.DecodeException;
import dev.hiper.internal.decode.DecoderChain;
import dev.hiper.internal.transfer.EasyHandle;
import java.nio.ByteBuffer;

/**
 * A response body whose codings are undone on the way to the write callback, whatever the HTTP
 * version: which codings apply ({@code Content-Encoding} when {@code CURLOPT_ACCEPT_ENCODING} is
 * set and {@code CURLOPT_HTTP_CONTENT_DECODING} is on; {@code Transfer-Encoding} when
 * {@code CURLOPT_TRANSFER_ENCODING} is), and the delivery of the decoded bytes in pieces of at
 * most {@code CURL_MAX_WRITE_SIZE}, {@code CURLOPT_MAXFILESIZE_LARGE} counting decoded bytes.
 *
 * <p>A pause keeps its place without holding the body: encoded bytes are copied into the chain
 * but marked as read at the codec only once everything they decoded to was delivered, so a
 * write callback that pauses gets the same body event again, and the chain first hands on what
 * it still holds. Lifecycle, per response: {@link #reset()} at its status line,
 * {@link #header} for each field, {@link #deliver} for its body events, {@link #finish} at its end
 * (and {@link #drain} after a pause there).
 */
final class BodyDecoding {
    private final DecoderChain chain = new DecoderChain();
    /** Encoded bytes copied into the chain and not yet marked as read at the codec. */
    private int fed;
    /** Decoded bytes delivered to the application in this response. */
    private long delivered;
    /** A read-only window on the chain's output, handed to the write callback. */
    private ByteBuffer window;
    private ByteBuffer windowOf;
    /** The body ended and decoded bytes still wait for the write callback (it paused). */
    private boolean draining;

    void reset() {
        chain.reset();
        draining = false;
        fed = 0;
        delivered = 0;
    }

    /** Whether the body goes through the decoders. */
    boolean active() {
        return chain.active();
    }

    /**
     * A header field of a final response with a body ({@code bodyless}: a HEAD, 1xx, 204 or
     * 304, whose codings do not apply). Returns whether to go on (false: the transfer failed).
     */
    boolean header(ResponseView r, EasyHandle easy, boolean bodyless, ExchangeHost host) {
        String error = null;
        if (bodyless) {
            return true;
        }
        if (r.headerNameIs("content-encoding")) {
            if (easy.acceptEncoding == null || !easy.contentDecoding) {
                return true;
            }
            error = chain.addContent(r.headerValue());
        } else if (r.headerNameIs("transfer-encoding")) {
            error = chain.addTransfer(r.headerValue(), easy.seldom.transferEncoding);
        }
        if (error != null) {
            host.fail(CurlCode.CURLE_BAD_CONTENT_ENCODING, error);
            return false;
        }
        return true;
    }

    /**
     * Body bytes at {@code in}'s position: decoded and handed to the write callback until they
     * are all used, the callback pauses, or the transfer fails. Returns whether to go on.
     */
    boolean deliver(ByteBuffer in, ExchangeCodec codec, EasyHandle easy, ExchangeHost host) {
        ResponseView r = codec.response();
        try {
            for (;;) {
                ByteBuffer out = chain.produce();
                if (out.hasRemaining()) {
                    if (!write(out, easy, host)) {
                        return false;
                    }
                    continue;
                }
                if (fed > 0) {
                    // everything these bytes decoded to is delivered: now they count as read
                    codec.consumeBody(in, fed);
                    easy.info.sizeDownload += fed;
                    fed = 0;
                }
                if (r.bodyAvailable() == 0) {
                    return host.receiving();
                }
                fed = chain.feed(codec.bodyView(in, r.bodyAvailable()));
            }
        } catch (DecodeException e) {
            host.fail(e.code(), e.getMessage());
            return false;
        }
    }

    /**
     * Hands at most CURL_MAX_WRITE_SIZE decoded bytes to the write callback. Returns whether to
     * go on. A piece that would pass CURLOPT_MAXFILESIZE_LARGE is not written (libcurl checks the
     * decoded bytes so before each write to the application).
     */
    private boolean write(ByteBuffer out, EasyHandle easy, ExchangeHost host) {
        int n = Math.min(out.remaining(), CURL_MAX_WRITE_SIZE);
        if (easy.seldom.maxFileSize > 0 && n > easy.seldom.maxFileSize - delivered) {
            host.fail(CurlCode.CURLE_FILESIZE_EXCEEDED, "Would have exceeded max file size");
            return false;
        }
        if (n > 0) {
            if (windowOf != out) {
                window = out.asReadOnlyBuffer();
                windowOf = out;
            }
            window.limit(out.position() + n).position(out.position());
            if (!host.writeBody(window, n)) {
                return false;
            }
            out.position(out.position() + n);
            delivered += n;
        }
        return host.receiving();
    }

    /**
     * The body ended: what a stage held back (br decodes only with enough input queued) is
     * decoded and written, then a stream cut short inside its coding fails the transfer.
     * Returns whether the transfer goes on; false when it failed, or when the write callback
     * paused with decoded bytes left ({@link #pending()}: {@link #drain} goes on after the pause).
     */
    boolean finish(ExchangeHost host) {
        chain.endOfInput();
        draining = true;
        return drain(host);
    }

    /** Whether decoded bytes wait for the write callback after the body's end (it paused). */
    boolean pending() {
        return draining;
    }

    /** Writes what the stages still give after the body's end, then checks the streams ended. */
    boolean drain(ExchangeHost host) {
        boolean over = true;
        try {
            for (;;) {
                ByteBuffer out = chain.produce();
                if (!out.hasRemaining()) {
                    break;
                }
                if (!write(out, host.easy(), host)) {
                    over = !host.performing(); // paused: the rest goes after the pause
                    return false;
                }
            }
            chain.finish();
            return true;
        } catch (DecodeException e) {
            host.fail(e.code(), e.getMessage());
            return false;
        } finally {
            if (over) {
                draining = false;
                chain.reset();
            }
        }
    }
}
