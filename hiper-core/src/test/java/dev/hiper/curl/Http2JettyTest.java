package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Single HTTP/2 transfers against Jetty's HTTP/2 server: h2 chosen by ALPN over TLS, h2c with
 * prior knowledge; GET, HEAD, POST (in memory, from the read callback with and without a size),
 * large bodies both ways checked by CRC, what the header callback, the trace and getinfo show.
 */
@Timeout(60)
class Http2JettyTest {
    static TestPki pki;
    static JettyH2Server server;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("hiper-h2");
        dir.toFile().deleteOnExit();
        pki = TestPki.create(dir);
        server = JettyH2Server.start(pki.serverTls(pki.server).context, 100);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CurlEasy easy(String path, ByteArrayOutputStream body) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, "https://server.hiper.test:" + server.tlsPort() + path);
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + server.tlsPort() + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
        return e;
    }

    static List<String> headers(CurlEasy e) {
        List<String> lines = new ArrayList<>();
        e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
            int n = line.remaining();
            byte[] b = new byte[n];
            line.get(b);
            lines.add(new String(b, StandardCharsets.ISO_8859_1));
            return n;
        });
        return lines;
    }

    /** The verbose trace: text lines as "* x", head lines as "> x" / "< x". */
    static List<String> trace(CurlEasy e) {
        List<String> lines = new ArrayList<>();
        e.setopt(CURLOPT_VERBOSE, 1L);
        e.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> {
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            String s = new String(b, StandardCharsets.ISO_8859_1);
            String prefix = type == CurlInfoType.CURLINFO_TEXT ? "* "
                    : type == CurlInfoType.CURLINFO_HEADER_OUT ? "> "
                    : type == CurlInfoType.CURLINFO_HEADER_IN ? "< " : null;
            if (prefix != null) {
                for (String l : s.split("\r?\n")) {
                    lines.add(prefix + l);
                }
            }
            return 0;
        });
        return lines;
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void getOverAlpnH2() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/bytes?n=300000&seed=7", body)) {
            List<String> heads = headers(e);
            List<String> trace = trace(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertArrayEquals(JettyServer.expectedBytes(300000, 7), body.toByteArray());
            assertEquals("HTTP/2 200 \r\n", heads.get(0));
            assertTrue(heads.contains("content-length: 300000\r\n"), heads.toString());
            assertEquals("\r\n", heads.get(heads.size() - 1));
            assertTrue(trace.contains("* ALPN: hiper offers h2,http/1.1"), trace.toString());
            assertTrue(trace.contains("* ALPN: server accepted h2"), trace.toString());
            assertTrue(trace.contains("* using HTTP/2"), trace.toString());
            String url = "https://server.hiper.test:" + server.tlsPort() + "/bytes?n=300000&seed=7";
            assertTrue(trace.contains("* [HTTP/2] [1] OPENED stream for " + url), trace.toString());
            assertTrue(trace.contains("* [HTTP/2] [1] [:method: GET]"), trace.toString());
            assertTrue(trace.contains("* [HTTP/2] [1] [:path: /bytes?n=300000&seed=7]"), trace.toString());
            assertTrue(trace.contains("> GET /bytes?n=300000&seed=7 HTTP/2"), trace.toString());
            assertTrue(trace.contains("< HTTP/2 200 "), trace.toString());
            assertTrue(trace.indexOf("* [HTTP/2] [1] OPENED stream for " + url) < trace.indexOf(
                    "> GET /bytes?n=300000&seed=7 HTTP/2"));
        }
    }

    @Test
    void requestHeadersAreLowercasedAndConnectionSpecificOnesDropped() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/headers", body)) {
            e.setopt(CURLOPT_HTTPHEADER, List.of("X-Custom: One", "Connection: keep-alive", "Keep-Alive: 5",
                    "TE: trailers"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            String seen = body.toString(StandardCharsets.UTF_8);
            assertTrue(seen.contains("x-custom: One"), seen);
            assertTrue(seen.contains("te: trailers"), seen);
            assertFalse(seen.toLowerCase().contains("connection:"), seen);
            assertFalse(seen.toLowerCase().contains("keep-alive"), seen);
        }
    }

    @Test
    void aHandleSendsWhatItsOptionsSayNowWhenTheRequestIsTheLastOneAgain() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/headers", body)) {
            for (String value : new String[] {"One", "Two", "Two"}) {
                e.setopt(CURLOPT_HTTPHEADER, List.of("X-Custom: " + value));
                body.reset();
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                String seen = body.toString(StandardCharsets.UTF_8);
                assertTrue(seen.contains("x-custom: " + value), seen);
            }
            List<String> trace = trace(e); // the same request, now traced: its head is shown
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(trace.contains("> GET /headers HTTP/2"), trace.toString());
            assertTrue(trace.contains("> x-custom: Two") || trace.contains("> X-Custom: Two"), trace.toString());
        }
    }

    @Test
    void http11WhenAskedFor() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/bytes?n=10", body)) {
            List<String> heads = headers(e);
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CURL_HTTP_VERSION_1_1, e.getinfo(CURLINFO_HTTP_VERSION));
            assertTrue(heads.get(0).startsWith("HTTP/1.1 200"), heads.get(0));
        }
    }

    @Test
    void noAlpnMeansHttp11() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/bytes?n=10", body)) {
            e.setopt(CURLOPT_SSL_ENABLE_ALPN, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CURL_HTTP_VERSION_1_1, e.getinfo(CURLINFO_HTTP_VERSION));
        }
    }

    @Test
    void http3IsRefused() {
        try (CurlEasy e = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_3));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0));
        }
    }

    @Test
    void headHasNoBody() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/bytes?n=5000", body)) {
            List<String> heads = headers(e);
            e.setopt(CURLOPT_NOBODY, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0, body.size());
            assertTrue(heads.contains("content-length: 5000\r\n"), heads.toString());
        }
    }

    @Test
    void noContentStatus() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/status/204", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(204L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0, body.size());
        }
    }

    @Test
    void postFieldsEchoed() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/echo", body)) {
            e.setopt(CURLOPT_POSTFIELDS, "hello=world".getBytes(StandardCharsets.US_ASCII));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("hello=world", body.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void largeBodiesBothWays() {
        byte[] up = new byte[3_000_000];
        new Random(42).nextBytes(up);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/echo", body)) {
            e.setopt(CURLOPT_POSTFIELDS, up);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(crc(up), crc(body.toByteArray()));
            assertEquals((long) up.length, e.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
    }

    @Test
    void readCallbackUploadOfUnknownAndKnownSize() {
        for (long size : new long[] {-1, 2_500_000}) {
            byte[] up = new byte[2_500_000];
            new Random(size).nextBytes(up);
            ByteBuffer src = ByteBuffer.wrap(up);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy e = easy("/echo", body)) {
                List<String> heads = headers(e);
                e.setopt(CURLOPT_UPLOAD, 1L);
                e.setopt(CURLOPT_INFILESIZE_LARGE, size);
                e.setopt(CURLOPT_READFUNCTION, (dst, u) -> {
                    int n = Math.min(dst.remaining(), Math.min(src.remaining(), 10_000));
                    dst.put(src.slice().limit(n));
                    src.position(src.position() + n);
                    return n;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals(crc(up), crc(body.toByteArray()), "size " + size);
                if (size < 0) {
                    assertTrue(heads.contains("x-received-length: 2500000\r\n"), heads.toString()); // a trailer
                }
            }
        }
    }

    @Test
    void priorKnowledgeOnHttp() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = CurlEasy.init()) {
            e.setopt(CURLOPT_URL, "http://127.0.0.1:" + server.plainPort() + "/bytes?n=100000&seed=3");
            e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
            List<String> heads = headers(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals("HTTP/2 200 \r\n", heads.get(0));
            assertArrayEquals(JettyServer.expectedBytes(100000, 3), body.toByteArray());
        }
    }

    @Test
    void sameHandleReusesTheConnection() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/bytes?n=1000", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS));
            body.reset();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals(1000, body.size());
        }
    }
}
