package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side by side against nginx (Debian's, started by the test on loopback): the JDK's client and
 * {@link HiperHttpClient} must see the same status, headers (the Date aside), body, version and
 * URI for a GET of a file, a HEAD, a POST (nginx passing it on to the test's Jetty echo), a chain
 * of redirects, a gzip body (neither client decodes it), and HTTP/2 over TLS.
 */
@Timeout(60)
class NginxSideBySideTest extends SideBySide {
    @TempDir
    static Path dir;
    static TestPki pki;
    static NginxServer nginx;
    static byte[] text;
    static HttpClient jdkTls;
    static HiperHttpClient hiperTls;

    @BeforeAll
    static void startNginx() throws Exception {
        pki = TestPki.create(java.nio.file.Files.createDirectories(dir.resolve("pki")));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 100_000; i++) {
            sb.append("line ").append(i).append(": ").append(Integer.toHexString(i * 7919)).append('\n');
        }
        text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        String locations = "  location = /r1 { return 301 /r2; }\n"
                + "  location = /r2 { return 302 /r3; }\n"
                + "  location = /r3 { return 307 /text.txt; }\n"
                + "  location /gz/ { gzip on; gzip_types text/plain; gzip_min_length 0; }\n"
                + "  location = /echo { proxy_pass http://127.0.0.1:" + jetty.port() + "/echo;"
                + " proxy_http_version 1.1; }\n";
        nginx = NginxServer.start(dir.resolve("nginx"), 256, locations, pki.file("server-chain.pem"),
                pki.file("server.key"), Map.of("text.txt", text, "gz/text.txt", text));
        jdkTls = HttpClient.newBuilder().sslContext(TlsTest.trustingTheRoot(pki)).build();
        hiperTls = HiperHttpClient.newBuilder().trustedCertificates(Path.of(pki.file("ca.pem"))).build();
    }

    @AfterAll
    static void stopNginx() {
        if (hiperTls != null) {
            hiperTls.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(nginx.url(path)));
    }

    @Test
    void getOfAFile() throws Exception {
        Seen seen = sameResponse(request("/text.txt").build(), BodyHandlers.ofByteArray());
        assertEquals(200, seen.status());
        assertEquals(java.nio.ByteBuffer.wrap(text), seen.body());
        assertEquals(List.of("text/plain"), seen.headers().get("content-type"));
        assertTrue(seen.headers().get("server").get(0).startsWith("nginx"), seen.headers().toString());
        assertEquals(Version.HTTP_1_1, seen.version());
        Seen missing = sameResponse(request("/no-such-file").build(), BodyHandlers.ofString());
        assertEquals(404, missing.status());
    }

    @Test
    void head() throws Exception {
        Seen seen = sameResponse(request("/text.txt").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
        assertEquals(200, seen.status());
        assertEquals("", seen.body());
        assertEquals(List.of(String.valueOf(text.length)), seen.headers().get("content-length"));
    }

    @Test
    void postThroughNginxToAnEcho() throws Exception {
        byte[] body = Arrays.copyOf(text, 70_000);
        Seen seen = sameResponse(request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, seen.status());
        assertEquals(java.nio.ByteBuffer.wrap(body), seen.body());
        Seen chunked = sameResponse(request("/echo").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body))).build(), BodyHandlers.ofByteArray());
        assertEquals(java.nio.ByteBuffer.wrap(body), chunked.body());
    }

    @Test
    void aChainOfRedirects() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            List<List<String>> chains = new ArrayList<>();
            List<Seen> finals = new ArrayList<>();
            for (HttpClient c : List.of(jdk, hiper)) {
                HttpResponse<String> r = c.send(request("/r1").build(), BodyHandlers.ofString());
                finals.add(Seen.of(r));
                List<String> chain = new ArrayList<>();
                for (Optional<HttpResponse<String>> p = Optional.of(r); p.isPresent(); p = p.get().previousResponse()) {
                    chain.add(p.get().statusCode() + " " + p.get().uri() + " " + p.get().request().method()
                            + " " + p.get().headers().firstValue("location").orElse("-"));
                }
                chains.add(chain);
            }
            assertEquals(finals.get(0), finals.get(1));
            assertEquals(chains.get(0), chains.get(1));
            assertEquals(4, chains.get(0).size(), chains.get(0).toString());
            assertEquals(URI.create(nginx.url("/text.txt")), finals.get(0).uri());
            assertEquals(new String(text, StandardCharsets.US_ASCII), finals.get(0).body());
        }
    }

    @Test
    void aGzipBodyIsLeftAsItCame() throws Exception {
        // the JDK's client decodes no content, and hiper through its API does not either
        Seen seen = sameResponse(request("/gz/text.txt").header("Accept-Encoding", "gzip").build(),
                BodyHandlers.ofByteArray());
        assertEquals(List.of("gzip"), seen.headers().get("content-encoding"));
        byte[] body = ((java.nio.ByteBuffer) seen.body()).array();
        assertTrue(body.length < text.length / 2, "compressed: " + body.length);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            in.transferTo(plain);
        }
        assertArrayEquals(text, plain.toByteArray());
    }

    @Test
    void http2OverTls() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nginx.tlsPort + "/text.txt"))
                .build();
        List<Seen> seen = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (HttpClient c : List.of(jdkTls, hiperTls)) {
            HttpResponse<byte[]> r = c.send(request, BodyHandlers.ofByteArray());
            seen.add(Seen.of(r));
            protocols.add(r.sslSession().orElseThrow().getProtocol());
        }
        assertEquals(seen.get(0), seen.get(1));
        assertEquals(protocols.get(0), protocols.get(1));
        assertEquals(Version.HTTP_2, seen.get(0).version());
        assertEquals(java.nio.ByteBuffer.wrap(text), seen.get(0).body());
        HttpRequest head = HttpRequest.newBuilder(request.uri()).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        List<Seen> heads = new ArrayList<>();
        for (HttpClient c : List.of(jdkTls, hiperTls)) {
            heads.add(Seen.of(c.send(head, BodyHandlers.ofString())));
        }
        assertEquals(heads.get(0), heads.get(1));
        assertEquals(Version.HTTP_2, heads.get(0).version());
    }
}
