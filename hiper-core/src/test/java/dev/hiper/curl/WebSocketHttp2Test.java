package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.WebSocketConnectOnlyTest.message;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recv;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recvText;
import static dev.hiper.curl.WebSocketConnectOnlyTest.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyWsServer;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket over HTTP/2 (RFC 8441) against Jetty 12, whose HTTP/2 connectors allow extended
 * CONNECT: sessions on streams of one connection, over TLS (ALPN h2) and h2c with prior
 * knowledge, opted into by CURLOPT_HTTP_VERSION; the fallback to HTTP/1.1 when the server does
 * not allow it; a refused upgrade.
 */
@Timeout(120)
class WebSocketHttp2Test {
    private static JettyWsServer jetty;
    private static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("hiper-ws-h2");
        dir.toFile().deleteOnExit();
        pki = TestPki.create(dir);
        jetty = JettyWsServer.startH2(pki.serverTls(pki.server).context, 100, true);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    private static String tls(JettyWsServer server, String path) {
        return "wss://server.hiper.test:" + server.tlsPort() + path;
    }

    private static String plain(String path) {
        return "ws://127.0.0.1:" + jetty.port() + path;
    }

    /**
     * A session run from its write callback: each whole message received is kept and answered
     * with the next of {@code replies} (a String goes as TEXT, a byte[] as BINARY), the last one
     * with a CLOSE 1000; the server's CLOSE is kept.
     */
    static final class Scripted {
        final CurlEasy easy = CurlEasy.init();
        final List<Object> got = new ArrayList<>();
        final List<String> trace = Collections.synchronizedList(new ArrayList<>());
        int closeCode = -1;
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        Scripted(String url, long version, Object... replies) {
            easy.setopt(CURLOPT_URL, url);
            easy.setopt(CURLOPT_HTTP_VERSION, version);
            if (url.startsWith("wss:")) {
                easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + url.replaceAll(".*:(\\d+)/.*", "$1")
                        + ":127.0.0.1"));
                easy.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
            }
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> {
                if (type == CurlInfoType.CURLINFO_TEXT) {
                    trace.add(StandardCharsets.ISO_8859_1.decode(data).toString().trim());
                }
                return 0;
            });
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                int n = data.remaining();
                CurlWsFrame m = easy.wsMeta();
                byte[] b = new byte[n];
                data.get(b);
                if ((m.flags() & CURLWS_CLOSE) != 0) {
                    closeCode = b.length >= 2 ? (b[0] & 0xff) << 8 | b[1] & 0xff : 1005;
                    return n;
                }
                message.write(b, 0, n);
                if (m.bytesleft() > 0 || (m.flags() & CURLWS_CONT) != 0) {
                    return n;
                }
                got.add((m.flags() & CURLWS_TEXT) != 0 ? message.toString(StandardCharsets.UTF_8) : message.toByteArray());
                message.reset();
                int i = got.size() - 1;
                Object next = i < replies.length ? replies[i] : null;
                CurlCode c;
                if (next == null) {
                    c = easy.wsSend(ByteBuffer.wrap(new byte[] {3, (byte) 0xe8}), 0, CURLWS_CLOSE);
                } else if (next instanceof String text) {
                    c = easy.wsSend(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0, CURLWS_TEXT);
                } else {
                    c = easy.wsSend(ByteBuffer.wrap((byte[]) next), 0, CURLWS_BINARY);
                }
                return c == CurlCode.CURLE_OK ? n : 0;
            });
        }
    }

    private static byte[] big(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    /** Greeted, then text and a binary message past every window echoed, then the close handshake. */
    private static void echoes(String url, long version, String path) throws Exception {
        byte[] big = big(300_000);
        Scripted s = new Scripted(url, version, "héllo wörld", big);
        try (CurlEasy easy = s.easy) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer() + "\n" + String.join("\n", s.trace));
            assertEquals(3, s.got.size(), s.got.toString());
            assertEquals("welcome", s.got.get(0));
            assertEquals("héllo wörld", s.got.get(1));
            assertArrayEquals(big, (byte[]) s.got.get(2));
            assertEquals(1000, s.closeCode);
            assertEquals(200, easy.getinfo(CURLINFO_RESPONSE_CODE).longValue());
            assertEquals(CURL_HTTP_VERSION_2_0, easy.getinfo(CURLINFO_HTTP_VERSION).longValue());
            assertTrue(s.trace.stream().anyMatch(l -> l.startsWith("[WS] over HTTP/2 stream")), s.trace.toString());
        }
        assertEquals("HTTP/2.0", jetty.versions(path).poll(10, TimeUnit.SECONDS));
        assertEquals(1000, jetty.closes(path).poll(10, TimeUnit.SECONDS));
    }

    @Test
    void echoOverTlsWithAlpnH2() throws Exception {
        echoes(tls(jetty, "/greet"), CURL_HTTP_VERSION_2TLS, "/greet");
    }

    @Test
    void echoOverH2cWithPriorKnowledge() throws Exception {
        echoes(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, "/greet");
    }

    @Test
    void jettysPingIsAnsweredOnTheStream() throws Exception {
        Scripted s = new Scripted(tls(jetty, "/ping"), CURL_HTTP_VERSION_2_0);
        try (CurlEasy easy = s.easy) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(List.of("pong:probe"), s.got);
            assertEquals(1000, s.closeCode);
        }
        assertEquals(1000, jetty.closes("/ping").poll(10, TimeUnit.SECONDS));
    }

    @Test
    void theServersCloseEndsTheTransfer() throws Exception {
        Scripted s = new Scripted(plain("/close"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
        try (CurlEasy easy = s.easy) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(1001, s.closeCode);
            assertTrue(s.got.isEmpty());
        }
        assertEquals(1001, jetty.closes("/close").poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anUnmappedPathIsARefusedUpgrade() throws Exception {
        Scripted s = new Scripted(tls(jetty, "/nothing"), CURL_HTTP_VERSION_2TLS);
        try (CurlEasy easy = s.easy) {
            assertEquals(CurlCode.CURLE_HTTP_RETURNED_ERROR, easy.perform());
            assertTrue(easy.errorBuffer().startsWith("Refused WebSocket upgrade: 4"), easy.errorBuffer());
            assertEquals(CURL_HTTP_VERSION_2_0, easy.getinfo(CURLINFO_HTTP_VERSION).longValue());
        }
    }

    @Test
    void aServerWithoutExtendedConnectGetsHttp11() throws Exception {
        try (JettyWsServer old = JettyWsServer.startH2(pki.serverTls(pki.server).context, 100, false)) {
            Scripted s = new Scripted(tls(old, "/greet"), CURL_HTTP_VERSION_2TLS, "again");
            try (CurlEasy easy = s.easy) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer() + "\n" + String.join("\n", s.trace));
                assertEquals(List.of("welcome", "again"), s.got);
                assertEquals(101, easy.getinfo(CURLINFO_RESPONSE_CODE).longValue());
                assertEquals(CURL_HTTP_VERSION_1_1, easy.getinfo(CURLINFO_HTTP_VERSION).longValue());
                assertTrue(s.trace.stream().anyMatch(l -> l.contains("does not allow extended CONNECT")), s.trace.toString());
            }
            assertEquals("HTTP/1.1", old.versions("/greet").poll(10, TimeUnit.SECONDS));
            assertEquals(1000, old.closes("/greet").poll(10, TimeUnit.SECONDS));
            assertEquals(2, old.tlsConnections(), "the HTTP/2 connection, then one offering HTTP/1.1 only");
        }
    }

    @Test
    void withoutTheOptInAWebSocketStaysOnHttp11() throws Exception {
        Scripted s = new Scripted(tls(jetty, "/greet"), CURL_HTTP_VERSION_NONE, "x");
        long before = jetty.tlsConnections();
        try (CurlEasy easy = s.easy) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(List.of("welcome", "x"), s.got);
            assertEquals(101, easy.getinfo(CURLINFO_RESPONSE_CODE).longValue());
        }
        assertEquals("HTTP/1.1", jetty.versions("/greet").poll(10, TimeUnit.SECONDS));
        assertEquals(1000, jetty.closes("/greet").poll(10, TimeUnit.SECONDS));
        assertEquals(before + 1, jetty.tlsConnections());
    }

    /**
     * {@code count} sessions added at once with PIPEWAIT: on streams of as few connections as the
     * server's 100 concurrent streams allow.
     */
    private static void many(String url, long version, int count) throws Exception {
        boolean secure = url.startsWith("wss:");
        long before = secure ? jetty.tlsConnections() : jetty.plainConnections();
        List<Scripted> sessions = new ArrayList<>();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            for (int i = 0; i < count; i++) {
                Scripted s = new Scripted(url, version, "message " + i);
                s.easy.setopt(CURLOPT_VERBOSE, 0L);
                s.easy.setopt(CURLOPT_PIPEWAIT, 1L);
                sessions.add(s);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(s.easy));
            }
            int[] done = {0};
            List<String> failures = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            loop.runUntil(() -> {
                CurlMsg msg;
                while ((msg = multi.infoRead()) != null) {
                    done[0]++;
                    if (msg.result() != CurlCode.CURLE_OK) {
                        failures.add(msg.result() + " " + msg.easy().errorBuffer());
                    }
                }
                return done[0] == count || System.nanoTime() > deadline;
            });
            assertEquals(count, done[0], "every session ended");
            assertTrue(failures.isEmpty(), failures.size() + " failed, e.g. " + (failures.isEmpty() ? "" : failures.get(0)));
            for (int i = 0; i < count; i++) {
                Scripted s = sessions.get(i);
                assertEquals(List.of("welcome", "message " + i), s.got);
                assertEquals(1000, s.closeCode);
                assertEquals(200, s.easy.getinfo(CURLINFO_RESPONSE_CODE).longValue());
                multi.removeHandle(s.easy);
                s.easy.cleanup();
            }
        }
        for (int i = 0; i < count; i++) {
            assertEquals("HTTP/2.0", jetty.versions("/greet").poll(10, TimeUnit.SECONDS));
            assertEquals(1000, jetty.closes("/greet").poll(10, TimeUnit.SECONDS));
        }
        assertEquals(before + (count + 99) / 100, secure ? jetty.tlsConnections() : jetty.plainConnections(),
                "100 sessions on each connection");
    }

    @Test
    void aHundredSessionsShareOneTlsConnection() throws Exception {
        many(tls(jetty, "/greet"), CURL_HTTP_VERSION_2TLS, 100);
    }

    @Test
    void aHundredSessionsShareOneH2cConnection() throws Exception {
        many(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, 100);
    }

    @Test
    void aThousandSessionsTakeTenConnectionsAtTheServersLimitOfAHundredStreams() throws Exception {
        many(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, 1000);
    }

    private static CurlEasy connectOnly(String url, long version) {
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, url);
        easy.setopt(CURLOPT_HTTP_VERSION, version);
        easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
        if (url.startsWith("wss:")) {
            easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + jetty.tlsPort() + ":127.0.0.1"));
            easy.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        }
        return easy;
    }

    /** CONNECT_ONLY on one stream: wsSend and wsRecv carry text, a binary message past the windows, fragments, the close. */
    private static void connectOnlyEchoes(String url, long version) throws Exception {
        try (CurlEasy easy = connectOnly(url, version)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(200, easy.getinfo(CURLINFO_RESPONSE_CODE).longValue());
            assertEquals(CURL_HTTP_VERSION_2_0, easy.getinfo(CURLINFO_HTTP_VERSION).longValue());
            send(easy, ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)), CURLWS_TEXT, () -> { });
            assertEquals("héllo", recvText(easy));
            byte[] big = big(300_000);
            send(easy, ByteBuffer.wrap(big), CURLWS_BINARY, () -> { });
            int[] flags = new int[2];
            assertArrayEquals(big, message(easy, flags));
            assertEquals(CURLWS_BINARY, flags[1]);
            send(easy, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
            send(easy, ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT, () -> { });
            assertEquals("abcd", recvText(easy));
            send(easy, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8}), CURLWS_CLOSE, () -> { });
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
            assertEquals(1000, (dst.get(0) & 0xff) << 8 | dst.get(1) & 0xff);
            assertEquals(CurlCode.CURLE_GOT_NOTHING, recv(easy, dst), easy.errorBuffer());
        }
        assertEquals("HTTP/2.0", jetty.versions("/echo").poll(10, TimeUnit.SECONDS));
        assertEquals(1000, jetty.closes("/echo").poll(10, TimeUnit.SECONDS));
    }

    @Test
    void connectOnlyEchoOverH2c() throws Exception {
        connectOnlyEchoes(plain("/echo"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    }

    @Test
    void connectOnlyEchoOverTls() throws Exception {
        connectOnlyEchoes(tls(jetty, "/echo"), CURL_HTTP_VERSION_2TLS);
    }

    /**
     * A CONNECT_ONLY session's wsRecv reads the shared connection, and with it the answer to
     * another session's CONNECT, which the multi has not read: the multi's timer callback hears
     * that this transfer is to run now, so a loop driven by the callbacks alone (a SelectorLoop,
     * here with nothing else to wake it: the socket is drained) finishes it.
     */
    @Test
    void anotherSessionsAnswerReadByWsRecvStillFinishesItsTransfer() throws Exception {
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi);
                CurlEasy a = connectOnly(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
                CurlEasy b = connectOnly(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)) {
            a.setopt(CURLOPT_PIPEWAIT, 1L);
            b.setopt(CURLOPT_PIPEWAIT, 1L);
            List<CurlEasy> done = new ArrayList<>();
            loop.onDone(m -> {
                assertEquals(CurlCode.CURLE_OK, m.result(), m.easy().errorBuffer());
                done.add(m.easy());
            });
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(a));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            loop.runUntil(() -> done.contains(a) || System.nanoTime() > deadline);
            assertTrue(done.contains(a), "a opened");
            assertEquals("welcome", recvText(a));
            assertEquals("HTTP/2.0", jetty.versions("/greet").poll(10, TimeUnit.SECONDS));
            boolean[] sent = {false};
            b.setopt(CURLOPT_VERBOSE, 1L);
            b.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> {
                sent[0] |= type == CurlInfoType.CURLINFO_HEADER_OUT;
                return 0;
            });
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(b));
            // the multi runs until b's CONNECT went out on a's connection, and no further
            for (int i = 0; i < 100 && !sent[0]; i++) {
                loop.runOnce(0);
            }
            assertTrue(sent[0], "b's CONNECT sent");
            assertEquals("HTTP/2.0", jetty.versions("/greet").poll(10, TimeUnit.SECONDS), "the server opened b");
            // the answer is read by a's wsRecv, not by the multi: nothing of a's is in it
            WebSocketConnectOnlyTest.await(a, java.nio.channels.SelectionKey.OP_READ);
            assertEquals(CurlCode.CURLE_AGAIN, a.wsRecv(ByteBuffer.allocate(1024)));
            assertTrue(!done.contains(b));
            long bDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            loop.runUntil(() -> done.contains(b) || System.nanoTime() > bDeadline);
            assertTrue(done.contains(b), "b's transfer ran and finished");
            assertEquals("welcome", recvText(b));
            assertEquals(CURL_HTTP_VERSION_2_0, b.getinfo(CURLINFO_HTTP_VERSION).longValue());
            multi.removeHandle(a);
            multi.removeHandle(b);
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(jetty.closes("/greet").poll(10, TimeUnit.SECONDS) != null, "the server saw both sessions end");
        }
    }

    /**
     * Fifty CONNECT_ONLY sessions on streams of one connection: all send, then all receive (one
     * call's read of the connection queues the others' frames on their streams); one handle's
     * cleanup resets its stream alone, and the others go on echoing.
     */
    @Test
    void fiftyConnectOnlySessionsShareOneConnection() throws Exception {
        int count = 50;
        long before = jetty.plainConnections();
        List<CurlEasy> handles = new ArrayList<>();
        try (CurlMulti multi = CurlMulti.init()) {
            for (int i = 0; i < count; i++) {
                CurlEasy e = connectOnly(plain("/greet"), CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
                e.setopt(CURLOPT_PIPEWAIT, 1L);
                handles.add(e);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            }
            int done = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (done < count && System.nanoTime() < deadline) {
                multi.perform();
                CurlMsg m;
                while ((m = multi.infoRead()) != null) {
                    assertEquals(CurlCode.CURLE_OK, m.result(), m.easy().errorBuffer());
                    done++;
                }
                if (done < count) {
                    multi.poll(100);
                }
            }
            assertEquals(count, done);
            for (CurlEasy e : handles) {
                assertEquals(200, e.getinfo(CURLINFO_RESPONSE_CODE).longValue());
                assertEquals("welcome", recvText(e));
            }
            for (int round = 0; round < 2; round++) {
                for (int i = round; i < count; i++) {
                    send(handles.get(i), ByteBuffer.wrap(("r" + round + " " + i).getBytes(StandardCharsets.UTF_8)),
                            CURLWS_TEXT, () -> { });
                }
                for (int i = round; i < count; i++) {
                    assertEquals("r" + round + " " + i, recvText(handles.get(i)));
                }
                if (round == 0) {
                    multi.removeHandle(handles.get(0));
                    handles.get(0).cleanup(); // its stream is reset; the connection stays with the others
                    assertEquals(1006, jetty.closes("/greet").poll(10, TimeUnit.SECONDS));
                }
            }
            for (int i = 1; i < count; i++) {
                multi.removeHandle(handles.get(i));
                handles.get(i).cleanup();
            }
        }
        for (int i = 0; i < count; i++) {
            assertEquals("HTTP/2.0", jetty.versions("/greet").poll(10, TimeUnit.SECONDS));
        }
        for (int i = 1; i < count; i++) {
            assertTrue(jetty.closes("/greet").poll(10, TimeUnit.SECONDS) != null);
        }
        assertEquals(before + 1, jetty.plainConnections(), "every session on one connection");
    }
}
