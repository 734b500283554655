package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.TunnelProxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 407 to CONNECT (libcurl's cf-h1-proxy authentication loop) on real loopback sockets: a
 * scripted proxy plays the CONNECT replies and then the origin inside the tunnel. The second
 * CONNECT goes on the same connection when the 407's body has a length and the proxy keeps the
 * connection, on a new one when it closes; a final 407 fails as libcurl fails it.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyAuthTunnelTest {
    private ScriptedServer proxy;

    @BeforeEach
    void start() {
        proxy = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = proxy.takeRequest(5000);
        assertNotNull(r, "the proxy got a request");
        return r;
    }

    private CurlEasy tunnelled(Sink body, long auth) {
        CurlEasy easy = easy("http://origin.example:8080/in", body);
        easy.setopt(CURLOPT_PROXY, "http://127.0.0.1:" + proxy.port());
        easy.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
        easy.setopt(CURLOPT_PROXYAUTH, auth);
        easy.setopt(CURLOPT_PROXYUSERPWD, "silly:person");
        return easy;
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder();
        for (byte x : d) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    @Test
    void digestOnTheSameConnectionAfterTheBodyIsRead() throws Exception {
        proxy.enqueue(Action.respond("HTTP/1.1 407 Who\r\nProxy-Authenticate: Digest realm=\"weirdorealm\", "
                + "nonce=\"12345\"\r\nContent-Length: 33\r\n\r\nAnd you should ignore this data."
                + "\r\n"));
        proxy.enqueue(Action.respond("HTTP/1.1 200 Connection established\r\n\r\n"));
        proxy.enqueue(Action.respond(200, "inside"));
        Sink body = new Sink();
        try (CurlEasy easy = tunnelled(body, CURLAUTH_DIGEST)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String first = ascii(take().head());
            assertTrue(first.startsWith("CONNECT origin.example:8080 HTTP/1.1\r\n"), first);
            assertFalse(first.contains("Proxy-Authorization"), "Digest waits for the nonce");
            String second = ascii(take().head());
            String ha1 = md5("silly:weirdorealm:person");
            String ha2 = md5("CONNECT:origin.example:8080");
            assertTrue(second.contains("\r\nProxy-Authorization: Digest username=\"silly\", realm=\"weirdorealm\", "
                    + "nonce=\"12345\", uri=\"origin.example:8080\", response=\"" + md5(ha1 + ":12345:" + ha2)
                    + "\"\r\n"), second);
            assertTrue(ascii(take().head()).startsWith("GET /in HTTP/1.1\r\n"));
            assertEquals("inside", body.text());
            assertEquals(1, proxy.connectionCount(), "the same connection");
            assertEquals(200L, easy.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_PROXYAUTH_AVAIL));
        }
    }

    @Test
    void anyOnANewConnectionWhenTheProxyCloses() throws Exception {
        proxy.enqueue(Action.respond("HTTP/1.1 407 Who\r\nProxy-Authenticate: Basic realm=\"p\"\r\n"
                + "Connection: close\r\n\r\n"), Action.close());
        proxy.enqueue(Action.respond("HTTP/1.1 200 Connection established\r\n\r\n"));
        proxy.enqueue(Action.respond(200, "again"));
        Sink body = new Sink();
        try (CurlEasy easy = tunnelled(body, CURLAUTH_ANY)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertFalse(ascii(take().head()).contains("Proxy-Authorization"), "asks first");
            assertTrue(ascii(take().head()).contains("\r\nProxy-Authorization: Basic c2lsbHk6cGVyc29u\r\n"));
            assertEquals("again", body.text());
            assertEquals(2, proxy.connectionCount(), "a new connection for the second CONNECT");
            assertEquals(CURLAUTH_BASIC, (long) easy.getinfo(CURLINFO_PROXYAUTH_USED));
        }
    }

    @Test
    void theConnectCodeIsSetFromEachReplysStatusLineOnAsInLibcurl() throws Exception {
        proxy.enqueue(Action.respond("HTTP/1.1 407 Who\r\nProxy-Authenticate: Basic realm=\"p\"\r\n"
                + "Connection: close\r\n\r\n"), Action.close());
        proxy.enqueue(Action.respond("HTTP/1.1 200 Connection established\r\n\r\n"));
        proxy.enqueue(Action.respond(200, "again"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        CurlEasy[] holder = new CurlEasy[1];
        try (CurlEasy easy = tunnelled(new Sink(), CURLAUTH_ANY)) {
            holder[0] = easy;
            easy.setopt(CURLOPT_HEADERFUNCTION, (line, ud) -> {
                String text = StandardCharsets.ISO_8859_1.decode(line.duplicate()).toString().trim();
                // a header callback tells the proxy's lines from the origin's by this code
                seen.add(holder[0].getinfo(CURLINFO_HTTP_CONNECTCODE) + " " + (text.isEmpty() ? "(end)"
                        : text.split(" ")[0]));
                return line.remaining();
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        // as libcurl: 0 on the first status line, each reply's code from its status line on
        assertEquals(java.util.List.of("0 HTTP/1.1", "407 Proxy-Authenticate:", "407 Connection:", "407 (end)",
                "407 HTTP/1.1", "200 (end)", "200 HTTP/1.1"), seen.subList(0, 7), seen.toString());
        for (String s : seen.subList(7, seen.size())) {
            assertTrue(s.startsWith("200 "), "the origin's lines keep the tunnel's code: " + seen);
        }
    }

    @Test
    void aFinal407FailsTheTunnel() throws Exception {
        String refusal = "HTTP/1.1 407 No\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n";
        proxy.enqueue(Action.respond(refusal));
        proxy.enqueue(Action.respond(refusal));
        try (CurlEasy easy = tunnelled(new Sink(), CURLAUTH_BASIC)) {
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, easy.perform());
            assertEquals("CONNECT tunnel failed, response 407", easy.errorBuffer());
            assertEquals(407L, easy.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals(1, proxy.requestCount(), "Basic was sent and refused: no second try");
        }
    }

    @Test
    void aProxyThatKeepsAskingIsBounded() throws Exception {
        String stale = "HTTP/1.1 407 No\r\nProxy-Authenticate: Digest realm=\"p\", nonce=\"%d\", stale=true\r\n"
                + "Content-Length: 0\r\n\r\n";
        for (int i = 0; i < 40; i++) {
            proxy.enqueue(Action.respond(String.format(stale, i)));
        }
        try (CurlEasy easy = tunnelled(new Sink(), CURLAUTH_DIGEST)) {
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, easy.perform());
            assertTrue(proxy.requestCount() <= 12, "requests: " + proxy.requestCount());
        }
    }

    @Test
    void aRealTunnelProxyWithBasic() throws Exception {
        try (TunnelProxy real = TunnelProxy.start(TunnelProxy.Kind.CONNECT); ScriptedServer origin = ScriptedServer.start()) {
            real.requireBasic("silly", "person");
            origin.enqueue(Action.respond(200, "via proxy"));
            Sink body = new Sink();
            try (CurlEasy easy = easy(origin.url("/t"), body)) {
                easy.setopt(CURLOPT_PROXY, "http://127.0.0.1:" + real.port());
                easy.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
                easy.setopt(CURLOPT_PROXYAUTH, CURLAUTH_ANY);
                easy.setopt(CURLOPT_PROXYUSERPWD, "silly:person");
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals("via proxy", body.text());
            }
        }
    }
}
