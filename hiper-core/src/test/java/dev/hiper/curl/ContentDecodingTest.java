package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CURLOPT_ACCEPT_ENCODING}, {@code CURLOPT_HTTP_CONTENT_DECODING} and
 * {@code CURLOPT_TRANSFER_ENCODING} against the scripted server: the request lines, bodies in
 * gzip and deflate with Content-Length, chunked or close framing and in dribbles, a pausing
 * write callback, the hostile shapes (unknown, corrupt, cut-short codings, too many codings, a
 * transfer coding not asked for) and a bomb under {@code CURLOPT_MAXFILESIZE_LARGE}.
 */
@Timeout(60)
class ContentDecodingTest {
    static final byte[] TEXT = ("<p>hello, decoded world</p>\n".repeat(300)).getBytes(StandardCharsets.US_ASCII);

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(b, new Deflater(6, raw))) {
            z.write(data);
        }
        return b.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p, 0, p.length);
        }
        return b.toByteArray();
    }

    static Action withLength(String headers, byte[] body) {
        return Action.respond(concat(ascii("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + body.length
                + "\r\n\r\n"), body));
    }

    private CurlEasy compressed(String path, Sink sink) {
        CurlEasy e = easy(server.url(path), sink);
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_ACCEPT_ENCODING, ""));
        return e;
    }

    private String head() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server recorded the request");
        return ascii(r.head());
    }

    @Test
    void gzipAndDeflateAreUndoneAndAskedFor() throws Exception {
        server.enqueue(withLength("Content-Encoding: gzip\r\n", gzip(TEXT)));
        server.enqueue(withLength("Content-Encoding: deflate\r\n", deflate(TEXT, false)));
        server.enqueue(withLength("Content-Encoding: deflate\r\n", deflate(TEXT, true)));
        for (int i = 0; i < 3; i++) {
            Sink sink = new Sink();
            try (CurlEasy easy = compressed("/z" + i, sink)) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertArrayEquals(TEXT, sink.bytes(), "response " + i);
                assertTrue(easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T) < TEXT.length,
                        "the download size counts the bytes as they came");
            }
            String h = head();
            // br and zstd too: org.brotli:dec and aircompressor, optional dependencies, are on the test class path
            assertTrue(h.contains("\r\nAccept: */*\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n"), h);
        }
    }

    @Test
    void zstdOverChunkedFraming() throws Exception {
        byte[] data = randomText(300_000);
        io.airlift.compress.zstd.ZstdCompressor c = new io.airlift.compress.zstd.ZstdCompressor();
        byte[] buf = new byte[c.maxCompressedLength(data.length)];
        byte[] z = Arrays.copyOf(buf, c.compress(data, 0, data.length, buf, 0, buf.length));
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(z.length) + "\r\n"), z,
                ascii("\r\n0\r\n\r\n"))));
        Sink sink = new Sink();
        try (CurlEasy easy = compressed("/zstd", sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertArrayEquals(data, sink.bytes());
    }

    @Test
    void chunkedCloseDelimitedAndDribbledBodies() throws Exception {
        byte[] z = gzip(TEXT);
        int half = z.length / 2;
        String chunked = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n";
        server.enqueue(Action.respond(concat(ascii(chunked + Integer.toHexString(half) + "\r\n"),
                Arrays.copyOf(z, half), ascii("\r\n" + Integer.toHexString(z.length - half) + "\r\n"),
                Arrays.copyOfRange(z, half, z.length), ascii("\r\n0\r\n\r\n"))));
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"), z)),
                Action.close());
        server.enqueue(Action.respond(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                + z.length + "\r\n\r\n")), Action.drip(z, 1));
        for (int i = 0; i < 3; i++) {
            Sink sink = new Sink();
            try (CurlEasy easy = compressed("/f" + i, sink)) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertArrayEquals(TEXT, sink.bytes(), "response " + i);
            }
        }
    }

    @Test
    void withoutTheOptionOrWithDecodingOffTheBodyPassesAsItCame() throws Exception {
        byte[] z = gzip(TEXT);
        server.enqueue(withLength("Content-Encoding: gzip\r\n", z));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", z));
        Sink plain = new Sink();
        try (CurlEasy easy = easy(server.url("/raw"), plain)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertArrayEquals(z, plain.bytes());
        assertFalse(head().contains("Accept-Encoding"), "no Accept-Encoding without the option");
        Sink off = new Sink();
        try (CurlEasy easy = compressed("/off", off)) {
            easy.setopt(CURLOPT_HTTP_CONTENT_DECODING, 0L);
            easy.setopt(CURLOPT_ACCEPT_ENCODING, "gzip");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertArrayEquals(z, off.bytes());
        assertTrue(head().contains("\r\nAccept-Encoding: gzip\r\n"));
    }

    @Test
    void stackedCodingsAndLibcurlsLimit() throws Exception {
        server.enqueue(withLength("Content-Encoding: deflate\r\nContent-Encoding: identity, gzip\r\n",
                gzip(deflate(TEXT, false))));
        server.enqueue(withLength("Content-Encoding: gzip, gzip, gzip\r\nContent-Encoding: gzip,gzip,gzip\r\n",
                gzip(TEXT)));
        Sink sink = new Sink();
        try (CurlEasy easy = compressed("/stack", sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertArrayEquals(TEXT, sink.bytes());
        try (CurlEasy easy = compressed("/six", new Sink())) {
            assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, easy.perform());
            assertEquals("Reject response exceeding limit of 5 content encodings", easy.errorBuffer());
        }
    }

    @Test
    void hostileCodings() throws Exception {
        byte[] z = gzip(TEXT);
        byte[] corrupt = z.clone();
        corrupt[12] ^= 0x55;
        server.enqueue(withLength("Content-Encoding: br2\r\n", TEXT));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", Arrays.copyOf(z, z.length - 6)));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", corrupt));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", ascii("plain text, not gzip")));
        String[] messages = {"Unrecognized content encoding type",
            "Error while processing content unencoding: the compressed stream ended early",
            "Error while processing content unencoding: ", "Error while processing content unencoding: "};
        for (int i = 0; i < messages.length; i++) {
            try (CurlEasy easy = compressed("/bad" + i, new Sink())) {
                assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, easy.perform(), "response " + i);
                assertTrue(easy.errorBuffer().startsWith(messages[i]), easy.errorBuffer());
            }
        }
        // an unknown coding on a response without a body is no error
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Encoding: br2\r\nContent-Length: 40\r\n\r\n"));
        try (CurlEasy easy = compressed("/head", new Sink())) {
            easy.setopt(CURLOPT_NOBODY, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
    }

    @Test
    void transferEncodingAskedForAndNot() throws Exception {
        byte[] z = gzip(TEXT);
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), z)),
                Action.close());
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), z)),
                Action.close());
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/te"), sink)) {
            easy.setopt(CURLOPT_TRANSFER_ENCODING, 1L);
            easy.setopt(CURLOPT_HTTPHEADER, java.util.List.of("Connection: keep-alive"));
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertArrayEquals(TEXT, sink.bytes());
        String h = head();
        assertTrue(h.contains("\r\nAccept: */*\r\nTE: gzip\r\n"), h);
        assertTrue(h.endsWith("\r\nConnection: keep-alive, TE\r\n\r\n"), h);
        try (CurlEasy easy = easy(server.url("/unasked"), new Sink())) {
            assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, easy.perform());
            assertEquals("Unsolicited Transfer-Encoding (gzip) found", easy.errorBuffer());
        }
    }

    @Test
    void pausingWriteCallbackGetsEveryDecodedByteInOrder() throws Exception {
        byte[] data = randomText(400_000);
        byte[] z = gzip(data);
        server.enqueue(Action.respond(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                + z.length + "\r\n\r\n")), Action.drip(z, 0));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", z));
        for (int i = 0; i < 2; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] paused = {false};
            int[] pauses = {0};
            try (PauseDriver d = new PauseDriver(); CurlEasy easy = compressed("/p" + i, null)) {
                easy.setopt(CURLOPT_WRITEFUNCTION, Http1ResponseTest.pausing(out, paused, 3, pauses));
                assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            }
            assertTrue(pauses[0] >= 5, "paused " + pauses[0]);
            assertArrayEquals(data, out.toByteArray(), "response " + i);
        }
    }

    static byte[] randomText(int n) {
        byte[] b = randomBytes(n, 7);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (b[i] & 0x0f)); // compressible, yet not trivially
        }
        return b;
    }

    @Test
    void bombIsCountedInBoundedPiecesAndStoppedByTheFileSizeLimit() throws Exception {
        long size = 64L << 20;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            byte[] zeros = new byte[1 << 16];
            for (long left = size; left > 0; left -= zeros.length) {
                z.write(zeros);
            }
        }
        byte[] bomb = b.toByteArray();
        server.enqueue(withLength("Content-Encoding: gzip\r\n", bomb));
        server.enqueue(withLength("Content-Encoding: gzip\r\n", bomb));
        long[] total = {0};
        int[] biggest = {0};
        try (CurlEasy easy = compressed("/bomb", null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                int n = data.remaining();
                biggest[0] = Math.max(biggest[0], n);
                total[0] += n;
                data.position(data.limit());
                return n;
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals((long) bomb.length, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
        assertEquals(size, total[0]);
        assertTrue(biggest[0] <= CURL_MAX_WRITE_SIZE, "pieces of at most CURL_MAX_WRITE_SIZE: " + biggest[0]);
        Sink sink = new Sink();
        try (CurlEasy easy = compressed("/bomb", sink)) {
            easy.setopt(CURLOPT_MAXFILESIZE_LARGE, 1_000_000L);
            assertEquals(CurlCode.CURLE_FILESIZE_EXCEEDED, easy.perform());
            assertEquals("Would have exceeded max file size", easy.errorBuffer());
        }
        // decoded bytes count against the limit: the pieces that fit are written, not the one that would pass it
        int written = sink.bytes().length;
        assertTrue(written <= 1_000_000 && written > 1_000_000 - CURL_MAX_WRITE_SIZE, "written " + written);
    }
}
