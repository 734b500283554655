package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.jdk.SideBySide.Seen;
import dev.hiper.testkit.TunnelProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
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

    /**
     * A refused tunnel, on each client, through a proxy that answers every CONNECT with
     * {@code reply} and closes: the exception's class and message, or the status.
     */
    private List<String> refused(String reply) throws Exception {
        List<String> seen = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.setSoTimeout(10_000);
                        InputStream in = s.getInputStream();
                        StringBuilder head = new StringBuilder();
                        int c;
                        while (head.indexOf("\r\n\r\n") < 0 && (c = in.read()) >= 0) {
                            head.append((char) c);
                        }
                        s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the next connection, or closed
                    }
                }
            }, "ScriptedProxy");
            t.setDaemon(true);
            t.start();
            ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", listener.getLocalPort()));
            ProxyAuthTest.NotingAuthenticator auth = new ProxyAuthTest.NotingAuthenticator(TunnelAuthCase::right);
            HttpClient jdk = HttpClient.newBuilder().proxy(selector).authenticator(auth)
                    .sslContext(TlsTest.trustingTheRoot(pki)).build();
            try (HiperHttpClient hiper = HiperHttpClient.newBuilder().proxy(selector).authenticator(auth)
                    .sslContext(TlsTest.trustingTheRoot(pki)).build()) {
                for (HttpClient c : List.of(jdk, hiper)) {
                    try {
                        seen.add("status " + c.send(get(0), BodyHandlers.ofString()).statusCode());
                    } catch (IOException e) {
                        seen.add(e.getClass().getName() + ": " + e.getMessage());
                    }
                }
            }
            assertEquals(List.of(), auth.questions);
        }
        return seen;
    }

    @Test
    void a407WithoutProxyAuthenticateFailsBothAlike() throws Exception {
        List<String> seen = refused("HTTP/1.1 407 Who\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals(kind(seen.get(0)), kind(seen.get(1)), seen.toString());
        // the JDK's client's own message (JDK 17); JDK 25's client loses it to a
        // NullPointerException of its exchange's clean-up, wrapped in an IOException
        assertEquals("java.io.IOException: Proxy-Authenticate header missing for response code 407", seen.get(1));
    }

    @Test
    void aTunnelRefusedOtherwiseIsAnIOExceptionOnBoth() throws Exception {
        List<String> seen = refused("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("java.io.IOException", "java.io.IOException"), List.of(kind(seen.get(0)), kind(seen.get(1))));
        assertEquals("java.io.IOException: CONNECT tunnel failed, response 403", seen.get(1), "libcurl's message");
    }

    private static String kind(String seen) {
        int colon = seen.indexOf(':');
        return colon < 0 ? seen : seen.substring(0, colon);
    }
}
