package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against nginx from Debian's packages (OpenSSL on the server side), which bin/setup
 * installs: the test starts its own nginx on 127.0.0.1, a free port, one process, with the test
 * PKI's server chain, and stops it at the end.
 */
@Timeout(60)
class NginxTlsInteropTest {
    static TlsFixture fx;
    static Process nginx;
    static int port;
    static byte[] data;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        fx = TlsFixture.get();
        Path bin = Path.of("/usr/sbin/nginx");
        assertTrue(Files.isExecutable(bin), "nginx is missing: bin/setup installs it (Debian's nginx package)");
        Path www = Files.createDirectories(dir.resolve("www"));
        data = new byte[1 << 20];
        new java.util.Random(11).nextBytes(data);
        Files.write(www.resolve("data.bin"), data);
        Files.createDirectories(dir.resolve("tmp"));
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        String p = dir.toString();
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + p + "/nginx.pid;\n"
                + "error_log " + p + "/error.log warn;\nevents { worker_connections 256; }\n"
                + "http {\n access_log off;\n client_body_temp_path " + p + "/tmp;\n proxy_temp_path " + p + "/tmp;\n"
                + " fastcgi_temp_path " + p + "/tmp;\n uwsgi_temp_path " + p + "/tmp;\n scgi_temp_path " + p + "/tmp;\n"
                + " server {\n  listen 127.0.0.1:" + port + " ssl;\n  server_name server.hiper.test;\n"
                + "  ssl_certificate " + fx.pki.file("server-chain.pem") + ";\n"
                + "  ssl_certificate_key " + fx.pki.file("server.key") + ";\n"
                + "  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_session_tickets on;\n"
                + "  ssl_session_cache shared:hiper:1m;\n  keepalive_requests 1000;\n  root " + www + ";\n"
                + "  location = /tls { default_type text/plain;\n"
                + "   return 200 \"reused=$ssl_session_reused\\nprotocol=$ssl_protocol\\ncipher=$ssl_cipher\\n"
                + "sni=$ssl_server_name\\n\"; }\n }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = new ProcessBuilder(bin.toString(), "-p", p, "-c", confFile.toString(), "-e", p + "/error.log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
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

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private CurlEasy easy(String path, ByteArrayOutputStream body) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, "https://server.hiper.test:" + port + path);
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + port + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
        e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
        return e;
    }

    private static String field(ByteArrayOutputStream body, String key) {
        return TlsFixture.field(body, key);
    }

    @Test
    void aFileOverTls13AndTls12() {
        for (long version : new long[] {CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy e = easy("/data.bin", body)) {
                e.setopt(CURLOPT_SSLVERSION, version);
                List<String> trace = TlsFixture.traceText(e);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertArrayEquals(data, body.toByteArray());
                assertTrue(trace.contains("ALPN: server accepted http/1.1"), String.join("\n", trace));
                assertTrue(trace.contains(" SSL certificate verify ok."), String.join("\n", trace));
                assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
            }
        }
    }

    @Test
    void nginxSeesSniAndResumesTheSession() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/tls", body)) {
            e.setopt(CURLOPT_FORBID_REUSE, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("server.hiper.test", field(body, "sni"));
            assertEquals("TLSv1.3", field(body, "protocol"));
            body.reset();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals("r", field(body, "reused"), "nginx says the second connection resumed the session");
        }
    }

    @Test
    void keepAliveAndManyRequestsOnOneConnection() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy("/data.bin", body)) {
            for (int i = 0; i < 20; i++) {
                body.reset();
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertArrayEquals(data, body.toByteArray());
                assertEquals(i == 0 ? 1L : 0L, e.getinfo(CURLINFO_NUM_CONNECTS));
            }
        }
    }
}
