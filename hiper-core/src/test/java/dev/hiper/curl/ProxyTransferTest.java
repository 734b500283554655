package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.SummedGet;
import dev.hiper.testkit.TunnelProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transfers through proxies on loopback: a scripted one that records what it gets, a
 * {@link TunnelProxy} that opens real CONNECT and SOCKS5 tunnels to Jetty, and raw sockets for
 * the faults. Each checks libcurl's wire format, codes and information.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyTransferTest {
    private static JettyServer jetty;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    private static String head(RecordedRequest r) {
        return new String(r.head(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void httpGoesToTheProxyInAbsoluteForm() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond(200, "via proxy"));
            Sink sink = new Sink();
            CurlEasy e = easy("http://user:pw@origin.hiper.test:81/a/b?c=d#frag", sink);
            e.setopt(CURLOPT_PROXY, "http://127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_PROXYUSERPWD, "pu:pp");
            e.setopt(CURLOPT_PROXYHEADER, List.of("X-To-Proxy: 1"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("via proxy", sink.text());
            assertEquals("GET http://origin.hiper.test:81/a/b?c=d HTTP/1.1\r\n"
                    + "Host: origin.hiper.test:81\r\n"
                    + "Proxy-Authorization: Basic cHU6cHA=\r\n"
                    + "Authorization: Basic dXNlcjpwdw==\r\n"
                    + "User-Agent: " + Curl.version() + "\r\n"
                    + "Accept: */*\r\n"
                    + "Proxy-Connection: Keep-Alive\r\n"
                    + "X-To-Proxy: 1\r\n\r\n", head(proxy.takeRequest(5000)));
            assertEquals(0L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            e.close();
        }
    }

    @Test
    void aForwardingProxysRefusalIsTheResponse() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start(); CurlEasy e = CurlEasy.init()) {
            proxy.setDefault(Action.respond("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"p\", Digest realm=\"p\", nonce=\"1\"\r\nContent-Length: 0\r\n\r\n"));
            e.setopt(CURLOPT_URL, "http://origin.hiper.test/");
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(407L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(CURLAUTH_BASIC | CURLAUTH_DIGEST, e.getinfo(CURLINFO_PROXYAUTH_AVAIL));
            assertEquals(0L, e.getinfo(CURLINFO_HTTPAUTH_AVAIL));
        }
    }

    @Test
    void aForwardingProxyConnectionServesEveryHttpOrigin() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start(); CurlEasy e = CurlEasy.init()) {
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_WRITEFUNCTION, new Sink());
            for (String host : new String[] {"one.hiper.test", "two.hiper.test", "one.hiper.test"}) {
                e.setopt(CURLOPT_URL, "http://" + host + "/");
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
            assertEquals(3, proxy.requestCount());
            assertEquals(1, proxy.connectionCount(), "one connection to the proxy, reused");
            // other credentials: another connection
            e.setopt(CURLOPT_PROXYUSERPWD, "a:b");
            assertEquals(CurlCode.CURLE_OK, e.perform());
            assertEquals(2, proxy.connectionCount());
        }
    }

    @Test
    void environmentProxyAndNoProxyAreInjectable() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start(); CurlEasy e = CurlEasy.init()) {
            Map<String, String> env = Map.of("http_proxy", "127.0.0.1:" + proxy.port(), "no_proxy", "skip.hiper.test");
            e.handle().proxy = e.handle().proxy.writable(); // the handle's own options, not the shared defaults
            e.handle().proxy.env = env::get;
            e.setopt(CURLOPT_WRITEFUNCTION, new Sink());
            e.setopt(CURLOPT_URL, "http://env.hiper.test/x");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(head(proxy.takeRequest(5000)).startsWith("GET http://env.hiper.test/x HTTP/1.1\r\n"));
            // a no_proxy host goes direct: to Jetty, not the proxy
            e.setopt(CURLOPT_URL, "http://skip.hiper.test:" + jetty.port() + "/bytes?n=10");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1, proxy.requestCount());
        }
    }

    @Test
    void connectTunnelForHttpWithProxytunnel() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            proxy.requireBasic("u", "p");
            SummedGet g = new SummedGet(jetty, 3, 200_000);
            g.easy.setopt(CURLOPT_PROXY, "http://u:p@127.0.0.1:" + proxy.port());
            g.easy.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            g.easy.setopt(CURLOPT_USERAGENT, "ua/9");
            assertEquals(CurlCode.CURLE_OK, g.easy.perform(), g.easy.errorBuffer());
            assertTrue(g.bodyOk());
            assertEquals(200L, g.easy.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals("CONNECT 127.0.0.1:" + jetty.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + jetty.port()
                    + "\r\nProxy-Authorization: Basic dTpw\r\nUser-Agent: ua/9\r\nProxy-Connection: Keep-Alive\r\n\r\n",
                    proxy.heads().get(0));
            // the tunnel is kept for the same origin
            assertEquals(CurlCode.CURLE_OK, g.easy.perform());
            assertEquals(1, proxy.tunnels());
            g.easy.close();
        }
    }

    @Test
    void theConnectReplyReachesTheHeaderCallbackUnlessSuppressed() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            for (long suppress : new long[] {0, 1}) {
                List<String> lines = new ArrayList<>();
                CurlEasy e = easy(jetty.url("/bytes?n=10"), new Sink());
                e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
                e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
                e.setopt(CURLOPT_SUPPRESS_CONNECT_HEADERS, suppress);
                e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                    byte[] b = new byte[line.remaining()];
                    line.get(b);
                    lines.add(new String(b, StandardCharsets.ISO_8859_1));
                    return b.length;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                String connectReply = "HTTP/1.1 200 Connection established\r\n";
                assertEquals(suppress == 0, lines.size() > 1 && lines.get(0).equals(connectReply), lines.toString());
                assertEquals(suppress == 0 ? 2 : 0, lines.stream().filter(l -> l.equals(connectReply) || l.equals("\r\n"))
                        .count() - 1, lines.toString());
                e.close();
            }
        }
    }

    @Test
    void httpsThroughTheTunnel() throws Exception {
        TlsFixture fx = TlsFixture.get();
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            CurlEasy e = fx.easy(TlsFixture.VALID, "/bytes?n=5000&seed=2", body);
            e.setopt(CURLOPT_RESOLVE, null);
            // the proxy cannot resolve the test's names: the tunnel goes to the address
            e.setopt(CURLOPT_CONNECT_TO, List.of("server.hiper.test::127.0.0.1:"));
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(5000, 2), body.toByteArray());
            assertEquals(200L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertTrue(proxy.heads().get(0).startsWith("CONNECT 127.0.0.1:" + fx.port(TlsFixture.VALID) + " "));
            e.close();
        }
    }

    @Test
    void httpsInsideTlsToAnHttpsProxy() throws Exception {
        TlsFixture fx = TlsFixture.get();
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT, fx.tls[TlsFixture.VALID].context)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            CurlEasy e = fx.easy(TlsFixture.VALID, "/bytes?n=70000&seed=4", body);
            e.setopt(CURLOPT_RESOLVE, null);
            e.setopt(CURLOPT_CONNECT_TO, List.of("server.hiper.test::127.0.0.1:"));
            e.setopt(CURLOPT_PROXY, "https://server.hiper.test:" + proxy.port());
            e.setopt(CURLOPT_PROXY_CAINFO, fx.pki.file("ca.pem"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(70000, 4), body.toByteArray(), "TLS inside TLS");
            assertEquals(200L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals(0L, e.getinfo(CURLINFO_PROXY_SSL_VERIFYRESULT));
            // the same handle again: the tunnel inside the proxy's TLS is reused
            body.reset();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(70000, body.size());
            assertEquals(1, proxy.tunnels());
            // a large upload: records of the origin's TLS inside the proxy's, both ways
            byte[] up = randomBytes(3 << 20, 77);
            body.reset();
            e.setopt(CURLOPT_URL, fx.url(TlsFixture.VALID, "server.hiper.test", "/echo"));
            e.setopt(CURLOPT_POSTFIELDS, up);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(up, body.toByteArray());

            // http:// forwarded over TLS to the proxy
            Sink sink = new Sink();
            CurlEasy f = easy("http://origin.hiper.test/x", sink);
            f.setopt(CURLOPT_PROXY, "https://server.hiper.test:" + proxy.port());
            f.setopt(CURLOPT_PROXY_CAINFO, fx.pki.file("ca.pem"));
            assertEquals(CurlCode.CURLE_OK, f.perform(), f.errorBuffer());
            assertEquals("forwarded", sink.text());
            assertTrue(proxy.heads().get(proxy.heads().size() - 1).startsWith("GET http://origin.hiper.test/x HTTP/1.1\r\n"));

            // the proxy's certificate is checked as the origin's would be
            f.setopt(CURLOPT_PROXY_CAINFO, null);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, f.perform());
            assertNotEquals(0L, f.getinfo(CURLINFO_PROXY_SSL_VERIFYRESULT));
            f.setopt(CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
            assertEquals(CurlCode.CURLE_OK, f.perform(), f.errorBuffer());
            f.setopt(CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
            f.setopt(CURLOPT_PROXY_CAINFO, fx.pki.file("ca.pem"));
            f.setopt(CURLOPT_PROXY, "https://v4.proxy.hiper.test:" + proxy.port());
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, f.perform(), "the certificate names another host");
            f.setopt(CURLOPT_PROXY_SSL_VERIFYHOST, 0L);
            assertEquals(CurlCode.CURLE_OK, f.perform(), f.errorBuffer());
            e.close();
            f.close();
        }
    }

    @Test
    void connectRefusedIs7WithTheCode() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond("HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno!"));
            CurlEasy e = easy("https://x.hiper.test/", null);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
            assertEquals("CONNECT tunnel failed, response 403", e.errorBuffer());
            assertEquals(403L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            e.close();
        }
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            proxy.requireBasic("u", "right");
            CurlEasy e = easy(jetty.url("/bytes?n=10"), null);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_PROXYUSERPWD, "u:wrong");
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
            assertEquals(407L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals(CURLAUTH_BASIC, e.getinfo(CURLINFO_PROXYAUTH_AVAIL));
            e.close();
        }
    }

    @Test
    void socks5AndSocks5hWithUserAndPassword() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.SOCKS5)) {
            proxy.requireBasic("su", "sp");
            for (String scheme : new String[] {"socks5", "socks5h"}) {
                SummedGet g = new SummedGet(jetty, 5, 100_000);
                g.easy.setopt(CURLOPT_URL, "http://127.0.0.1:" + jetty.port() + "/bytes?n=100000&seed=5");
                g.easy.setopt(CURLOPT_PROXY, scheme + "://su:sp@127.0.0.1:" + proxy.port());
                assertEquals(CurlCode.CURLE_OK, g.easy.perform(), g.easy.errorBuffer());
                assertTrue(g.bodyOk(), scheme);
                g.easy.close();
            }
            CurlEasy e = easy(jetty.url("/bytes?n=10"), null);
            e.setopt(CURLOPT_PROXY, "socks5h://su:nope@127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_PROXY, e.perform());
            assertEquals(CURLPX_USER_REJECTED, e.getinfo(CURLINFO_PROXY_ERROR));
            assertEquals("User was rejected by the SOCKS5 server (1 1).", e.errorBuffer());
            e.close();
        }
    }

    @Test
    void aRedirectToAnotherOriginRoutesAgainThroughTheProxy() throws Exception {
        InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.SOCKS5); ScriptedServer a = ScriptedServer.start();
                ScriptedServer b = ScriptedServer.start(second)) {
            a.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: http://b.hiper.test:" + b.port()
                    + "/next\r\nContent-Length: 0\r\n\r\n"));
            b.enqueue(Action.respond(200, "from b"));
            Sink sink = new Sink();
            CurlEasy e = easy("http://a.hiper.test:" + a.port() + "/", sink);
            e.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            e.setopt(CURLOPT_RESOLVE, List.of("a.hiper.test:" + a.port() + ":127.0.0.1",
                    "b.hiper.test:" + b.port() + ":127.0.0.2"));
            // socks5: hiper resolves each origin's name itself and hands the proxy the address
            e.setopt(CURLOPT_PROXY, "socks5://127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("from b", sink.text());
            assertEquals(List.of("127.0.0.1:" + a.port(), "127.0.0.2:" + b.port()), proxy.heads());
            e.close();
        }
    }

    /** A raw proxy that answers every connection with {@code reply} (null: says nothing, keeps it open). */
    private static ServerSocket rawProxy(byte[] reply, List<Socket> keep) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Socket s = ss.accept();
                    keep.add(s);
                    if (reply != null) {
                        s.getInputStream().read(new byte[64]);
                        s.getOutputStream().write(reply);
                    }
                }
            } catch (IOException ignored) {
                // closed by the test
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    @Test
    void garbageSocksReplyIs97() throws Exception {
        List<Socket> keep = new ArrayList<>();
        try (ServerSocket ss = rawProxy("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII), keep)) {
            CurlEasy e = easy(jetty.url("/bytes?n=10"), null);
            e.setopt(CURLOPT_PROXY, "socks5h://127.0.0.1:" + ss.getLocalPort());
            assertEquals(CurlCode.CURLE_PROXY, e.perform());
            assertEquals(CURLPX_BAD_VERSION, e.getinfo(CURLINFO_PROXY_ERROR));
            assertEquals("Received invalid version in initial SOCKS5 response.", e.errorBuffer());
            e.setopt(CURLOPT_PROXY, "socks4://127.0.0.1:" + ss.getLocalPort());
            assertEquals(CurlCode.CURLE_PROXY, e.perform());
            assertEquals(CURLPX_BAD_VERSION, e.getinfo(CURLINFO_PROXY_ERROR));
            e.close();
        } finally {
            for (Socket s : keep) {
                s.close();
            }
        }
    }

    @Test
    void aSilentProxyHitsTheConnectTimeout() throws Exception {
        List<Socket> keep = new ArrayList<>();
        try (ServerSocket ss = rawProxy(null, keep)) {
            for (String proxy : new String[] {"http://", "socks5h://"}) {
                CurlEasy e = easy("https://x.hiper.test/", null);
                e.setopt(CURLOPT_PROXY, proxy + "127.0.0.1:" + ss.getLocalPort());
                e.setopt(CURLOPT_CONNECTTIMEOUT_MS, 300L);
                assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, e.perform(), proxy);
                e.close();
            }
        } finally {
            for (Socket s : keep) {
                s.close();
            }
        }
    }

    @Test
    void aProxyClosingMidTunnelEndsThePartialTransfer() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            proxy.closeTunnelAfter(20_000);
            SummedGet g = new SummedGet(jetty, 1, 1_000_000);
            g.easy.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            g.easy.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            assertEquals(CurlCode.CURLE_PARTIAL_FILE, g.easy.perform(), g.easy.errorBuffer());
            assertTrue(g.got() < 1_000_000);
            g.easy.close();
        }
    }

    @Test
    void proxyNameUnresolvableIs5AndRefusedIs7() throws Exception {
        CurlEasy e = easy(jetty.url("/bytes?n=10"), new Sink());
        e.setopt(CURLOPT_PROXY, "http://no-such-proxy.invalid:3128");
        assertEquals(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, e.perform());
        assertTrue(e.errorBuffer().startsWith("Could not resolve proxy: no-such-proxy.invalid"), e.errorBuffer());
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        e.setopt(CURLOPT_PROXY, "socks5://127.0.0.1:" + closed);
        assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
        assertTrue(e.errorBuffer().contains("port " + closed), e.errorBuffer());
        // NOPROXY lets the same handle reach the origin directly
        e.setopt(CURLOPT_NOPROXY, "localhost, 127.0.0.0/8");
        assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        e.setopt(CURLOPT_PROXY, "ftp://p");
        e.setopt(CURLOPT_NOPROXY, null);
        assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
        assertEquals("Unsupported proxy scheme for 'ftp://p'", e.errorBuffer());
        e.close();
    }

    @Test
    void optionsValidateAsLibcurl() {
        try (CurlEasy e = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_PROXYTYPE, 99L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_PROXYTYPE, CURLPROXY_SOCKS5_HOSTNAME));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_PROXYPORT, 70000L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_PROXYAUTH, CURLAUTH_BASIC));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HEADEROPT, CURLHEADER_UNIFIED));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_PRE_PROXY, "socks4://p"));
            assertEquals(0L, e.getinfo(CURLINFO_PROXY_ERROR));
        }
    }
}
