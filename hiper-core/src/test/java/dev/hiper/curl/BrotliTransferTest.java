package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.ContentDecodingTest.concat;
import static dev.hiper.curl.ContentDecodingTest.randomText;
import static dev.hiper.curl.ContentDecodingTest.withLength;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.BrotliCommand;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * br end to end: a real server (Jetty on loopback, HTTP/1.1 and h2c) sending a precompressed
 * body with {@code Content-Encoding: br}, chunked and close-delimited framing, a write callback that pauses
 * while the body's end is being decoded, a truncated stream (61) and a bomb of 1 GiB of zeros
 * under {@code CURLOPT_MAXFILESIZE_LARGE}, which counts decoded bytes.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BrotliTransferTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static CurlEasy compressed(String url, Sink sink) {
        CurlEasy e = easy(url, sink);
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_ACCEPT_ENCODING, ""));
        return e;
    }

    @Test
    void precompressedBodyFromJetty() throws Exception {
        byte[] data = randomText(500_000);
        byte[] br = BrotliCommand.compress(data, "-q", "9", "-w", "16");
        AtomicReference<String> asked = new AtomicReference<>();
        Server jetty = new Server();
        ServerConnector c = new ServerConnector(jetty);
        c.setHost("127.0.0.1");
        c.setPort(0);
        jetty.addConnector(c);
        ServerConnector h2c = new ServerConnector(jetty, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        h2c.setHost("127.0.0.1");
        h2c.setPort(0);
        jetty.addConnector(h2c);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                asked.set(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
                response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "br");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, br.length);
                response.write(true, ByteBuffer.wrap(br), callback);
                return true;
            }
        });
        jetty.start();
        try {
            Sink sink = new Sink();
            try (CurlEasy easy = compressed("http://127.0.0.1:" + c.getLocalPort() + "/page.txt", sink)) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals((long) br.length, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
            }
            assertArrayEquals(data, sink.bytes());
            assertEquals("deflate, gzip, br, zstd", asked.get());
            // HTTP/2: the body's end comes with END_STREAM, the decoder's held bytes go out then too
            Sink h2 = new Sink();
            try (CurlEasy easy = compressed("http://127.0.0.1:" + h2c.getLocalPort() + "/page.txt", h2)) {
                easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals((long) CURL_HTTP_VERSION_2_0, easy.getinfo(CURLINFO_HTTP_VERSION));
            }
            assertArrayEquals(data, h2.bytes(), "over HTTP/2");
        } finally {
            jetty.stop();
        }
    }

    @Test
    void chunkedAndCloseDelimitedBodies() throws Exception {
        byte[] data = randomText(200_000);
        byte[] br = BrotliCommand.compress(data, "-q", "5");
        int half = br.length / 2;
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(half) + "\r\n"),
                Arrays.copyOf(br, half), ascii("\r\n" + Integer.toHexString(br.length - half) + "\r\n"),
                Arrays.copyOfRange(br, half, br.length), ascii("\r\n0\r\n\r\n"))));
        server.enqueue(Action.respond(concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n"), br)),
                Action.close());
        for (int i = 0; i < 2; i++) {
            Sink sink = new Sink();
            try (CurlEasy easy = compressed(server.url("/f" + i), sink)) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            }
            assertArrayEquals(data, sink.bytes(), "response " + i);
            RecordedRequest r = server.takeRequest(5000);
            assertTrue(ascii(r.head()).contains("\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n"));
        }
    }

    @Test
    void pausesWhileTheBodysEndIsDecoded() throws Exception {
        // the whole body fits the decoder's queue: every decoded byte is written after the body ended
        byte[] data = randomText(300_000);
        byte[] br = BrotliCommand.compress(data, "-q", "5");
        server.enqueue(withLength("Content-Encoding: br\r\n", br));
        server.enqueue(Action.respond(200, "next"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] paused = {false};
        int[] pauses = {0};
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = compressed(server.url("/p"), null)) {
            easy.setopt(CURLOPT_WRITEFUNCTION, Http1ResponseTest.pausing(out, paused, 3, pauses));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
            assertTrue(pauses[0] >= 5, "paused " + pauses[0]);
            assertArrayEquals(data, out.toByteArray());
            // the connection is still good for the next transfer
            Sink sink = new Sink();
            easy.setopt(CURLOPT_WRITEFUNCTION, sink);
            easy.setopt(CURLOPT_URL, server.url("/next"));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, new boolean[1]), easy.errorBuffer());
            assertEquals("next", sink.text());
            assertEquals(0L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
    }

    @Test
    void truncatedStreamFails() throws Exception {
        byte[] br = BrotliCommand.compress(randomText(50_000), "-q", "5");
        server.enqueue(withLength("Content-Encoding: br\r\n", Arrays.copyOf(br, br.length - 5)));
        try (CurlEasy easy = compressed(server.url("/cut"), new Sink())) {
            assertEquals(CurlCode.CURLE_BAD_CONTENT_ENCODING, easy.perform());
            assertTrue(easy.errorBuffer().startsWith("Error while processing content unencoding: "),
                    easy.errorBuffer());
        }
    }

    @Test
    void bombIsDecodedInPiecesAndStoppedByTheFileSizeLimit() throws Exception {
        byte[] bomb = BrotliCommand.zerosGibibyte();
        server.enqueue(withLength("Content-Encoding: br\r\n", bomb));
        server.enqueue(withLength("Content-Encoding: br\r\n", bomb));
        long[] total = {0};
        int[] biggest = {0};
        try (CurlEasy easy = compressed(server.url("/bomb"), null)) {
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
        assertEquals(1L << 30, total[0]);
        assertTrue(biggest[0] <= CURL_MAX_WRITE_SIZE, "pieces of at most CURL_MAX_WRITE_SIZE: " + biggest[0]);
        Sink sink = new Sink();
        try (CurlEasy easy = compressed(server.url("/bomb"), sink)) {
            easy.setopt(CURLOPT_MAXFILESIZE_LARGE, 1_000_000L);
            assertEquals(CurlCode.CURLE_FILESIZE_EXCEEDED, easy.perform());
            assertEquals("Would have exceeded max file size", easy.errorBuffer());
        }
        // decoded bytes count against the limit: the pieces that fit are written, not the one that would pass it
        int written = sink.bytes().length;
        assertTrue(written <= 1_000_000 && written > 1_000_000 - CURL_MAX_WRITE_SIZE, "written " + written);
    }
}
