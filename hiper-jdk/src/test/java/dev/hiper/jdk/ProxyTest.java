package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.TunnelProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's {@code ProxySelector}, side by side with the JDK's client: an HTTP proxy gets
 * {@code http://} requests in absolute form; a SOCKS proxy, which the JDK's client does not use,
 * leaves the request direct on both; {@code NO_PROXY} goes direct.
 */
@Timeout(60)
class ProxyTest extends SideBySide {
    private static ProxySelector only(Proxy p) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(p);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

    @Test
    void anHttpProxyForwardsPlainRequestsInAbsoluteForm() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()));
            String url = plain.url("/text");
            Seen seen;
            try (HiperHttpClient hiper = HiperHttpClient.newBuilder().proxy(selector).build()) {
                HttpClient jdk = HttpClient.newBuilder().proxy(selector).version(HttpClient.Version.HTTP_1_1).build();
                Seen a = Seen.of(jdk.send(get(url), BodyHandlers.ofString()));
                Seen b = Seen.of(hiper.send(get(url), BodyHandlers.ofString()));
                assertEquals(a.status(), b.status());
                assertEquals(a.body(), b.body());
                seen = b;
            }
            assertEquals("forwarded", seen.body(), "the proxy answered, not the origin");
            List<String> heads = proxy.heads();
            assertEquals(2, heads.size(), heads.toString());
            for (String head : heads) {
                assertTrue(head.startsWith("GET " + url + " HTTP/1.1"), head);
            }
        }
    }

    @Test
    void aSocksProxyIsNotUsedAsTheJdkClientDoesNot() throws Exception {
        try (TunnelProxy socks = TunnelProxy.start(TunnelProxy.Kind.SOCKS5)) {
            ProxySelector selector = only(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socks.port())));
            try (HiperHttpClient hiper = HiperHttpClient.newBuilder().proxy(selector).build()) {
                HttpClient jdk = HttpClient.newBuilder().proxy(selector).build();
                Seen a = Seen.of(jdk.send(get(plain.url("/text")), BodyHandlers.ofString()));
                Seen b = Seen.of(hiper.send(get(plain.url("/text")), BodyHandlers.ofString()));
                assertEquals(a.body(), b.body());
                assertEquals(JdkServer.TEXT, b.body());
            }
            assertEquals(0, socks.connections(), "nobody went through the SOCKS proxy");
        }
    }

    @Test
    void noProxyGoesDirect() throws Exception {
        try (HiperHttpClient direct = HiperHttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
            assertEquals(JdkServer.TEXT, direct.send(get(plain.url("/text")), BodyHandlers.ofString()).body());
        }
    }
}
