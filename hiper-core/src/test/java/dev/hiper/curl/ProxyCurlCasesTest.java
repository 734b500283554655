package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.TunnelProxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What curl's own proxy test cases showed of libcurl's behaviour, on loopback: a
 * {@code CONNECT_TO} entry that changes nothing forces no tunnel (curl's 2050); a SOCKS hop in
 * front of an HTTP proxy does not resolve the origin (2055); the CONNECT reply counts in
 * {@code CURLINFO_HEADER_SIZE} (1288); a nul byte in its lines is 8 (2107); a 2xx reply's
 * Content-Length and Transfer-Encoding are ignored, and the trace says so (1287); a refusal's
 * chunked body is read, and broken chunked framing there is 56 (1715).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyCurlCasesTest {
    private static JettyServer jetty;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    private static String head(ScriptedServer s) throws InterruptedException {
        return new String(s.takeRequest(5000).head(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aConnectToEntryNamingTheUrlsOwnHostAndPortForcesNoTunnel() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond(200, "via proxy"));
            Sink sink = new Sink();
            CurlEasy e = easy("http://www.hiper.test:81/x", sink);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_CONNECT_TO, List.of("::www.hiper.test:81"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("via proxy", sink.text());
            assertTrue(head(proxy).startsWith("GET http://www.hiper.test:81/x HTTP/1.1\r\n"));
            // an entry that goes elsewhere does tunnel
            e.setopt(CURLOPT_CONNECT_TO, List.of("::other.hiper.test:82"));
            e.perform();
            assertTrue(head(proxy).startsWith("CONNECT other.hiper.test:82 HTTP/1.1\r\n"));
            e.close();
        }
    }

    @Test
    void aSocksHopBeforeAnHttpProxyLeavesTheOriginsNameToTheHttpProxy() throws Exception {
        try (TunnelProxy socks = TunnelProxy.start(TunnelProxy.Kind.SOCKS5); ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond(200, "forwarded"));
            Sink sink = new Sink();
            // no resolver knows this name: only the HTTP proxy may look it up
            CurlEasy e = easy("http://origin.invalid/y", sink);
            e.setopt(CURLOPT_PRE_PROXY, "socks5://127.0.0.1:" + socks.port());
            e.setopt(CURLOPT_PROXY, "http://127.0.0.1:" + proxy.port());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("forwarded", sink.text());
            assertTrue(head(proxy).startsWith("GET http://origin.invalid/y HTTP/1.1\r\n"));
            assertEquals(1, socks.tunnels());
            e.close();
        }
    }

    @Test
    void theConnectReplyCountsInTheHeaderSize() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT)) {
            List<String> lines = new ArrayList<>();
            CurlEasy e = easy(jetty.url("/bytes?n=10"), new Sink());
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                byte[] b = new byte[line.remaining()];
                line.get(b);
                lines.add(new String(b, StandardCharsets.ISO_8859_1));
                return b.length;
            });
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(lines.get(0).startsWith("HTTP/1.1 200 Connection established"), lines.toString());
            long all = lines.stream().mapToLong(String::length).sum();
            assertEquals(all, e.getinfo(CURLINFO_HEADER_SIZE), lines.toString());
            // a new handle (a new tunnel): suppressed from the callback, still counted
            CurlEasy quiet = e.duphandle();
            quiet.setopt(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
            lines.clear();
            assertEquals(CurlCode.CURLE_OK, quiet.perform(), quiet.errorBuffer());
            assertEquals(2, proxy.tunnels());
            assertFalse(lines.get(0).contains("Connection established"), lines.toString());
            assertEquals(all, quiet.getinfo(CURLINFO_HEADER_SIZE), lines.toString());
            quiet.close();
            e.close();
        }
    }

    @Test
    void aNulByteInTheConnectReplyIs8() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond("HTTP/1.1 200 OK\r\nX-Evil: he\0llo\r\n\r\n"));
            CurlEasy e = easy("http://x.hiper.test/", null);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            assertEquals(CurlCode.CURLE_WEIRD_SERVER_REPLY, e.perform());
            assertEquals("Nul byte in header", e.errorBuffer());
            e.close();
        }
    }

    @Test
    void aRefusalsChunkedBodyIsReadAndBrokenFramingIs56() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            // curl's 1715: Content-Length and chunked, the body not chunked at all
            proxy.enqueue(Action.respond("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 13\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nsome content\n"));
            // a well-formed chunked refusal, its body in two writes: the refusal itself, 7
            proxy.enqueue(Action.respond("HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nno, n"),
                    Action.respond("o\r\n0\r\n\r\n"));
            CurlEasy e = easy("http://x.hiper.test/", null);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            assertEquals(CurlCode.CURLE_RECV_ERROR, e.perform());
            assertTrue(e.errorBuffer().startsWith("chunk reading error"), e.errorBuffer());
            assertEquals(407L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform(), e.errorBuffer());
            assertEquals("CONNECT tunnel failed, response 403", e.errorBuffer());
            e.close();
        }
    }

    @Test
    void aSuccessfulConnectReplysLengthHeadersAreIgnoredAndTraced() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n"));
            proxy.enqueue(Action.respond(200, "inside"));
            Sink sink = new Sink();
            List<String> infos = new ArrayList<>();
            CurlEasy e = easy("http://t.hiper.test/z", sink);
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + proxy.port());
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            e.setopt(CURLOPT_VERBOSE, 1L);
            e.setopt(CURLOPT_DEBUGFUNCTION, (handle, type, data, u) -> {
                if (type == CurlInfoType.CURLINFO_TEXT) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    infos.add(new String(b, StandardCharsets.ISO_8859_1).trim());
                }
                return 0;
            });
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("inside", sink.text());
            assertTrue(infos.contains("Ignoring Content-Length in CONNECT 200 response"), infos.toString());
            assertTrue(infos.contains("Ignoring Transfer-Encoding in CONNECT 200 response"), infos.toString());
            e.close();
        }
    }
}
