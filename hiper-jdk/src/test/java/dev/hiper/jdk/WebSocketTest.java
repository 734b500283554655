package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyWsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's WebSocket API side by side: the same listener code on the JDK's own client and on
 * {@link HiperHttpClient}, against Jetty's WebSocket server; the listener calls each saw (whole
 * messages, in order) must be the same.
 */
@Timeout(60)
class WebSocketTest {
    static JettyWsServer server;
    static HttpClient jdk;
    static HiperHttpClient hiper;

    @BeforeAll
    static void start() throws Exception {
        server = JettyWsServer.start();
        jdk = HttpClient.newHttpClient();
        hiper = HiperHttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        hiper.close();
        server.close();
    }

    static List<HttpClient> clients() {
        return List.of(jdk, hiper);
    }

    /** Records each whole message and event as a line; asks for one more call after each, as the defaults do. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        int textParts;

        @Override
        public void onOpen(WebSocket ws) {
            events.add("open");
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            textParts++;
            if (last) {
                events.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.write(b, 0, b.length);
            if (last) {
                byte[] all = binary.toByteArray();
                binary.reset();
                if (all.length > 64) {
                    CRC32 crc = new CRC32();
                    crc.update(all);
                    events.add("binary:" + all.length + " bytes crc " + Long.toHexString(crc.getValue()));
                } else {
                    events.add("binary:" + HexFormat.of().formatHex(all));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            events.add("ping:" + StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            events.add("pong:" + StandardCharsets.UTF_8.decode(message));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add("error:" + error.getClass().getSimpleName());
        }

        /** The next {@code n} events, failing when one does not come in 10 s. */
        List<String> next(int n) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String e = events.poll(10, TimeUnit.SECONDS);
                assertNotNull(e, "event " + (i + 1) + " of " + n + " after " + got);
                got.add(e);
            }
            return got;
        }
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** Runs {@code scenario} on each client and asserts both saw the same events. */
    private static List<String> sideBySide(Scenario scenario) throws Exception {
        List<List<String>> seen = new ArrayList<>();
        for (HttpClient c : clients()) {
            seen.add(scenario.run(c));
        }
        assertEquals(seen.get(0), seen.get(1), "the JDK's client, then hiper's");
        return seen.get(1);
    }

    interface Scenario {
        List<String> run(HttpClient client) throws Exception;
    }

    @Test
    void textBothWaysThenACloseFromTheClient() throws Exception {
        List<String> seen = sideBySide(c -> {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/greet"), r).join();
            List<String> got = new ArrayList<>(r.next(2)); // open, welcome
            ws.sendText("héllo, wörld €", true).join();
            got.addAll(r.next(1));
            ws.sendText("in ", false).join();
            ws.sendText("two parts", true).join();
            got.addAll(r.next(1));
            assertFalse(ws.isOutputClosed());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            assertTrue(ws.isOutputClosed());
            got.addAll(r.next(1));
            assertEquals(Integer.valueOf(1000), server.closes("/greet").poll(10, TimeUnit.SECONDS));
            return got;
        });
        assertEquals(List.of("open", "text:welcome", "text:héllo, wörld €", "text:in two parts", "close:1000 bye"), seen);
    }

    @Test
    void fragmentedMessagesArriveWhole() throws Exception {
        List<String> seen = sideBySide(c -> {
            Recorder r = new Recorder();
            c.newWebSocketBuilder().buildAsync(uri("/frag"), r).join().abort();
            return List.of();
        });
        assertEquals(List.of(), seen);
        seen = sideBySide(c -> {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/frag"), r).join();
            List<String> got = r.next(3);
            ws.abort();
            assertTrue(ws.isInputClosed() && ws.isOutputClosed());
            return got;
        });
        assertEquals(List.of("open", "text:Hello, World", "binary:01020304"), seen);
    }

    @Test
    void aPingIsAnsweredAndHeard() throws Exception {
        List<String> seen = sideBySide(c -> {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/ping"), r).join();
            List<String> got = r.next(3); // open, ping:probe, then the server's word that our PONG came
            ws.sendPing(ByteBuffer.wrap("mine".getBytes(StandardCharsets.US_ASCII))).join();
            ws.abort();
            return got;
        });
        assertEquals(List.of("open", "ping:probe", "text:pong:probe"), seen);
    }

    @Test
    void aCloseFromTheServer() throws Exception {
        List<String> seen = sideBySide(c -> {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/close"), r).join();
            List<String> got = r.next(2);
            assertTrue(ws.isInputClosed());
            return got;
        });
        assertEquals(List.of("open", "close:1001 going away"), seen);
    }

    @Test
    void eightMebibytesEchoedUnderOneAtATimeDemand() throws Exception {
        byte[] big = new byte[8 << 20];
        new java.util.Random(5).nextBytes(big);
        CRC32 crc = new CRC32();
        crc.update(big);
        List<String> seen = sideBySide(c -> {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/echo"), r).join();
            List<String> got = new ArrayList<>(r.next(1));
            ws.sendBinary(ByteBuffer.wrap(big, 0, 3 << 20), false).join();
            ws.sendBinary(ByteBuffer.wrap(big, 3 << 20, big.length - (3 << 20)), true).join();
            got.addAll(r.next(1));
            ws.abort();
            return got;
        });
        assertEquals(List.of("open", "binary:" + big.length + " bytes crc " + Long.toHexString(crc.getValue())), seen);
    }

    @Test
    void theSendRulesOfTheJdksApi() throws Exception {
        for (HttpClient c : clients()) {
            Recorder r = new Recorder();
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri("/echo"), r).join();
            ws.sendText("open message", false).join();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> ws.sendBinary(ByteBuffer.allocate(1), true).join(), c.toString());
            assertInstanceOf(IllegalStateException.class, e.getCause(), c.toString());
            e = assertThrows(CompletionException.class, () -> ws.sendPing(ByteBuffer.allocate(126)).join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), c.toString());
            e = assertThrows(CompletionException.class, () -> ws.sendClose(999, "").join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), c.toString());
            assertThrows(IllegalArgumentException.class, () -> ws.request(0));
            ws.abort();
            e = assertThrows(CompletionException.class, () -> ws.sendText("late", true).join());
            assertInstanceOf(java.io.IOException.class, e.getCause(), c.toString());
        }
    }

    @Test
    void aRefusedUpgradeAndBadArguments() throws Exception {
        for (HttpClient c : clients()) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.newWebSocketBuilder().buildAsync(uri("/nothing-here"), new Recorder()).join());
            WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(404, h.getResponse().statusCode(), c.toString());
            e = assertThrows(CompletionException.class, () -> c.newWebSocketBuilder()
                    .buildAsync(URI.create("http://127.0.0.1:1/"), new Recorder()).join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), c.toString());
            e = assertThrows(CompletionException.class, () -> c.newWebSocketBuilder()
                    .header("Sec-WebSocket-Key", "x").buildAsync(uri("/echo"), new Recorder()).join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), c.toString());
            e = assertThrows(CompletionException.class, () -> c.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:1/"), new Recorder()).join());
            assertInstanceOf(java.net.ConnectException.class, e.getCause(), c.toString());
        }
    }
}
