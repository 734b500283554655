package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recv;
import static dev.hiper.curl.WebSocketConnectOnlyTest.send;
import static dev.hiper.testkit.WsScriptedServer.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.JettyWsServer;
import dev.hiper.testkit.WsScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate (RFC 7692) end to end: offered through the application's
 * Sec-WebSocket-Extensions line, against Jetty 12's WebSocket server (which takes the offer) in both
 * of libcurl's modes, and against scripted servers for the answers hiper refuses and a compressed
 * bomb.
 */
@Timeout(120)
class WebSocketDeflateTest {
    static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
    private static JettyWsServer jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyWsServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    /** A CONNECT_ONLY session to {@code url} offering permessage-deflate; the 101's header lines into {@code heads}. */
    static CurlEasy connect(String url, List<String> heads) {
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, url);
        easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
        easy.setopt(CURLOPT_HTTPHEADER, List.of(OFFER));
        easy.setopt(CURLOPT_HEADERFUNCTION, (data, u) -> {
            int n = data.remaining();
            heads.add(StandardCharsets.ISO_8859_1.decode(data).toString().trim());
            return n;
        });
        return easy;
    }

    /** One whole message: its frames' payloads joined; the flags of its last frame in {@code flags[0]}. */
    static byte[] message(CurlEasy easy, int[] flags) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(16 * 1024);
        for (int i = 0; i < 1_000_000; i++) {
            dst.clear();
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            out.write(dst.array(), 0, dst.position());
            CurlWsFrame m = easy.wsMeta();
            if (m.bytesleft() == 0 && (m.flags() & CURLWS_CONT) == 0) {
                flags[0] = m.flags();
                return out.toByteArray();
            }
        }
        throw new AssertionError("no end of the message");
    }

    static boolean agreed(List<String> heads) {
        return heads.stream().anyMatch(h -> h.toLowerCase().startsWith("sec-websocket-extensions: permessage-deflate"));
    }

    @Test
    void jettyEchoesAThousandCompressedMessages() throws Exception {
        List<String> heads = new ArrayList<>();
        Random random = new Random(18);
        try (CurlEasy easy = connect("ws://127.0.0.1:" + jetty.port() + "/echo", heads)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(agreed(heads), "Jetty took the offer: " + heads);
            int[] flags = new int[1];
            for (int i = 0; i < 1000; i++) {
                int size = i % 100 == 7 ? 300_000 : random.nextInt(3000);
                byte[] msg = new byte[size];
                for (int k = 0; k < size; k++) {
                    msg[k] = (byte) ('a' + random.nextInt(i % 2 == 0 ? 4 : 26)); // compressible, text too
                }
                int type = i % 2 == 0 ? CURLWS_TEXT : CURLWS_BINARY;
                send(easy, ByteBuffer.wrap(msg), type, () -> { });
                assertArrayEquals(msg, message(easy, flags), "message " + i);
                assertEquals(type, flags[0]);
            }
            // a message in three fragments, the last in CURLWS_OFFSET parts, comes back whole
            send(easy, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
            send(easy, ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), CURLWS_CONT, () -> { });
            assertEquals(CurlCode.CURLE_OK, easy.wsSend(ByteBuffer.wrap("ef".getBytes(StandardCharsets.US_ASCII)), 4,
                    CURLWS_TEXT | CURLWS_OFFSET));
            assertEquals(CurlCode.CURLE_OK, easy.wsSend(ByteBuffer.wrap("gh".getBytes(StandardCharsets.US_ASCII)), 0,
                    CURLWS_TEXT | CURLWS_OFFSET));
            assertEquals("abcdefgh", new String(message(easy, flags), StandardCharsets.US_ASCII));
            send(easy, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8}), CURLWS_CLOSE, () -> { });
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst));
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
        }
        assertEquals(1000, jetty.closes("/echo").poll(10, TimeUnit.SECONDS));
    }

    @Test
    void inATransferTheWriteCallbackGetsInflatedPieces() throws Exception {
        byte[] big = new byte[1_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 7);
        }
        List<WebSocketTest.Piece> pieces = new ArrayList<>();
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        try (CurlEasy easy = CurlEasy.init()) {
            List<String> heads = new ArrayList<>();
            easy.setopt(CURLOPT_URL, "ws://127.0.0.1:" + jetty.port() + "/greet");
            easy.setopt(CURLOPT_HTTPHEADER, List.of(OFFER));
            easy.setopt(CURLOPT_HEADERFUNCTION, (data, u) -> {
                int n = data.remaining();
                heads.add(StandardCharsets.ISO_8859_1.decode(data).toString().trim());
                return n;
            });
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                CurlWsFrame m = easy.wsMeta();
                pieces.add(new WebSocketTest.Piece(m, b));
                if ((m.flags() & CURLWS_CLOSE) != 0) {
                    return b.length;
                }
                if (pieces.size() == 1) {
                    // "welcome": answer with the big text message, Jetty echoes it
                    return easy.wsSend(ByteBuffer.wrap(big), 0, CURLWS_TEXT) == CurlCode.CURLE_OK ? b.length : 0;
                }
                echoed.writeBytes(b);
                if (m.bytesleft() == 0 && (m.flags() & CURLWS_CONT) == 0) {
                    easy.wsSend(ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8}), 0, CURLWS_CLOSE);
                }
                return b.length;
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(agreed(heads), "Jetty took the offer: " + heads);
        }
        assertEquals("welcome", pieces.get(0).text());
        assertArrayEquals(big, echoed.toByteArray());
        long offset = 0;
        for (WebSocketTest.Piece p : pieces.subList(1, pieces.size() - 1)) {
            assertTrue(p.data().length <= CURL_MAX_WRITE_SIZE);
            assertEquals(offset, p.meta().offset(), "the offset counts inflated bytes of the frame");
            assertEquals(p.data().length, p.meta().len());
            offset = p.meta().bytesleft() == 0 ? 0 : offset + p.data().length;
        }
        assertEquals(CURLWS_CLOSE, pieces.get(pieces.size() - 1).meta().flags());
    }

    @Test
    void noOfferNoExtension() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x81, "plain"));
            p.readToEnd();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String request = server.takeRequest(10_000);
            assertTrue(!request.toLowerCase().contains("sec-websocket-extensions"), request);
            assertEquals("plain", WebSocketConnectOnlyTest.recvText(easy));
        }
    }

    /** A 101 with the right accept and {@code extensions}, then {@code frames}. */
    static void accept(WsScriptedServer.Peer p, String extensions, byte[] frames) throws Exception {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WsScriptedServer.acceptFor(p.header("Sec-WebSocket-Key")) + "\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(frames);
        p.send(b.toByteArray());
    }

    private static void refusedAnswer(String offer, String answer, String message) throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            accept(p, answer, new byte[0]);
            p.readToEnd();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
            if (offer != null) {
                easy.setopt(CURLOPT_HTTPHEADER, List.of(offer));
            }
            assertEquals(CurlCode.CURLE_WEIRD_SERVER_REPLY, easy.perform());
            assertEquals(message, easy.errorBuffer());
            if (offer != null) {
                assertTrue(server.takeRequest(10_000).contains("\r\n" + offer + "\r\n"), "the line went as written");
            }
        }
    }

    @Test
    void answersThatWereNotOfferedFailTheUpgrade() throws Exception {
        refusedAnswer(null, "permessage-deflate",
                "[WS] Sec-WebSocket-Extensions: the server chose permessage-deflate, which was not offered");
        refusedAnswer(OFFER, "x-webkit-deflate-frame",
                "[WS] Sec-WebSocket-Extensions: the server chose x-webkit-deflate-frame, which was not offered");
        refusedAnswer("Sec-WebSocket-Extensions: permessage-deflate", "permessage-deflate; client_max_window_bits=10",
                "[WS] Sec-WebSocket-Extensions: client_max_window_bits in the answer was not offered");
        refusedAnswer(OFFER, "permessage-deflate; client_max_window_bits",
                "[WS] Sec-WebSocket-Extensions: invalid permessage-deflate value: client_max_window_bits=null");
        refusedAnswer(OFFER, "permessage-deflate; server_max_window_bits=16",
                "[WS] Sec-WebSocket-Extensions: invalid permessage-deflate value: server_max_window_bits=16");
        refusedAnswer(OFFER, "permessage-deflate; mystery",
                "[WS] Sec-WebSocket-Extensions: unknown permessage-deflate parameter: mystery");
        refusedAnswer(OFFER, "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "[WS] Sec-WebSocket-Extensions: permessage-deflate parameter repeated: server_no_context_takeover");
        refusedAnswer("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10",
                "permessage-deflate; server_max_window_bits=12",
                "[WS] Sec-WebSocket-Extensions: server_max_window_bits=12 is larger than the 10 offered");
        refusedAnswer(OFFER, "permessage-deflate, permessage-deflate",
                "[WS] Sec-WebSocket-Extensions: more than one extension in the answer: permessage-deflate, "
                        + "permessage-deflate");
    }

    @Test
    void aLimitedClientWindowIsAnsweredWithUncompressedMessages() throws Exception {
        LinkedBlockingQueue<WsScriptedServer.Frame> got = new LinkedBlockingQueue<>();
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            accept(p, "permessage-deflate; client_max_window_bits=9; server_no_context_takeover",
                    new byte[] {(byte) 0xc1, 0x07, (byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00});
            got.add(p.readFrame());
            p.readToEnd();
        }); CurlEasy easy = connect(server.url("/"), new ArrayList<>())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("Hello", WebSocketConnectOnlyTest.recvText(easy));
            send(easy, ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT, () -> { });
            WsScriptedServer.Frame f = got.poll(10, TimeUnit.SECONDS);
            assertEquals(0x81, f.first());
            assertEquals("Hello", f.text());
        }
    }

    /** A compressed BINARY message of {@code size} zero bytes, in one frame. */
    static byte[] zeros(int size) {
        return compressed(new byte[size]);
    }

    /** {@code msg} as one compressed BINARY frame. */
    static byte[] compressed(byte[] msg) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(msg);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            z.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        d.end();
        byte[] p = z.toByteArray();
        byte[] payload = java.util.Arrays.copyOf(p, p.length - 4);
        byte[] f = frame(0x82, payload);
        f[0] = (byte) 0xc2;
        return f;
    }

    @Test
    void jettyCompressesWhatItSends() throws Exception {
        List<String> heads = new ArrayList<>();
        try (CurlEasy easy = connect("ws://127.0.0.1:" + jetty.port() + "/greet", heads)) {
            easy.setopt(CURLOPT_WS_OPTIONS, CURLWS_RAW_MODE);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            ByteBuffer dst = ByteBuffer.allocate(100);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            assertEquals(0xc1, dst.get(0) & 0xff, "\"welcome\" came as a compressed TEXT frame");
        }
    }

    @Test
    void pausingInsideAnInflatedMessageLosesNothing() throws Exception {
        byte[] msg = new byte[200_000];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) (i / 1000);
        }
        byte[] wire = compressed(msg);
        assertTrue(wire.length < 16 * 1024, "the whole message arrives in one read: " + wire.length);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            accept(p, "permessage-deflate", wire); // nothing follows until the client has it all
            p.readFrame();
            p.send(frame(0x88, new byte[0]));
            p.readFrame();
            p.close();
        }); CurlMulti multi = CurlMulti.init(); dev.hiper.loop.SelectorLoop loop = new dev.hiper.loop.SelectorLoop(multi);
                CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of(OFFER));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int[] calls = {0};
            boolean[] paused = {false};
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
                if (++calls[0] % 3 == 0) {
                    paused[0] = true;
                    return CURL_WRITEFUNC_PAUSE; // the same piece comes again after the unpause
                }
                byte[] b = new byte[data.remaining()];
                data.get(b);
                CurlWsFrame m = easy.wsMeta();
                if ((m.flags() & CURLWS_BINARY) != 0) {
                    got.writeBytes(b);
                    if (m.bytesleft() == 0) {
                        easy.wsSend(ByteBuffer.wrap(new byte[] {'k'}), 0, CURLWS_TEXT);
                    }
                }
                return b.length;
            });
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
            CurlCode[] result = {null};
            loop.runUntil(() -> {
                if (paused[0]) {
                    paused[0] = false;
                    easy.pause(CURLPAUSE_CONT);
                }
                CurlMsg m;
                while ((m = multi.infoRead()) != null) {
                    result[0] = m.result();
                }
                return result[0] != null;
            });
            assertEquals(CurlCode.CURLE_OK, result[0], easy.errorBuffer());
            assertArrayEquals(msg, got.toByteArray());
            multi.removeHandle(easy);
        }
    }

    @Test
    void aCompressedBombFailsTheSessionConnectOnly() throws Exception {
        byte[] bomb = zeros(65 << 20);
        assertTrue(bomb.length < 1 << 20, "65 MiB in " + bomb.length + " bytes");
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            accept(p, "permessage-deflate", bomb);
            p.readToEnd();
        }); CurlEasy easy = connect(server.url("/"), new ArrayList<>())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
            long total = 0;
            CurlCode c;
            for (int i = 0;; i++) {
                assertTrue(i < 100_000);
                c = recv(easy, dst.clear());
                if (c != CurlCode.CURLE_OK) {
                    break;
                }
                total += dst.position();
            }
            assertEquals(CurlCode.CURLE_RECV_ERROR, c);
            assertEquals("[WS] inflated message larger than the limit of 67108864 bytes", easy.errorBuffer());
            assertTrue(total <= 64 << 20, "handed over " + total);
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.wsRecv(dst.clear()), "the connection is closed");
        }
    }

    @Test
    void aCompressedBombFailsTheTransferAndNotTheOthers() throws Exception {
        byte[] bomb = zeros(65 << 20);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            boolean bad = p.request.startsWith("GET /bomb");
            accept(p, "permessage-deflate", bad ? bomb : new byte[] {(byte) 0xc1, 0x07, (byte) 0xf2, 0x48,
                    (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00, (byte) 0x88, 0x02, 0x03, (byte) 0xe8});
            p.readFrame();
            p.close();
        }); CurlMulti multi = CurlMulti.init()) {
            CurlEasy bad = CurlEasy.init();
            CurlEasy good = CurlEasy.init();
            long[] sizes = new long[2];
            List<String> goodText = new ArrayList<>();
            for (CurlEasy e : List.of(bad, good)) {
                e.setopt(CURLOPT_URL, server.url(e == bad ? "/bomb" : "/fine"));
                e.setopt(CURLOPT_HTTPHEADER, List.of(OFFER));
                e.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                    int n = data.remaining();
                    if (e == good && (e.wsMeta().flags() & CURLWS_TEXT) != 0) {
                        goodText.add(StandardCharsets.UTF_8.decode(data).toString());
                    }
                    sizes[e == bad ? 0 : 1] += n;
                    return n;
                });
                multi.addHandle(e);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                assertEquals(CurlMCode.CURLM_OK, multi.perform());
                if (multi.runningHandles() > 0) {
                    multi.poll(1000);
                }
            } while (multi.runningHandles() > 0 && System.nanoTime() < deadline);
            CurlMsg m;
            int checked = 0;
            while ((m = multi.infoRead()) != null) {
                if (m.easy() == bad) {
                    assertEquals(CurlCode.CURLE_RECV_ERROR, m.result());
                    assertEquals("[WS] inflated message larger than the limit of 67108864 bytes", bad.errorBuffer());
                } else {
                    assertEquals(CurlCode.CURLE_OK, m.result(), good.errorBuffer());
                }
                checked++;
            }
            assertEquals(2, checked);
            assertTrue(sizes[0] <= 64 << 20);
            assertEquals(List.of("Hello"), goodText);
            bad.cleanup();
            good.cleanup();
        }
    }
}
