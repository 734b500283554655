package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer.TlsEndpoint;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * https: both clients trusting the test root through an SSLContext (hiper's also through
 * {@code trustedCertificates}); both refuse what they cannot verify; {@code sslSession()}.
 */
@Timeout(60)
class TlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static JettyServer jetty;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        jetty = JettyServer.startTls(new TlsEndpoint(pki.serverTls(pki.server).context, false),
                new TlsEndpoint(pki.serverTls(pki.wrongName).context, false));
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    /** An SSLContext for the JDK's client that trusts {@code pki}'s root. */
    static SSLContext trustingTheRoot(TestPki pki) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.root.cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static HttpRequest get(int endpoint, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + jetty.tlsPort(endpoint) + path)).build();
    }

    @Test
    void bothClientsSpeakTheTlsVersionTheParametersAllow() throws Exception {
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            SSLParameters params = new SSLParameters();
            params.setProtocols(new String[] {version});
            HttpClient jdk = HttpClient.newBuilder().sslContext(trustingTheRoot(pki)).sslParameters(params).build();
            try (HiperHttpClient hiper = HiperHttpClient.newBuilder().sslParameters(params)
                    .trustedCertificates(Path.of(pki.file("ca.pem"))).build()) {
                for (HttpClient c : List.of(jdk, hiper)) {
                    HttpResponse<String> r = c.send(get(0, "/tls"), BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    assertTrue(r.body().startsWith("protocol=" + version + "\n"), c + ": " + r.body());
                }
            }
        }
    }

    @Test
    void anUntrustedServerIsAHandshakeFailureOnBoth() throws Exception {
        HttpClient jdk = HttpClient.newHttpClient();
        try (HiperHttpClient hiper = HiperHttpClient.newHttpClient()) {
            for (HttpClient c : List.of(jdk, hiper)) {
                assertThrows(SSLHandshakeException.class, () -> c.send(get(0, "/tls"), BodyHandlers.ofString()));
            }
        }
    }

    @Test
    void aCertificateForAnotherNameIsAHandshakeFailureOnBoth() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().sslContext(trustingTheRoot(pki)).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder()
                .trustedCertificates(Path.of(pki.file("ca.pem"))).build()) {
            for (HttpClient c : List.of(jdk, hiper)) {
                assertThrows(SSLHandshakeException.class, () -> c.send(get(1, "/tls"), BodyHandlers.ofString()));
            }
            IOException e = assertThrows(IOException.class, () -> hiper.send(get(1, "/tls"), BodyHandlers.ofString()));
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void aCustomSslContextsTrustManagersJudgeTheServerOnBoth() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().sslContext(trustingTheRoot(pki)).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().sslContext(trustingTheRoot(pki)).build()) {
            List<String> seen = new ArrayList<>();
            for (HttpClient c : List.of(jdk, hiper)) {
                HttpResponse<String> r = c.send(get(0, "/tls"), BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                SSLSession s = r.sslSession().orElseThrow(() -> new AssertionError(c + ": no sslSession()"));
                X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
                seen.add(s.getProtocol() + " " + leaf.getSubjectX500Principal().getName());
                assertThrows(SSLHandshakeException.class, () -> c.send(get(1, "/tls"), BodyHandlers.ofString()),
                        c + ": the context trusts the root, but the name is wrong");
            }
            assertEquals(seen.get(0), seen.get(1), "the same protocol and server certificate");
        }
        try (HiperHttpClient plain = HiperHttpClient.newHttpClient()) {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(jetty.url("/tls"))).build(),
                    BodyHandlers.ofString());
            assertTrue(r.sslSession().isEmpty(), "no session over plain http");
        }
    }
}
