package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP version, side by side with the JDK's client, against a server that offers h2 and
 * http/1.1 by ALPN: the default ({@code HTTP_2}) speaks HTTP/2, {@code HTTP_1_1} on the client or
 * on the request keeps HTTP/1.1, and {@code HttpResponse.version()} tells which was spoken.
 */
@Timeout(60)
class Http2VersionTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static JettyH2Server server;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        server = JettyH2Server.start(pki.serverTls(pki.server).context, 100);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.tlsPort() + path));
    }

    static void sameAnswer(HttpClient jdk, HttpClient hiper, HttpRequest request, Version expected) throws Exception {
        HttpResponse<String> a = jdk.send(request, BodyHandlers.ofString());
        HttpResponse<String> b = hiper.send(request, BodyHandlers.ofString());
        assertEquals(expected, a.version(), "the JDK's client");
        assertEquals(expected, b.version(), "hiper");
        assertEquals(a.statusCode(), b.statusCode());
        assertEquals(a.body(), b.body());
        assertEquals(a.uri(), b.uri());
    }

    @Test
    void theDefaultSpeaksHttp2AndHttp11StaysHttp11() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().sslContext(TlsTest.trustingTheRoot(pki)).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().trustedCertificates(Path.of(pki.file("ca.pem")))
                .build()) {
            assertEquals(Version.HTTP_2, hiper.version());
            sameAnswer(jdk, hiper, get("/bytes?n=70000&seed=7").build(), Version.HTTP_2);
            // the request's own version wins over the client's
            sameAnswer(jdk, hiper, get("/bytes?n=5000&seed=8").version(Version.HTTP_1_1).build(), Version.HTTP_1_1);
        }
        HttpClient jdk11 = HttpClient.newBuilder().sslContext(TlsTest.trustingTheRoot(pki)).version(Version.HTTP_1_1).build();
        try (HiperHttpClient hiper11 = HiperHttpClient.newBuilder().version(Version.HTTP_1_1)
                .trustedCertificates(Path.of(pki.file("ca.pem"))).build()) {
            sameAnswer(jdk11, hiper11, get("/bytes?n=5000&seed=9").build(), Version.HTTP_1_1);
            for (HttpClient c : List.of(jdk11, hiper11)) {
                assertEquals(Version.HTTP_2,
                        c.send(get("/bytes?n=10").version(Version.HTTP_2).build(), BodyHandlers.discarding()).version(),
                        c + ": the request asked for HTTP/2");
            }
        }
    }
}
