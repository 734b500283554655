package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CURLOPT_UNIX_SOCKET_PATH} against nginx listening on Unix domain sockets (Debian's
 * nginx, which bin/setup installs; the test starts and stops its own): the URL's host still goes
 * in {@code Host:} and to TLS, the connection is kept per socket path, and a missing path fails
 * the transfer with {@code CURLE_COULDNT_CONNECT}.
 */
@Timeout(60)
class UnixSocketTest {
    static Process nginx;
    static Path dir;
    static Path plainA;
    static Path plainB;
    static Path tlsSock;
    static TlsFixture fx;
    static byte[] data;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        fx = TlsFixture.get();
        Path bin = Path.of("/usr/sbin/nginx");
        assertTrue(Files.isExecutable(bin), "nginx is missing: bin/setup installs it (Debian's nginx package)");
        Path www = Files.createDirectories(dir.resolve("www"));
        data = randomBytes(300_000, 5);
        Files.write(www.resolve("data.bin"), data);
        Files.createDirectories(dir.resolve("tmp"));
        plainA = dir.resolve("a.sock");
        plainB = dir.resolve("b.sock");
        tlsSock = dir.resolve("t.sock");
        String p = dir.toString();
        String who = "  location = /who { default_type text/plain;\n"
                + "   return 200 \"conn=$connection host=$http_host tls=$ssl_protocol\\n\"; }\n";
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + p + "/nginx.pid;\n"
                + "error_log " + p + "/error.log warn;\nevents { worker_connections 256; }\n"
                + "http {\n access_log off;\n client_body_temp_path " + p + "/tmp;\n proxy_temp_path " + p + "/tmp;\n"
                + " fastcgi_temp_path " + p + "/tmp;\n uwsgi_temp_path " + p + "/tmp;\n scgi_temp_path " + p + "/tmp;\n"
                + " keepalive_requests 1000;\n"
                + " server {\n  listen unix:" + plainA + ";\n  listen unix:" + plainB + ";\n  root " + www + ";\n"
                + who + " }\n"
                + " server {\n  listen unix:" + tlsSock + " ssl;\n  server_name server.hiper.test;\n"
                + "  ssl_certificate " + fx.pki.file("server-chain.pem") + ";\n"
                + "  ssl_certificate_key " + fx.pki.file("server.key") + ";\n  root " + www + ";\n"
                + who + " }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = new ProcessBuilder(bin.toString(), "-p", p, "-c", confFile.toString(), "-e", p + "/error.log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        for (Path sock : new Path[] {plainA, plainB, tlsSock}) {
            for (;;) {
                try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    s.connect(UnixDomainSocketAddress.of(sock));
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

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static CurlEasy over(CurlEasy e, Path sock, ByteArrayOutputStream body) {
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_UNIX_SOCKET_PATH, sock.toString()));
        e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
        return e;
    }

    @Test
    void aFileAndTheHostNameOverTheSocket() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = over(CurlEasy.init(), plainA, body)) {
            e.setopt(CURLOPT_URL, "http://server-interpreted.example.com/data.bin");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(data, body.toByteArray());
            assertEquals(200L, (long) e.getinfo(CURLINFO_RESPONSE_CODE));
            // libcurl reports the socket's path as the peer, with port 0
            assertEquals(plainA.toString(), e.getinfo(CURLINFO_PRIMARY_IP));
            assertEquals(0L, (long) e.getinfo(CURLINFO_PRIMARY_PORT));
            assertEquals("", e.getinfo(CURLINFO_LOCAL_IP));
            body.reset();
            e.setopt(CURLOPT_URL, "http://Some.Host.example:8080/who");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(text(body).contains(" host=Some.Host.example:8080 "), text(body));
        }
    }

    @Test
    void connectionsAreKeptPerSocketPath() {
        List<String> seen = new ArrayList<>();
        try (CurlEasy e = CurlEasy.init()) {
            for (Path sock : new Path[] {plainA, plainA, plainB, plainB, plainA}) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                over(e, sock, body);
                e.setopt(CURLOPT_URL, "http://one.example.com/who");
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                String t = text(body);
                seen.add(t.substring(0, t.indexOf(' ')));
            }
        }
        assertEquals(seen.get(0), seen.get(1), "the same path reuses its connection: " + seen);
        assertEquals(seen.get(2), seen.get(3), seen.toString());
        assertNotEquals(seen.get(1), seen.get(2), "another path is another connection: " + seen);
        assertEquals(seen.get(0), seen.get(4), "the first is still cached: " + seen);
    }

    @Test
    void theSameOriginOverTcpIsNotTheUnixConnection() throws IOException {
        // a cached Unix connection must never serve a transfer without the option
        try (CurlEasy e = CurlEasy.init()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            over(e, plainA, body);
            e.setopt(CURLOPT_URL, "http://localhost:1/who");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_UNIX_SOCKET_PATH, (String) null);
            e.setopt(CURLOPT_CONNECTTIMEOUT_MS, 5000L);
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform(), "port 1 over TCP: " + e.errorBuffer());
        }
    }

    @Test
    void tlsOverTheSocketChecksTheUrlsHost() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = over(CurlEasy.init(), tlsSock, body)) {
            e.setopt(CURLOPT_URL, "https://server.hiper.test/who");
            e.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(text(body).contains(" host=server.hiper.test tls=TLSv1."), text(body));
            body.reset();
            e.setopt(CURLOPT_URL, "https://wrong.hiper.test/who");
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform(), e.errorBuffer());
        }
    }

    @Test
    void aMissingPathFailsToConnect() {
        Path missing = dir.resolve("nobody-listens.sock");
        try (CurlEasy e = CurlEasy.init()) {
            over(e, missing, new ByteArrayOutputStream());
            e.setopt(CURLOPT_URL, "http://example.com/x");
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
            assertTrue(e.errorBuffer().startsWith("Failed to connect to example.com port 80 over unix://" + missing
                    + " after "), e.errorBuffer());
        }
    }

    @Test
    void proxiesAndConnectToAreIgnored() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = over(CurlEasy.init(), plainB, body)) {
            e.setopt(CURLOPT_URL, "http://two.example.com/who");
            e.setopt(CURLOPT_PROXY, "http://127.0.0.1:1");
            e.setopt(CURLOPT_CONNECT_TO, List.of("two.example.com:80:127.0.0.1:1"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(text(body).contains(" host=two.example.com "), text(body));
        }
    }

    @Test
    void abstractSocketsAreNotBuiltIn() {
        try (CurlEasy e = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_NOT_BUILT_IN, e.setopt(CURLOPT_ABSTRACT_UNIX_SOCKET, "hiper-test"));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_ABSTRACT_UNIX_SOCKET, (String) null));
        }
    }
}
