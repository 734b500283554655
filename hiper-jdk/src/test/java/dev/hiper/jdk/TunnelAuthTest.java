package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.jdk.SideBySide.Seen;
import dev.hiper.testkit.TunnelProxy;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CONNECT tunnel's 407 with the JDK's default, side by side: {@code $JAVA_HOME/conf/net.properties}
 * sets {@code jdk.http.auth.tunneling.disabledSchemes=Basic} and this JVM does not override it, so
 * neither client asks its authenticator for a tunnel: the proxy's 407 is the response, with the
 * proxy's headers and a null body. (With the property empty: {@link TunnelAuthEnabledTest}, in a
 * JVM of its own, since both clients read the property once.) Also https through a proxy that
 * wants nothing, the tunnel's own head never taken for the origin's.
 */
@Timeout(60)
class TunnelAuthTest extends TunnelAuthCase {
    @Test
    void thisJvmKeepsTheJdkDefault() {
        assertNull(System.getProperty("jdk.http.auth.tunneling.disabledSchemes"));
    }

    @Test
    void withTheDefaultThe407IsTheResponseAndNobodyIsAsked() throws Exception {
        Run run = sameRun(TunnelAuthCase::right, true, get(0));
        assertEquals(List.of(), run.questions());
        assertEquals(List.of("CONNECT 127.0.0.1:" + origin.tlsPort(0) + " HTTP/1.1\n"), run.connects());
        @SuppressWarnings("unchecked")
        List<Object> chain = (List<Object>) run.results().get(0);
        assertEquals(1, chain.size(), chain.toString());
        Seen seen = (Seen) chain.get(0);
        assertEquals(407, seen.status());
        assertNull(seen.body(), "the proxy's body is not read, as in the JDK's client");
        assertEquals(List.of("Basic realm=\"t\""), seen.headers().get("Proxy-Authenticate"));
        assertEquals(get(0).uri(), seen.uri());
    }

    @Test
    void withoutAnAuthenticatorThe407IsTheResponse() throws Exception {
        Run run = sameRun(TunnelAuthCase::right, false, get(0), get(1));
        for (Object r : run.results()) {
            @SuppressWarnings("unchecked")
            List<Object> chain = (List<Object>) r;
            assertEquals(407, ((Seen) chain.get(0)).status(), chain.toString());
        }
        assertEquals(2, run.connects().size());
    }

    @Test
    void httpsThroughAProxyThatWantsNothingGivesTheOriginsResponse() throws Exception {
        try (TunnelProxy open = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", open.port()));
            HttpClient jdk = HttpClient.newBuilder().proxy(selector).version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TlsTest.trustingTheRoot(pki)).build();
            try (HiperHttpClient hiper = HiperHttpClient.newBuilder().proxy(selector)
                    .version(HttpClient.Version.HTTP_1_1).sslContext(TlsTest.trustingTheRoot(pki)).build()) {
                for (int i = 0; i < 2; i++) {
                    Seen a = Seen.of(jdk.send(get(0), BodyHandlers.ofByteArray()));
                    Seen b = Seen.of(hiper.send(get(0), BodyHandlers.ofByteArray()));
                    assertEquals(a, b);
                    assertEquals(200, b.status());
                    assertEquals(List.of("100"), b.headers().get("Content-Length"), "the origin's head");
                }
            }
            assertEquals(2, open.tunnels(), "one tunnel for each client, reused");
        }
    }
}
