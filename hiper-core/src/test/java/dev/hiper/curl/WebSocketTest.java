package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.testkit.WsScriptedServer.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.WsScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ws:// in a running transfer (libcurl's write-callback mode), against a scripted server. */
@Timeout(30)
class WebSocketTest {
    /** Each piece the write callback got: its meta and its bytes. */
    record Piece(CurlWsFrame meta, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static List<Piece> collect(CurlEasy easy) {
        List<Piece> pieces = new ArrayList<>();
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            pieces.add(new Piece(easy.wsMeta(), b));
            return b.length;
        });
        return pieces;
    }

    @Test
    void upgradeThenFramesToTheWriteCallbackAndTheCloseAnswered() throws Exception {
        WsScriptedServer.Frame[] answer = new WsScriptedServer.Frame[1];
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x81, "hello"));
            p.send(frame(0x82, new byte[] {1, 2, 3}));
            p.send(frame(0x01, "frag-"));
            p.send(frame(0x80, "ment"));
            p.send(frame(0x88, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}));
            answer[0] = p.readFrame();
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/chat"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Sec-WebSocket-Protocol: chat"));
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String req = server.takeRequest(5000);
            assertTrue(req.startsWith("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), req);
            assertTrue(req.contains("\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "), req);
            assertTrue(req.endsWith("\r\nSec-WebSocket-Protocol: chat\r\nConnection: Upgrade\r\n\r\n"), req);
            String key = req.split("Sec-WebSocket-Key: ")[1].split("\r\n")[0];
            assertEquals(16, java.util.Base64.getDecoder().decode(key).length);
            assertEquals(101L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals((long) req.length(), easy.getinfo(CURLINFO_REQUEST_SIZE), "the upgrade request's bytes");
            assertEquals(5, pieces.size());
            assertEquals("hello", pieces.get(0).text());
            assertEquals(CURLWS_TEXT, pieces.get(0).meta().flags());
            assertArrayEquals(new byte[] {1, 2, 3}, pieces.get(1).data());
            assertEquals(CURLWS_BINARY, pieces.get(1).meta().flags());
            assertEquals(CURLWS_TEXT | CURLWS_CONT, pieces.get(2).meta().flags());
            assertEquals(CURLWS_TEXT, pieces.get(3).meta().flags());
            assertEquals(CURLWS_CLOSE, pieces.get(4).meta().flags());
            assertEquals(0x88, answer[0].first());
            assertArrayEquals(new byte[] {0x03, (byte) 0xe8}, answer[0].payload());
            assertTrue(server.failures().isEmpty(), String.valueOf(server.failures()));
        }
    }

    @Test
    void aStatusOtherThan101IsRefused() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno");
            p.readToEnd();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_HTTP_RETURNED_ERROR, easy.perform());
            assertEquals("Refused WebSocket upgrade: 200", easy.errorBuffer());
            assertTrue(pieces.isEmpty());
        }
    }

    @Test
    void aWrongAcceptFails() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: HkPsVga7+8LuxM4RGQ5p9tZHeYs=\r\n\r\n");
            p.readToEnd();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            assertEquals(CurlCode.CURLE_WEIRD_SERVER_REPLY, easy.perform());
            assertEquals("[WS] Sec-WebSocket-Accept does not match the Sec-WebSocket-Key sent", easy.errorBuffer());
        }
    }

    @Test
    void aPingIsAnsweredAndNotDelivered() throws Exception {
        WsScriptedServer.Frame[] pong = new WsScriptedServer.Frame[1];
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x89, "are you there"));
            pong[0] = p.readFrame();
            p.send(frame(0x81, "after"));
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(0x8a, pong[0].first());
            assertEquals("are you there", pong[0].text());
            assertEquals(1, pieces.size());
            assertEquals("after", pieces.get(0).text());
        }
    }

    @Test
    void noAutoPongHandsThePingOver() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x89, "ping!"));
            p.send(frame(0x81, "x"));
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_WS_OPTIONS, CURLWS_NOAUTOPONG);
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(2, pieces.size());
            assertEquals(CURLWS_PING, pieces.get(0).meta().flags());
            assertEquals("ping!", pieces.get(0).text());
        }
    }

    @Test
    void rawModePassesTheBytesAsTheyCame() throws Exception {
        byte[] frames = concat(frame(0x81, "raw"), frame(0x89, "p"), new byte[] {(byte) 0xf3, 0x00});
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frames);
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_WS_OPTIONS, CURLWS_RAW_MODE);
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            pieces.forEach(x -> got.writeBytes(x.data()));
            assertArrayEquals(frames, got.toByteArray());
        }
    }

    @Test
    void aMaskedFrameFromTheServerFailsTheTransfer() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'});
            p.readToEnd();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            assertEquals(CurlCode.CURLE_RECV_ERROR, easy.perform());
            assertEquals("[WS] masked input frame", easy.errorBuffer());
        }
    }

    @Test
    void anEndInsideAFrameIsARecvError() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(new byte[] {(byte) 0x82, 10, 1, 2, 3});
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_RECV_ERROR, easy.perform());
            assertEquals("[WS] decode ending with 7 frame bytes remaining", easy.errorBuffer());
            assertEquals(3, pieces.get(0).meta().len());
            assertEquals(7, pieces.get(0).meta().bytesleft());
        }
    }

    @Test
    void theServerClosingRightAfterThe101IsAnEmptyReply() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
        }
    }

    @Test
    void theReadCallbackSendsFramesStartedWithWsStartFrame() throws Exception {
        List<WsScriptedServer.Frame> got = new ArrayList<>();
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            for (int i = 0; i < 3; i++) {
                got.add(p.readFrame());
            }
            p.send(frame(0x88, new byte[] {0x03, (byte) 0xe8}));
            got.add(p.readFrame());
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_UPLOAD, 1L);
            int[] call = {0};
            easy.setopt(CURLOPT_READFUNCTION, (buf, user) -> {
                switch (call[0]++) {
                    case 0:
                        assertEquals(CurlCode.CURLE_OK, easy.wsStartFrame(CURLWS_TEXT, 5));
                        buf.put("hello".getBytes(StandardCharsets.US_ASCII));
                        return 5;
                    case 1:
                        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.wsStartFrame(CURLWS_PING | CURLWS_CONT, 0));
                        assertEquals(CurlCode.CURLE_OK, easy.wsStartFrame(CURLWS_PING, 2));
                        buf.put(new byte[] {'h', 'i'});
                        return 2;
                    case 2:
                        buf.put(new byte[] {7, 8, 9});
                        return 3;
                    default:
                        return 0;
                }
            });
            collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(0x81, got.get(0).first());
            assertEquals("hello", got.get(0).text());
            assertEquals(0x89, got.get(1).first());
            assertEquals(0x82, got.get(2).first());
            assertArrayEquals(new byte[] {7, 8, 9}, got.get(2).payload());
            assertEquals(0x88, got.get(3).first(), "the CLOSE answered");
        }
    }

    @Test
    void aWebSocketConnectionIsNotReused() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x81, "one"));
            p.close();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS));
            assertNotNull(server.takeRequest(5000));
            assertNotNull(server.takeRequest(5000));
            assertNull(easy.getinfo(CURLINFO_ACTIVESOCKET).channel());
        }
    }

    @Test
    void aPausedWriteCallbackGetsTheSameFrameAgainAfterUnpausing() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(concat(frame(0x81, "first"), frame(0x82, new byte[] {9, 8}), frame(0x88, new byte[0])));
            p.readFrame();
            p.close();
        }); CurlMulti multi = CurlMulti.init(); dev.hiper.loop.SelectorLoop loop = new dev.hiper.loop.SelectorLoop(multi);
                CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            List<Piece> pieces = new ArrayList<>();
            boolean[] paused = {false, false};
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
                if (!paused[0]) {
                    paused[0] = true;
                    return CURL_WRITEFUNC_PAUSE;
                }
                byte[] b = new byte[data.remaining()];
                data.get(b);
                pieces.add(new Piece(easy.wsMeta(), b));
                return b.length;
            });
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
            CurlCode[] result = {null};
            loop.runUntil(() -> {
                if (paused[0] && !paused[1]) {
                    paused[1] = true;
                    easy.pause(CURLPAUSE_CONT);
                }
                CurlMsg m;
                while ((m = multi.infoRead()) != null) {
                    result[0] = m.result();
                }
                return result[0] != null;
            });
            assertEquals(CurlCode.CURLE_OK, result[0], easy.errorBuffer());
            assertEquals(3, pieces.size());
            assertEquals("first", pieces.get(0).text());
            assertEquals(CURLWS_TEXT, pieces.get(0).meta().flags());
            assertArrayEquals(new byte[] {9, 8}, pieces.get(1).data());
            assertEquals(CURLWS_CLOSE, pieces.get(2).meta().flags());
            multi.removeHandle(easy);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
    @Test
    void aCloseCodeNoEndpointMaySendIsAnsweredWithAProtocolError() throws Exception {
        byte[][] closes = {{0x03, (byte) 0xed}, {0x03, (byte) 0xe7}, {0x13, (byte) 0x88}, {'*'}, {0x0f, (byte) 0xa0}};
        int[] answers = {1002, 1002, 1002, 1002, 4000}; // 1005, 999, 5000, one byte; 4000 is echoed
        for (int i = 0; i < closes.length; i++) {
            byte[] close = closes[i];
            WsScriptedServer.Frame[] answer = new WsScriptedServer.Frame[1];
            try (WsScriptedServer server = new WsScriptedServer(p -> {
                p.accept(frame(0x88, close));
                answer[0] = p.readFrame();
                p.close();
            }); CurlEasy easy = CurlEasy.init()) {
                easy.setopt(CURLOPT_URL, server.url("/"));
                List<Piece> pieces = collect(easy);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals(CURLWS_CLOSE, pieces.get(0).meta().flags(), "the CLOSE is handed over as it came");
                assertEquals(0x88, answer[0].first());
                byte[] a = answer[0].payload();
                assertEquals(2, a.length);
                assertEquals(answers[i], (a[0] & 0xff) << 8 | a[1] & 0xff, "answer to close " + i);
            }
        }
    }

    @Test
    void nothingAfterTheServersCloseIsHandedOverOrAnswered() throws Exception {
        WsScriptedServer.Frame[] answer = new WsScriptedServer.Frame[1];
        byte[][] rest = new byte[1][];
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept(frame(0x88, new byte[] {0x03, (byte) 0xe8}));
            p.send(frame(0x89, "ping after close"));
            p.send(frame(0x81, "text after close"));
            answer[0] = p.readFrame();
            p.shutdownOutput();
            rest[0] = p.readToEnd();
            read.countDown();
        }); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            List<Piece> pieces = collect(easy);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(1, pieces.size(), "only the CLOSE is handed over");
            assertEquals(CURLWS_CLOSE, pieces.get(0).meta().flags());
            assertTrue(read.await(10, java.util.concurrent.TimeUnit.SECONDS), "the server read to the end");
            assertEquals(0x88, answer[0].first());
            assertEquals(0, rest[0].length, "no PONG after the CLOSE");
        }
    }
}
