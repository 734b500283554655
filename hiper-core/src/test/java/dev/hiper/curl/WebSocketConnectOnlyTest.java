package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.testkit.WsScriptedServer.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.WsScriptedServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CURLOPT_CONNECT_ONLY 2: the transfer ends after the 101 and the application runs the
 * WebSocket itself with wsSend / wsRecv on the socket CURLINFO_ACTIVESOCKET names.
 */
@Timeout(60)
class WebSocketConnectOnlyTest {
    /** The application's loop: waits (at most 10 s) until the socket is ready for {@code ops}. */
    static void await(CurlEasy easy, int ops) throws IOException {
        SelectableChannel ch = easy.getinfo(CURLINFO_ACTIVESOCKET).channel();
        try (Selector sel = Selector.open()) {
            ch.register(sel, ops);
            assertTrue(sel.select(10_000) > 0, "the socket became ready");
        }
    }

    static CurlCode recv(CurlEasy easy, ByteBuffer dst) throws IOException {
        for (int i = 0; i < 1000; i++) {
            CurlCode c = easy.wsRecv(dst);
            if (c != CurlCode.CURLE_AGAIN) {
                return c;
            }
            await(easy, SelectionKey.OP_READ);
        }
        throw new AssertionError("no frame after 1000 waits");
    }

