package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 against nghttpd (nghttp2's server, Debian's nghttp2-server package), started by the test
 * on 127.0.0.1: h2c with prior knowledge (padded frames), h2 over TLS, uploads echoed back
 * through 16 KiB stream windows, trailers, and 1,000 transfers with 100 at once over one h2c
 * connection.
 */
@Timeout(180)
class NghttpdInteropTest {
    static TlsFixture fx;
    static ServerProcess plain;
    static ServerProcess tls;
    static int plainPort;
    static int tlsPort;
    static byte[] page;
    static final int FILES = 50;
    static final long[] crcs = new long[FILES];
    static final int[] sizes = new int[FILES];

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        fx = TlsFixture.get();
        Path bin = ServerProcess.executable("/usr/sbin/nghttpd", "nghttp2-server");
        Path www = Files.createDirectories(dir.resolve("www"));
        Random r = new Random(31);
        page = new byte[(2 << 20) + 5];
        r.nextBytes(page);
        Files.write(www.resolve("page.bin"), page);
        for (int i = 0; i < FILES; i++) {
            sizes[i] = 1 + r.nextInt(40_000);
            byte[] b = new byte[sizes[i]];
            r.nextBytes(b);
            CRC32 c = new CRC32();
            c.update(b);
            crcs[i] = c.getValue();
            Files.write(www.resolve("f" + i), b);
        }
        plainPort = ServerProcess.freePort();
        // padding on every frame, 16 KiB stream windows, 100 streams at once, a trailer, uploads echoed
        plain = ServerProcess.start(dir, "nghttpd-plain", List.of(bin.toString(), "--no-tls", "-a", "127.0.0.1",
                "-d", www.toString(), "-b", "7", "-w", "14", "-m", "100", "--trailer", "x-checked: yes",
                "--echo-upload", String.valueOf(plainPort)), plainPort);
        tlsPort = ServerProcess.freePort();
        tls = ServerProcess.start(dir, "nghttpd-tls", List.of(bin.toString(), "-a", "127.0.0.1", "-d", www.toString(),
                "--echo-upload", String.valueOf(tlsPort), fx.pki.file("server.key"),
                fx.pki.file("server-chain.pem")), tlsPort);
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    static CurlEasy h2c(String path, ByteArrayOutputStream body) {
        CurlEasy e = ContractKit.easy("http://127.0.0.1:" + plainPort + path, body);
        e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
        return e;
    }

    static CurlEasy h2(String path, ByteArrayOutputStream body) {
        CurlEasy e = ContractKit.easy("https://server.hiper.test:" + tlsPort + path, body);
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + tlsPort + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
        return e;
    }

    static List<String> headers(CurlEasy e) {
        List<String> lines = new ArrayList<>();
        e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
            int n = line.remaining();
            lines.add(StandardCharsets.ISO_8859_1.decode(line).toString());
            return n;
        });
        return lines;
    }

    @Test
    void priorKnowledgeGetsPaddedFramesAndTheTrailer() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = h2c("/page.bin", body)) {
            List<String> lines = headers(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(page, body.toByteArray(), "2 MiB through 16 KiB windows, every frame padded");
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals("HTTP/2 200 \r\n", lines.get(0));
            assertTrue(lines.contains("x-checked: yes\r\n"), "the trailer after the body: " + lines);
        }
    }

    @Test
    void tlsGetAndHead() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = h2("/page.bin", body)) {
            List<String> trace = TlsFixture.traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(page, body.toByteArray());
            assertTrue(trace.contains("ALPN: server accepted h2"), String.join("\n", trace));
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
        }
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        try (CurlEasy e = h2("/f3", none)) {
            List<String> lines = headers(e);
            e.setopt(CURLOPT_NOBODY, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0, none.size());
            assertTrue(lines.contains("content-length: " + sizes[3] + "\r\n"), lines.toString());
        }
    }

    /** nghttpd echoes an upload; its 16 KiB stream window makes every DATA frame wait for credit. */
    @Test
    void uploadsThroughSmallWindowsComeBackWhole() {
        byte[] up = new byte[(1 << 20) + 77];
        new Random(5).nextBytes(up);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = h2c("/echo", body)) {
            e.setopt(CURLOPT_POSTFIELDS, up);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(up, body.toByteArray(), "POSTFIELDS up and back");
        }
        for (boolean sized : new boolean[] {true, false}) {
            ByteBuffer src = ByteBuffer.wrap(up);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            try (CurlEasy e = h2("/echo", back)) {
                e.setopt(CURLOPT_POST, 1L);
                if (sized) {
                    e.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) up.length);
                }
                e.setopt(CURLOPT_READFUNCTION, (buf, u) -> {
                    int n = Math.min(Math.min(buf.remaining(), src.remaining()), 10_000);
                    buf.put(src.slice(src.position(), n));
                    src.position(src.position() + n);
                    return n;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertArrayEquals(up, back.toByteArray(), "from the read callback, size known: " + sized);
                assertEquals((double) up.length, e.getinfo(CURLINFO_SIZE_UPLOAD_T) * 1.0);
            }
        }
    }

    /** 1,000 transfers, 100 at once (nghttpd's limit), over one h2c connection, every body checked. */
    @Test
    void thousandTransfersOverOneH2cConnection() {
        H2Load.Result r = H2Load.run(1_000, 100, 120_000, i -> {
            int file = (i * 3) % FILES;
            CurlEasy e = h2c("/f" + file, null);
            e.setopt(CURLOPT_PIPEWAIT, 1L);
            return new H2Load.Summed(e, sizes[file], crcs[file]);
        });
        assertEquals(1_000, r.ok(), r.toString());
        assertEquals(1, r.connects(), r.toString());
    }
}
