package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.http.Http1ResponseParser.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code CURLOPT_HTTP_TRANSFER_DECODING} 0 on the HTTP/1.1 parser: a chunked body is handed on
 * with its framing, the last chunk and the trailer section included, and ends where the chunks
 * say (the bytes after it stay for the next response); split at every byte, taken a byte at a
 * time or whole.
 */
class RawChunksTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** The body as handed on, then "|" and the bytes left in the buffer after DONE. */
    private static String parse(String response, int cut, boolean byteAtATime) throws HttpParseException {
        byte[] data = response.getBytes(StandardCharsets.ISO_8859_1);
        Http1ResponseParser p = new Http1ResponseParser();
        p.reset(false);
        p.configure(false, false, false);
        p.rawChunks(true);
        ByteBuffer buf = ByteBuffer.allocate(data.length);
        buf.flip();
        int fed = 0;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int steps = 0; steps < 100_000; steps++) {
            Event e = p.next(buf);
            if (e == Event.NEED_MORE) {
                if (fed == data.length) {
                    return "unfinished:" + body.toString(StandardCharsets.ISO_8859_1);
                }
                int to = fed < cut ? cut : data.length;
                buf.compact().put(data, fed, to - fed).flip();
                fed = to;
            } else if (e == Event.BODY) {
                int n = byteAtATime ? 1 : p.bodyAvailable();
                body.write(buf.array(), buf.position(), n);
                p.consumeBody(buf, n);
            } else if (e == Event.DONE) {
                byte[] left = new byte[buf.remaining()];
                buf.get(left);
                String rest = new String(left, StandardCharsets.ISO_8859_1)
                        + new String(data, fed, data.length - fed, StandardCharsets.ISO_8859_1);
                return body.toString(StandardCharsets.ISO_8859_1) + "|" + rest;
            }
        }
        return fail("no end");
    }

    private static void check(String body, String after) throws HttpParseException {
        String response = HEAD + body + after;
        String expected = body + "|" + after;
        for (int cut = 0; cut <= response.length(); cut++) {
            assertEquals(expected, parse(response, cut, false), "split at " + cut);
            assertEquals(expected, parse(response, cut, true), "split at " + cut + ", a byte at a time");
        }
    }

    @Test
    void theFramingGoesOnWithTheData() throws HttpParseException {
        check("18\r\nline 1\n line 2\n  line 3\n\r\n0\r\n\r\n", "");
    }

    @Test
    void extensionsTrailersAndBareLineFeedsAreBodyToo() throws HttpParseException {
        check("3;ext=1\r\nabc\r\n2\nde\n0\r\nX-Trailer: yes\r\nMore: 1\n\r\n", "");
        check("1\r\n\0\r\n0\n\n", "");
    }

    @Test
    void theBodyEndsWhereTheChunksSay() throws HttpParseException {
        check("4\r\nabcd\r\n0\r\n\r\n", "HTTP/1.1 200 OK\r\n");
    }

    @Test
    void aBadChunkSizeStillFails() {
        HttpParseException e = assertThrows(HttpParseException.class, () -> parse(HEAD + "zz\r\nab\r\n0\r\n\r\n", 0, false));
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
    }
}