    static String recvText(CurlEasy easy) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(1024);
        assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
        dst.flip();
        return StandardCharsets.UTF_8.decode(dst).toString();
    }

    /**
     * Receives one whole message (its frames' payloads joined); the flags of its first frame in
     * {@code flags[0]}, of its last in {@code flags[1]} when {@code flags} has room.
     */
    static byte[] message(CurlEasy easy, int[] flags) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(16 * 1024);
        for (int i = 0; i < 100_000; i++) {
            dst.clear();
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            out.write(dst.array(), 0, dst.position());
            CurlWsFrame m = easy.wsMeta();
            if (i == 0) {
                flags[0] = m.flags();
            }
            if (m.bytesleft() == 0 && (m.flags() & CURLWS_CONT) == 0) {
                if (flags.length > 1) {
                    flags[1] = m.flags();
                }
                return out.toByteArray();
            }
        }
        throw new AssertionError("no end of the message");
    }

    /** Sends the whole of {@code data} as one frame, waiting on the socket whenever it is full. */
    static int send(CurlEasy easy, ByteBuffer data, int flags, Runnable onFull) throws IOException {
        int agains = 0;
        do {
            CurlCode c = easy.wsSend(data, 0, flags);
            if (c == CurlCode.CURLE_AGAIN) {
                agains++;
                onFull.run();
                await(easy, SelectionKey.OP_WRITE);
            } else {
                assertEquals(CurlCode.CURLE_OK, c, easy.errorBuffer());
            }
        } while (data.hasRemaining());
        return agains;
    }

    static CurlEasy connect(WsScriptedServer server) {
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, server.url("/"));
        assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_CONNECT_ONLY, 2L));
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        assertNotNull(easy.getinfo(CURLINFO_ACTIVESOCKET).channel());
        return easy;
    }

    @Test
    void aLargeFrameArrivingInPiecesIsReadIntoTheCallersBufferWithItsMeta() throws Exception {
        byte[] big = new byte[50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        byte[] whole = frame(0x82, big);
        CountDownLatch read = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            p.send(java.util.Arrays.copyOfRange(whole, 0, 3)); // the head (2 bytes and a 16-bit length) split
            p.send(java.util.Arrays.copyOfRange(whole, 3, 10));
            p.send(java.util.Arrays.copyOfRange(whole, 10, 20_010));
            try {
                read.await(10, TimeUnit.SECONDS); // the client has read into the payload before the rest comes
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            p.send(java.util.Arrays.copyOfRange(whole, 20_010, whole.length));
            p.send(frame(0x89, "pi"));
            p.send(frame(0x81, "after"));
            pongSeen(p.readFrame());
            p.close();
        }); CurlEasy easy = connect(server)) {
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            ByteBuffer dst = ByteBuffer.allocate(16 * 1024);
            long offset = 0;
            while (got.size() < big.length) {
                dst.clear();
                assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
                CurlWsFrame m = easy.wsMeta();
                assertEquals(CURLWS_BINARY, m.flags());
                assertEquals(offset, m.offset(), "each piece's offset in the frame");
                assertEquals(dst.position(), m.len());
                assertEquals(big.length - offset - dst.position(), m.bytesleft());
                got.write(dst.array(), 0, dst.position());
                offset += dst.position();
                if (offset >= 20_000) {
                    read.countDown();
                }
            }
            assertArrayEquals(big, got.toByteArray());
            assertEquals("after", recvText(easy), "the PING was answered on the way, the next frame read whole");
            assertEquals(CURLWS_TEXT, easy.wsMeta().flags());
        }
    }

    private static void pongSeen(WsScriptedServer.Frame f) throws IOException {
        if (f.first() != 0x8a || !"pi".equals(f.text())) {
            throw new IOException("expected the PONG of the PING, got " + Integer.toHexString(f.first()));
        }
    }

    @Test
    void echoPingAndClose() throws Exception {
        AtomicReference<WsScriptedServer.Frame> pong = new AtomicReference<>();
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x81, "first")); // a frame in the same packet as the 101
            WsScriptedServer.Frame f = p.readFrame();
            p.send(frame(0x81, "echo " + f.text()));
            p.send(frame(0x89, "pi"));
            pong.set(p.readFrame());
            p.send(frame(0x88, new byte[] {0x03, (byte) 0xe8}));
            p.close();
        }); CurlEasy easy = connect(server)) {
            assertEquals("first", recvText(easy));
            assertEquals(CURLWS_TEXT, easy.wsMeta().flags());
            assertEquals(0, easy.wsMeta().bytesleft());
            send(easy, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), CURLWS_TEXT, () -> { });
            assertEquals("echo hello", recvText(easy));
            // the PING is answered inside wsRecv and not returned: the CLOSE comes next
            ByteBuffer dst = ByteBuffer.allocate(200);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst));
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
            assertEquals(2, dst.position());
            assertEquals(CurlCode.CURLE_GOT_NOTHING, recv(easy, dst));
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.wsRecv(dst), "and again");
            assertEquals(0x8a, pong.get().first());
            assertEquals("pi", pong.get().text());
            assertTrue(server.failures().isEmpty(), String.valueOf(server.failures()));
        }
    }

    @Test
    void aLargeFrameThroughAFullSocketLosesNothing() throws Exception {
        int size = 8 << 20;
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 7 + (i >> 12));
        }
        CountDownLatch full = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            assertTrue(full.await(20, TimeUnit.SECONDS));
            WsScriptedServer.Frame f = p.readFrame();
            boolean same = f.opcode() == 2 && f.fin() && java.util.Arrays.equals(payload, f.payload());
            WsScriptedServer.Frame g = p.readFrame(); // one frame given in parts with CURLWS_OFFSET
            boolean sameParts = g.opcode() == 1 && g.text().equals("abcdefghij".repeat(100));
            p.send(frame(0x81, same + " " + sameParts));
            p.readToEnd();
        }); CurlEasy easy = connect(server)) {
            int agains = send(easy, ByteBuffer.wrap(payload), CURLWS_BINARY, full::countDown);
            assertTrue(agains > 0, "the socket was full at least once");
            full.countDown();
            byte[] text = "abcdefghij".repeat(100).getBytes(StandardCharsets.US_ASCII);
            for (int off = 0; off < text.length; off += 250) {
                ByteBuffer part = ByteBuffer.wrap(text, off, 250);
                while (part.hasRemaining()) {
                    CurlCode c = easy.wsSend(part, off == 0 ? text.length : 0, CURLWS_TEXT | CURLWS_OFFSET);
                    if (c == CurlCode.CURLE_AGAIN) {
                        await(easy, SelectionKey.OP_WRITE);
                    } else {
                        assertEquals(CurlCode.CURLE_OK, c, easy.errorBuffer());
                    }
                }
            }
            assertEquals("true true", recvText(easy));
        }
    }

    /**
     * curl's own test client (lib2700) peeks at each frame with an empty buffer, starts the echo
     * with CURLWS_OFFSET and the whole size, then reads and echoes the payload in pieces.
     */
    @Test
    void peekWithAnEmptyBufferThenEchoInPieces() throws Exception {
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        AtomicReference<WsScriptedServer.Frame> echo = new AtomicReference<>();
        CountDownLatch echoed = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x82, payload));
            echo.set(p.readFrame());
            echoed.countDown();
            p.readToEnd();
        }); CurlEasy easy = connect(server)) {
            ByteBuffer none = ByteBuffer.allocate(0);
            assertEquals(CurlCode.CURLE_OK, recv(easy, none));
            CurlWsFrame head = easy.wsMeta();
            assertEquals(CURLWS_BINARY, head.flags());
            assertEquals(0, head.offset());
            assertEquals(1000, head.bytesleft());
            assertEquals(0, head.len());
            assertEquals(CurlCode.CURLE_OK, easy.wsSend(none, head.bytesleft(), head.flags() | CURLWS_OFFSET));
            long offset = 0;
            while (offset < 1000) {
                ByteBuffer piece = ByteBuffer.allocate(256);
                assertEquals(CurlCode.CURLE_OK, recv(easy, piece));
                assertEquals(offset, easy.wsMeta().offset());
                offset += piece.position();
                assertEquals(1000 - offset, easy.wsMeta().bytesleft());
                piece.flip();
                send(easy, piece, CURLWS_BINARY, () -> { });
            }
            assertTrue(echoed.await(10, TimeUnit.SECONDS));
        }
        assertEquals(0x82, echo.get().first());
        assertArrayEquals(payload, echo.get().payload());
    }

    @Test
    void framesTheApplicationMayNotSend() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            p.send(frame(0x81, p.readFrame().text()));
            p.readToEnd();
        }); CurlEasy easy = connect(server)) {
            ByteBuffer one = ByteBuffer.wrap(new byte[] {1});
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.wsSend(one, 0, CURLWS_PING | CURLWS_CONT));
            assertEquals("[WS] PING frame must not be fragmented", easy.errorBuffer());
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.wsSend(one, 0, CURLWS_CONT));
            assertEquals("[WS] No ongoing fragmented message to continue", easy.errorBuffer());
            assertEquals(CurlCode.CURLE_TOO_LARGE, easy.wsSend(ByteBuffer.allocate(126), 0, CURLWS_CLOSE));
            assertEquals("[WS] given CLOSE frame is too big", easy.errorBuffer());
            assertEquals(0, one.position(), "nothing taken");
            // the session is not left half-way: a valid frame goes through
            send(easy, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT, () -> { });
            assertEquals("ok", recvText(easy));
        }
    }

    @Test
    void aBrokenRuleFromTheServerEndsTheSession() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(new byte[] {(byte) 0xc1, 1, 'x'});
            p.readToEnd();
        }); CurlEasy easy = connect(server)) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(CurlCode.CURLE_RECV_ERROR, recv(easy, dst));
            assertEquals("[WS] invalid reserved bits: c1", easy.errorBuffer());
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.wsRecv(dst));
            assertEquals(CurlCode.CURLE_SEND_ERROR, easy.wsSend(ByteBuffer.allocate(1), 0, CURLWS_TEXT));
        }
    }

    @Test
    void aConnectionClosedInsideThe101sHeadEndsWithoutAWebSocket() throws Exception {
        // curl's test 2304: the head never ends (no empty line), then the server closes. libcurl
        // makes no "Empty reply" check for CONNECT_ONLY: the transfer ends CURLE_OK, no WebSocket.
        String head = "HTTP/1.1 101 Switching to WebSockets\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.send(head + "Sec-WebSocket-Accept: " + WsScriptedServer.acceptFor(p.header("Sec-WebSocket-Key"))
                    + "\r\n");
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.wsRecv(ByteBuffer.allocate(8)));
            assertEquals("[WS] connection not found", easy.errorBuffer());
        }
        // without CONNECT_ONLY the same answer is an empty reply, as in libcurl
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.send(head);
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> data.remaining());
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
            assertEquals("Empty reply from server", easy.errorBuffer());
        }
    }

    @Test
    void recvWithoutConnectOnlyIsRefused() {
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, easy.wsRecv(ByteBuffer.allocate(1)));
            assertEquals("[WS] CONNECT_ONLY is required", easy.errorBuffer());
            assertEquals(CurlCode.CURLE_SEND_ERROR, easy.wsSend(ByteBuffer.allocate(1), 0, CURLWS_TEXT));
            assertEquals(null, easy.wsMeta());
            assertEquals(CurlCode.CURLE_NOT_BUILT_IN, easy.setopt(CURLOPT_CONNECT_ONLY, 1L));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_CONNECT_ONLY, 3L));
        }
    }

    @Test
    void cleanupClosesTheConnection() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            p.readToEnd();
            ended.countDown();
        })) {
            CurlEasy easy = connect(server);
            assertEquals(1, ended.getCount());
            easy.cleanup();
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the server saw the end of the connection");
        }
    }
    @Test
    void aHandleAddedAgainKeepsItsWebSocketUntilTheNewTransferStarts() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x81, "kept"));
            p.readToEnd();
            ended.countDown();
        }); CurlEasy easy = connect(server); CurlMulti multi = CurlMulti.init()) {
            easy.setopt(CURLOPT_URL, "http://127.0.0.1:1/");
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
            // added, not started: the WebSocket the last transfer left is still the handle's
            assertEquals("kept", recvText(easy));
            assertEquals(1, ended.getCount());
            // the new transfer starts, and the old connection ends with it
            multi.perform();
            assertTrue(ended.await(10, TimeUnit.SECONDS), "the server saw the end of the connection");
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.wsRecv(ByteBuffer.allocate(8)));
            multi.removeHandle(easy);
        }
    }
    @Test
    void noPongGoesOutAfterTheApplicationsClose() throws Exception {
        WsScriptedServer.Frame[] close = new WsScriptedServer.Frame[1];
        byte[][] rest = new byte[1][];
        CountDownLatch read = new CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            close[0] = p.readFrame();
            p.send(frame(0x89, "ping after your close"));
            p.send(frame(0x88, new byte[] {0x03, (byte) 0xe8}));
            p.shutdownOutput();
            rest[0] = p.readToEnd();
            read.countDown();
        }); CurlEasy easy = connect(server)) {
            ByteBuffer code = ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8});
            send(easy, code, CURLWS_CLOSE, () -> { });
            ByteBuffer dst = ByteBuffer.allocate(200);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), "the server's CLOSE; the PING is not returned");
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
            assertEquals(CurlCode.CURLE_GOT_NOTHING, recv(easy, dst));
            easy.cleanup();
            assertTrue(read.await(10, TimeUnit.SECONDS));
            assertEquals(0x88, close[0].first());
            assertEquals(0, rest[0].length, "no PONG after the CLOSE");
        }
    }
}
