package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.WebSocketConnectOnlyTest.message;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recv;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recvText;
import static dev.hiper.curl.WebSocketConnectOnlyTest.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyWsServer;
import dev.hiper.testkit.TestPki;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** hiper's WebSocket against Jetty 12's WebSocket server in the same JVM, plain and over TLS. */
@Timeout(120)
class WebSocketJettyTest {
    private static JettyWsServer jetty;
    private static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("hiper-ws-tls");
        dir.toFile().deleteOnExit();
        pki = TestPki.create(dir);
        jetty = JettyWsServer.startTls(pki.serverTls(pki.server).context);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    private static CurlEasy connect(String url) {
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, url);
        easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
        if (url.startsWith("wss:")) {
            easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + jetty.tlsPort() + ":127.0.0.1"));
            easy.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        }
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        return easy;
    }

    private static String plain(String path) {
        return "ws://127.0.0.1:" + jetty.port() + path;
    }

    private static String tls(String path) {
        return "wss://server.hiper.test:" + jetty.tlsPort() + path;
    }

    private void echoes(String url) throws Exception {
        try (CurlEasy easy = connect(url)) {
            send(easy, ByteBuffer.wrap("héllo wörld".getBytes(StandardCharsets.UTF_8)), CURLWS_TEXT, () -> { });
            assertEquals("héllo wörld", recvText(easy));
            assertEquals(CURLWS_TEXT, easy.wsMeta().flags());
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i % 251);
            }
            send(easy, ByteBuffer.wrap(big), CURLWS_BINARY, () -> { });
            int[] flags = new int[2];
            assertArrayEquals(big, message(easy, flags));
            assertEquals(CURLWS_BINARY, flags[1]);
            // a message sent in three fragments comes back whole
            send(easy, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
            send(easy, ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
            send(easy, ByteBuffer.wrap("ef".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT, () -> { });
            assertEquals("abcdef", recvText(easy));
            // the close handshake: our CLOSE, the server's answer, then the end
            byte[] bye = {0x03, (byte) 0xe8};
            send(easy, ByteBuffer.wrap(bye), CURLWS_CLOSE, () -> { });
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst));
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
            assertEquals(1000, (dst.get(0) & 0xff) << 8 | dst.get(1) & 0xff);
            assertEquals(CurlCode.CURLE_GOT_NOTHING, recv(easy, dst));
        }
        assertEquals(1000, jetty.closes("/echo").poll(10, TimeUnit.SECONDS));
    }

    @Test
    void echoTextBinaryFragmentsAndClosePlain() throws Exception {
        echoes(plain("/echo"));
    }

    @Test
    void echoTextBinaryFragmentsAndCloseOverTls() throws Exception {
        echoes(tls("/echo"));
    }

    /** What the session's TLS layer holds between the application's calls: its buffers' capacities. */
    private static int tlsBufferBytes(CurlEasy easy) throws ReflectiveOperationException {
        Object held = easy.handle().ws;
        java.lang.reflect.Field c = held.getClass().getDeclaredField("connection");
        c.setAccessible(true);
        Object tls = ((dev.hiper.internal.conn.Connection) c.get(held)).filter;
        java.lang.reflect.Field b = tls.getClass().getDeclaredField("buf");
        b.setAccessible(true);
        Object buf = b.get(tls);
        int n = 0;
        for (String name : List.of("netIn", "netOut", "appIn")) {
            java.lang.reflect.Field f = buf.getClass().getDeclaredField(name);
            f.setAccessible(true);
            ByteBuffer x = (ByteBuffer) f.get(buf);
            n += x == null ? 0 : x.capacity();
        }
        return n;
    }

    @Test
    void anIdleSessionOverTlsHoldsNoBuffersBetweenCalls() throws Exception {
        try (CurlEasy easy = connect(tls("/echo"))) {
            assertEquals(0, tlsBufferBytes(easy), "nothing held once the application has the connection");
            for (int i = 0; i < 3; i++) {
                send(easy, ByteBuffer.wrap(("ping " + i).getBytes(StandardCharsets.UTF_8)), CURLWS_TEXT, () -> { });
                assertEquals(0, tlsBufferBytes(easy), "nothing held after a send");
                assertEquals("ping " + i, recvText(easy));
                assertEquals(0, tlsBufferBytes(easy), "nothing held after a whole message was read");
            }
            byte[] big = new byte[100_000]; // records split across reads: what is left over is kept, then let go
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 7);
            }
            send(easy, ByteBuffer.wrap(big), CURLWS_BINARY, () -> { });
            assertArrayEquals(big, message(easy, new int[2]));
            assertEquals(0, tlsBufferBytes(easy));
            send(easy, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8}), CURLWS_CLOSE, () -> { });
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst));
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
        }
        assertEquals(1000, jetty.closes("/echo").poll(10, TimeUnit.SECONDS), "closed as it should be");
    }

    @Test
    void fragmentedMessagesFromTheServer() throws Exception {
        try (CurlEasy easy = connect(plain("/frag"))) {
            int[] flags = new int[2];
            assertEquals("Hello, World", new String(message(easy, flags), StandardCharsets.UTF_8));
            assertEquals(CURLWS_TEXT, flags[1]);
            assertArrayEquals(new byte[] {1, 2, 3, 4}, message(easy, flags));
            assertEquals(CURLWS_BINARY, flags[1]);
        }
    }

    @Test
    void jettysPingIsAnsweredWithItsPayload() throws Exception {
        try (CurlEasy easy = connect(tls("/ping"))) {
            assertEquals("pong:probe", recvText(easy));
        }
    }

    @Test
    void theServersCloseIsAnsweredInATransfer() throws Exception {
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, plain("/close"));
            List<WebSocketTest.Piece> pieces = WebSocketTest.collect(easy);
            // twice on one handle: the second session hears its own CLOSE, whatever the first heard
            for (int round = 0; round < 2; round++) {
                pieces.clear();
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals(1, pieces.size(), "round " + round);
                assertEquals(CURLWS_CLOSE, pieces.get(0).meta().flags());
                byte[] d = pieces.get(0).data();
                assertEquals(1001, (d[0] & 0xff) << 8 | d[1] & 0xff);
                assertEquals("going away", new String(d, 2, d.length - 2, StandardCharsets.UTF_8));
                assertEquals(1001, jetty.closes("/close").poll(10, TimeUnit.SECONDS));
            }
        }
    }

    /** One session of many: greeted, echoes its own message, closes. */
    private static final class Session {
        final CurlEasy easy = CurlEasy.init();
        final String mine;
        final List<String> texts = new ArrayList<>();
        boolean closed;

        Session(String url, int i) {
            mine = "message " + i;
            easy.setopt(CURLOPT_URL, url);
            if (url.startsWith("wss:")) {
                easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + jetty.tlsPort() + ":127.0.0.1"));
                easy.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
            }
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                int n = data.remaining();
                CurlWsFrame m = easy.wsMeta();
                if ((m.flags() & CURLWS_CLOSE) != 0) {
                    closed = true;
                    data.position(data.limit());
                    return n;
                }
                texts.add(StandardCharsets.UTF_8.decode(data).toString());
                ByteBuffer reply = texts.size() == 1
                        ? ByteBuffer.wrap(mine.getBytes(StandardCharsets.UTF_8)) : ByteBuffer.wrap(new byte[] {3, (byte) 0xe8});
                CurlCode c = easy.wsSend(reply, 0, texts.size() == 1 ? CURLWS_TEXT : CURLWS_CLOSE);
                return c == CurlCode.CURLE_OK && !reply.hasRemaining() ? n : 0;
            });
        }
    }

    private static void many(String url, int count) throws Exception {
        List<Session> sessions = new ArrayList<>();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            for (int i = 0; i < count; i++) {
                Session s = new Session(url, i);
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
            for (Session s : sessions) {
                assertEquals(List.of("welcome", s.mine), s.texts);
                assertTrue(s.closed);
                multi.removeHandle(s.easy);
                s.easy.cleanup();
            }
        }
    }

    @Test
    void aThousandSessionsOnOneThread() throws Exception {
        many(plain("/greet"), 1000);
    }

    @Test
    void aHundredTlsSessionsOnOneThread() throws Exception {
        many(tls("/greet"), 100);
    }

    @Test
    void theActiveSocketIsTheConnections() throws Exception {
        try (CurlEasy easy = connect(plain("/frag"))) { // not /echo, whose closes another test counts
            assertNotNull(easy.getinfo(CURLINFO_ACTIVESOCKET).channel());
            assertTrue(easy.getinfo(CURLINFO_ACTIVESOCKET).channel().isOpen());
        }
    }
}
