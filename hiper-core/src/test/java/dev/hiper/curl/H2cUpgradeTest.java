package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CURL_HTTP_VERSION_2_0} on {@code http://}: the request offers {@code Upgrade: h2c} as
 * libcurl sends it; a 101 switches the connection to HTTP/2 with the request as stream 1
 * (Jetty's h2c connector), any other answer keeps HTTP/1.1 (a scripted server, checked byte for byte);
 * a request with a body makes no offer.
 */
@Timeout(60)
class H2cUpgradeTest {
    static JettyH2Server jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyH2Server.start(SSLContext.getDefault(), 100);
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    static List<String> headers(CurlEasy e) {
        List<String> lines = new ArrayList<>();
        e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
            int n = line.remaining();
            lines.add(StandardCharsets.ISO_8859_1.decode(line).toString());
            return n;
        });
        return lines;
    }

    static String settingsValue() {
        return dev.hiper.internal.http2.Http2Session.upgradeSettings(100);
    }

    /**
     * libcurl's value, byte for byte (curl's test 1800 expects it): streams at most 100, a stream
     * window of 64 KiB, no push, in that order, base64url without padding.
     */
    @Test
    void theSettingsValueIsLibcurls() {
        assertEquals("AAMAAABkAAQAAQAAAAIAAAAA", settingsValue());
        assertFalse(settingsValue().contains("="), "no padding (RFC 7540 section 3.2.1)");
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(settingsValue()));
        assertEquals(3, b.getShort());
        assertEquals(100, b.getInt());
        assertEquals(4, b.getShort());
        assertEquals(65536, b.getInt());
        assertEquals(2, b.getShort());
        assertEquals(0, b.getInt());
        assertFalse(b.hasRemaining());
    }

    /**
     * CURLINFO_HEADER_SIZE counts the 101's head too, as libcurl counts it: every header byte
     * handed to the header callback, the 101's lines and the HTTP/2 response's.
     */
    @Test
    void theHeaderSizeCountsThe101() {
        String url = "http://127.0.0.1:" + jetty.plainPort() + "/bytes?n=1000&seed=4";
        try (CurlEasy e = ContractKit.easy(url, new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
            List<String> lines = headers(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(lines.get(0).startsWith("HTTP/1.1 101 "), lines.toString());
            long all = lines.stream().mapToLong(String::length).sum();
            long of101 = lines.subList(0, lines.indexOf("\r\n") + 1).stream().mapToLong(String::length).sum();
            assertTrue(of101 > 0 && of101 < all, lines.toString());
            assertEquals(all, (long) e.getinfo(CURLINFO_HEADER_SIZE), lines.toString());
            // on the upgraded connection, the HTTP/2 response's head alone
            lines.clear();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(lines.stream().mapToLong(String::length).sum(), (long) e.getinfo(CURLINFO_HEADER_SIZE));
        }
    }

    @Test
    void jettySwitchesAndTheConnectionStaysHttp2() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String url = "http://127.0.0.1:" + jetty.plainPort() + "/bytes?n=300000&seed=3";
        try (CurlEasy e = ContractKit.easy(url, body)) {
            e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
            List<String> lines = headers(e);
            List<String> trace = TlsFixture.traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(300_000, 3), body.toByteArray());
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertTrue(lines.get(0).startsWith("HTTP/1.1 101 "), lines.toString());
            assertTrue(lines.contains("HTTP/2 200 \r\n"), lines.toString());
            assertTrue(trace.contains("Received 101, Switching to HTTP/2"), String.join("\n", trace));
            // the same handle again: the connection speaks HTTP/2 now, no offer is made
            body.reset();
            lines.clear();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(300_000, 3), body.toByteArray());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "reused");
            assertEquals("HTTP/2 200 \r\n", lines.get(0));
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
        }
    }

    /** After the switch, other transfers of the multi share the upgraded connection as streams. */
    @Test
    void theUpgradedConnectionCarriesOtherStreams() {
        long before = jetty.plainConnections();
        List<CurlEasy> easies = new ArrayList<>();
        List<ByteArrayOutputStream> bodies = new ArrayList<>();
        try (ContractKit kit = ContractKit.real()) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            CurlEasy e0 = ContractKit.easy("http://127.0.0.1:" + jetty.plainPort() + "/bytes?n=1000&seed=0", first);
            e0.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
            easies.add(e0);
            assertEquals(CurlMCode.CURLM_OK, kit.add(e0));
            kit.runUntil(() -> kit.done.size() == 1, 30_000, "the upgrade");
            assertEquals(CurlCode.CURLE_OK, kit.resultOf(e0), e0.errorBuffer());
            kit.remove(e0);
            for (int i = 1; i <= 20; i++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                CurlEasy e = ContractKit.easy("http://127.0.0.1:" + jetty.plainPort() + "/bytes?n=5000&seed=" + i, b);
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
                easies.add(e);
                bodies.add(b);
                assertEquals(CurlMCode.CURLM_OK, kit.add(e));
            }
            kit.runUntil(() -> kit.done.size() == 21, 30_000, "20 streams");
            for (int i = 1; i <= 20; i++) {
                CurlEasy e = easies.get(i);
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(e), e.errorBuffer());
                assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
                assertArrayEquals(JettyServer.expectedBytes(5000, i), bodies.get(i - 1).toByteArray());
            }
            assertEquals(1, jetty.plainConnections() - before, "one connection for all");
            kit.assertNoViolations();
        } finally {
            easies.forEach(CurlEasy::close);
        }
    }

    /** nghttpd speaks HTTP/2 at once to any request: a failure with libcurl's code, not a hang. */
    @Test
    void aServerThatAnswersInHttp2WithoutA101Fails(@TempDir Path dir) throws Exception {
        Path bin = ServerProcess.executable("/usr/sbin/nghttpd", "nghttp2-server");
        int port = ServerProcess.freePort();
        try (ServerProcess nghttpd = ServerProcess.start(dir, "nghttpd", List.of(bin.toString(), "--no-tls", "-a",
                "127.0.0.1", "-d", dir.toString(), String.valueOf(port)), port);
                CurlEasy e = ContractKit.easy("http://127.0.0.1:" + port + "/", null)) {
            e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, e.perform());
            assertEquals("Received HTTP/0.9 when not allowed", e.errorBuffer());
        }
    }

    @Test
    void aServerThatIgnoresTheOfferIsSpokenToInHttp11() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Action.respond(200, "plain"));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy e = ContractKit.easy(server.url("/x"), body)) {
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals("plain", body.toString(StandardCharsets.ISO_8859_1));
                assertEquals(CURL_HTTP_VERSION_1_1, e.getinfo(CURLINFO_HTTP_VERSION));
            }
            RecordedRequest r = server.takeRequest(5_000);
            assertEquals("GET /x HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUser-Agent: hiper/"
                    + Curl.VERSION + "\r\nAccept: */*\r\nUpgrade: h2c\r\nHTTP2-Settings: " + settingsValue()
                    + "\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
                    new String(r.head(), StandardCharsets.ISO_8859_1), "libcurl's order (its test 1800)");
        }
    }

    @Test
    void aRequestWithABodyMakesNoOffer() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Action.respond(200, "ok"));
            try (CurlEasy e = ContractKit.easy(server.url("/post"), null)) {
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
                e.setopt(CURLOPT_POSTFIELDS, "a=b".getBytes(StandardCharsets.US_ASCII));
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
            String head = new String(server.takeRequest(5_000).head(), StandardCharsets.ISO_8859_1);
            assertFalse(head.contains("Upgrade"), head);
            assertFalse(head.contains("HTTP2-Settings"), head);
        }
    }

    @Test
    void http11AndPriorKnowledgeMakeNoOffer() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Action.respond(200, "ok"));
            try (CurlEasy e = ContractKit.easy(server.url("/plain"), null)) {
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
            String head = new String(server.takeRequest(5_000).head(), StandardCharsets.ISO_8859_1);
            assertFalse(head.contains("Upgrade"), head);
        }
    }
    /** libcurl offers the multi's CURLMOPT_MAX_CONCURRENT_STREAMS there, not a fixed 100. */
    @Test
    void theOfferCarriesTheMultisStreamLimit() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init()) {
            server.enqueue(Action.respond(200, "ok"));
            assertEquals(CurlMCode.CURLM_OK, multi.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, 7L));
            try (CurlEasy e = ContractKit.easy(server.url("/seven"), null)) {
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_0);
                multi.addHandle(e);
                multi.perform();
                for (int i = 0; i < 500 && multi.runningHandles() > 0; i++) {
                    multi.poll(20);
                    multi.perform();
                }
                CurlMsg done = multi.infoRead();
                assertEquals(CurlCode.CURLE_OK, done.result(), e.errorBuffer());
                multi.removeHandle(e);
            }
            String head = new String(server.takeRequest(5_000).head(), StandardCharsets.ISO_8859_1);
            String value = head.substring(head.indexOf("HTTP2-Settings: ") + 16, head.indexOf("\r\nConnection:"));
            ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(value));
            assertEquals(3, b.getShort());
            assertEquals(7, b.getInt(), "SETTINGS_MAX_CONCURRENT_STREAMS");
        }
    }
}
