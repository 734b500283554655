package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiper.jdk.ProxyAuthTest.NotingAuthenticator;
import dev.hiper.jdk.SideBySide.Seen;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.JettyServer.TlsEndpoint;
import dev.hiper.testkit.TestPki;
import dev.hiper.testkit.TunnelProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tunnel tests share: a TLS origin (Jetty, two ports with the same certificate), a
 * loopback CONNECT proxy that wants {@code Proxy-Authorization: Basic} (the test kit's
 * {@link TunnelProxy}, which answers a CONNECT without the right credentials with a 407 naming
 * realm "t" and closes), and a scenario run on the JDK's client and on {@link HiperHttpClient}
 * with the same requests, each client with its own noting authenticator. Both must end with the
 * same responses (or exceptions), ask the same questions and send the proxy the same CONNECTs.
 */
abstract class TunnelAuthCase {
    static final String USER = "tu";
    static final String PASSWORD = "tp";
    @TempDir
    static Path dir;
    static TestPki pki;
    static JettyServer origin;
    TunnelProxy proxy;

    @BeforeAll
    static void startOrigin() {
        pki = TestPki.create(dir);
        origin = JettyServer.startTls(new TlsEndpoint(pki.serverTls(pki.server).context, false),
                new TlsEndpoint(pki.serverTls(pki.server).context, false));
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT);
        proxy.requireBasic(USER, PASSWORD);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** A GET of 100 bytes from the origin's {@code endpoint}-th port. */
    static HttpRequest get(int endpoint) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + origin.tlsPort(endpoint) + "/bytes?n=100&seed=3"))
                .build();
    }

    /** What one client did: its results (a chain of responses, or the exception), the questions, the CONNECTs. */
    record Run(List<Object> results, List<String> questions, List<String> connects) {
    }

    /** The results of sending {@code requests} in order on {@code client}. */
    private Run run(HttpClient client, NotingAuthenticator auth, List<HttpRequest> requests) {
        int before = proxy.heads().size();
        List<Object> results = new ArrayList<>();
        for (HttpRequest r : requests) {
            try {
                HttpResponse<byte[]> resp = client.send(r, BodyHandlers.ofByteArray());
                List<Object> chain = new ArrayList<>();
                for (HttpResponse<byte[]> p = resp; p != null; p = p.previousResponse().orElse(null)) {
                    chain.add(p == resp ? Seen.of(p) : p.statusCode() + " " + p.uri() + " " + p.request().method()
                            + " body=" + p.body());
                }
                results.add(chain);
            } catch (IOException | InterruptedException e) {
                results.add(e.getClass().getName() + ": " + e.getMessage());
            }
        }
        List<String> connects = new ArrayList<>();
        for (String head : proxy.heads().subList(before, proxy.heads().size())) {
            // the request line and the credentials: the rest differs by design (User-Agent,
            // Proxy-Connection, which hiper sends as libcurl does)
            StringBuilder noted = new StringBuilder();
            for (String line : head.split("\r\n")) {
                if (line.startsWith("CONNECT ") || line.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                    noted.append(line).append('\n');
                }
            }
            connects.add(noted.toString());
        }
        return new Run(results, auth == null ? List.of() : List.copyOf(auth.questions), connects);
    }

    /**
     * Sends {@code requests} on each client (through the proxy, trusting the test root, HTTP/1.1),
     * with an authenticator that answers what {@code answer} gives, or none; asserts that both
     * did the same and returns hiper's run.
     */
    Run sameRun(Supplier<PasswordAuthentication> answer, boolean withAuthenticator, HttpRequest... requests)
            throws Exception {
        ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()));
        NotingAuthenticator jdkAuth = withAuthenticator ? new NotingAuthenticator(answer) : null;
        NotingAuthenticator hiperAuth = withAuthenticator ? new NotingAuthenticator(answer) : null;
        HttpClient.Builder jb = HttpClient.newBuilder().proxy(selector).version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsTest.trustingTheRoot(pki));
        HiperHttpClient.Builder hb = HiperHttpClient.newBuilder().proxy(selector).version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsTest.trustingTheRoot(pki));
        if (withAuthenticator) {
            jb.authenticator(jdkAuth);
            hb.authenticator(hiperAuth);
        }
        Run a = run(jb.build(), jdkAuth, List.of(requests));
        Run b;
        try (HiperHttpClient hiper = hb.build()) {
            b = run(hiper, hiperAuth, List.of(requests));
        }
        assertEquals(a.results(), b.results(), "the JDK's client and hiper's disagree");
        assertEquals(a.questions(), b.questions(), "the authenticator was asked differently");
        assertEquals(a.connects(), b.connects(), "the proxy got different CONNECTs");
        return b;
    }

    static PasswordAuthentication right() {
        return new PasswordAuthentication(USER, PASSWORD.toCharArray());
    }
}
