package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content decoding against nginx's {@code gzip on} (Debian's nginx, which bin/setup installs):
 * the test starts its own nginx on 127.0.0.1 with two free ports, HTTP/1.1 on one and HTTP/2
 * with prior knowledge on the other, both compressing text on the fly, and stops it at the end.
 */
@Timeout(60)
class NginxGzipTest {
    static Process nginx;
    static int h1Port;
    static int h2Port;
    static byte[] text;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path bin = Path.of("/usr/sbin/nginx");
        assertTrue(Files.isExecutable(bin), "nginx is missing: bin/setup installs it (Debian's nginx package)");
        Path www = Files.createDirectories(dir.resolve("www"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 1 << 20; i++) {
            sb.append("line ").append(i).append(": ").append(Integer.toHexString(i * 7919)).append('\n');
        }
        text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        Files.write(www.resolve("big.txt"), text);
        Files.createDirectories(dir.resolve("tmp"));
        h1Port = freePort();
        h2Port = freePort();
        String p = dir.toString();
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + p + "/nginx.pid;\n"
                + "error_log " + p + "/error.log warn;\nevents { worker_connections 256; }\n"
                + "http {\n access_log off;\n client_body_temp_path " + p + "/tmp;\n proxy_temp_path " + p + "/tmp;\n"
                + " fastcgi_temp_path " + p + "/tmp;\n uwsgi_temp_path " + p + "/tmp;\n scgi_temp_path " + p + "/tmp;\n"
                + " types { text/plain txt; }\n gzip on;\n gzip_types text/plain;\n gzip_min_length 0;\n"
                + " keepalive_requests 1000;\n"
                + " server {\n  listen 127.0.0.1:" + h1Port + ";\n  root " + www + ";\n }\n"
                + " server {\n  listen 127.0.0.1:" + h2Port + " http2;\n  root " + www + ";\n }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = new ProcessBuilder(bin.toString(), "-p", p, "-c", confFile.toString(), "-e", p + "/error.log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        for (int port : new int[] {h1Port, h2Port}) {
            for (;;) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    break;
                } catch (IOException notYet) {
                    if (!nginx.isAlive() || System.nanoTime() > end) {
                        fail("nginx did not start: " + Files.readString(dir.resolve("error.log")));
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private static CurlEasy get(int port, Sink sink, boolean h2, String encoding) {
        CurlEasy e = easy("http://127.0.0.1:" + port + "/big.txt", sink);
        if (h2) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
        }
        if (encoding != null) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_ACCEPT_ENCODING, encoding));
        }
        return e;
    }

    @Test
    void gzipOnTheFlyOverHttp11AndHttp2() {
        for (boolean h2 : new boolean[] {false, true}) {
            Sink sink = new Sink();
            List<String> headers = new ArrayList<>();
            try (CurlEasy e = get(h2 ? h2Port : h1Port, sink, h2, "")) {
                e.setopt(CURLOPT_HEADERFUNCTION, (line, ud) -> {
                    byte[] b = new byte[line.remaining()];
                    line.get(b);
                    headers.add(new String(b, StandardCharsets.ISO_8859_1).trim().toLowerCase());
                    return b.length;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals(h2 ? CURL_HTTP_VERSION_2_0 : CURL_HTTP_VERSION_1_1, (long) e.getinfo(CURLINFO_HTTP_VERSION));
                long wire = e.getinfo(CURLINFO_SIZE_DOWNLOAD_T);
                assertTrue(wire < text.length / 2, "nginx compressed it: " + wire + " bytes on the wire");
            }
            assertTrue(headers.contains("content-encoding: gzip"), headers.toString());
            assertArrayEquals(text, sink.bytes(), h2 ? "HTTP/2" : "HTTP/1.1");
        }
    }

    @Test
    void onlyGzipAskedForAndNothingAskedFor() {
        Sink gz = new Sink();
        try (CurlEasy e = get(h1Port, gz, false, "gzip")) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(e.getinfo(CURLINFO_SIZE_DOWNLOAD_T) < text.length / 2);
        }
        assertArrayEquals(text, gz.bytes());
        Sink plain = new Sink();
        try (CurlEasy e = get(h1Port, plain, false, null)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals((long) text.length, e.getinfo(CURLINFO_SIZE_DOWNLOAD_T), "not compressed when not asked");
        }
        assertArrayEquals(text, plain.bytes());
    }

    @Test
    void pausingWriteCallbackOverBothVersions() throws IOException {
        for (boolean h2 : new boolean[] {false, true}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            boolean[] paused = {false};
            int[] pauses = {0};
            try (PauseDriver d = new PauseDriver(); CurlEasy e = get(h2 ? h2Port : h1Port, null, h2, "")) {
                e.setopt(CURLOPT_WRITEFUNCTION, Http1ResponseTest.pausing(out, paused, 5, pauses));
                assertEquals(CurlCode.CURLE_OK, d.run(e, paused), e.errorBuffer());
            }
            assertTrue(pauses[0] >= 5, "paused " + pauses[0]);
            assertArrayEquals(text, out.toByteArray(), h2 ? "HTTP/2" : "HTTP/1.1");
        }
    }

    @Test
    void manyAtOnceOnOneHttp2Connection() throws IOException {
        List<CurlEasy> handles = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Sink s = new Sink();
            sinks.add(s);
            handles.add(get(h2Port, s, true, ""));
        }
        try {
            Map<CurlEasy, CurlCode> results = runAll(handles);
            for (int i = 0; i < handles.size(); i++) {
                assertEquals(CurlCode.CURLE_OK, results.get(handles.get(i)), handles.get(i).errorBuffer());
                assertArrayEquals(text, sinks.get(i).bytes(), "transfer " + i);
            }
        } finally {
            handles.forEach(CurlEasy::close);
        }
    }
}
