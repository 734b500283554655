package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.RawTlsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS records as a scripted server sends them: several HTTP responses in one record, a body in
 * many small records, a renegotiation and a key update in the middle of a body, and the client's
 * close_notify. Transfers run on a loop that acts only on socket readiness and the timer, as an
 * application's loop does, so data held inside hiper that no socket event announces would hang
 * them (contract rule 16); each loop has a time limit and says so when it runs out.
 */
@Timeout(60)
class TlsRecordsTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    /** The seeds' loop: a selector, the socket and timer callbacks, nothing else. */
    static final class EventLoop implements AutoCloseable {
        final Selector selector;
        final CurlMulti multi = CurlMulti.init();
        long deadline = -1;

        EventLoop() throws IOException {
            selector = Selector.open();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, clientp, socketp) -> {
                SelectionKey key = s.channel().keyFor(selector);
                int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
                try {
                    if (key != null && key.isValid()) {
                        key.interestOps(ops);
                    } else if (ops != 0) {
                        s.channel().register(selector, ops, s);
                    }
                } catch (IOException e) {
                    return -1;
                }
                return 0;
            });
            multi.setopt(CURLMOPT_TIMERFUNCTION, (m, ms, clientp) -> {
                deadline = ms < 0 ? -1 : System.nanoTime() + ms * 1_000_000L;
                return 0;
            });
        }

        /**
         * Runs until {@code done} or {@code limitMs}; {@code idle} runs whenever a wait of 50 ms
         * brought neither a socket event nor a timer. Returns whether {@code done} came true.
         */
        boolean runUntil(BooleanSupplier done, long limitMs, Runnable idle) throws IOException {
            long end = System.nanoTime() + limitMs * 1_000_000L;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    return false;
                }
                long wait = 50;
                if (deadline >= 0) {
                    wait = Math.max(0, Math.min(wait, (deadline - System.nanoTime()) / 1_000_000L));
                }
                int n = wait == 0 ? selector.selectNow() : selector.select(wait);
                for (SelectionKey k : selector.selectedKeys()) {
                    int ev = (k.isReadable() ? CURL_CSELECT_IN : 0)
                            | (k.isWritable() || k.isConnectable() ? CURL_CSELECT_OUT : 0);
                    multi.socketAction((CurlSocket) k.attachment(), ev);
                }
                selector.selectedKeys().clear();
                boolean fired = false;
                if (deadline >= 0 && System.nanoTime() >= deadline) {
                    deadline = -1;
                    fired = true;
                    multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
                }
                if (n == 0 && !fired && idle != null) {
                    idle.run();
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            multi.cleanup();
            selector.close();
        }
    }

    private CurlEasy easy(RawTlsServer server, ByteArrayOutputStream body) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, "https://server.hiper.test:" + server.port() + "/");
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + server.port() + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
        e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
        return e;
    }

    private static byte[] body(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (i * 7 + seed) % 26);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static CurlMsg runOne(EventLoop loop, CurlEasy e, Runnable idle) throws IOException {
        assertEquals(CurlMCode.CURLM_OK, loop.multi.addHandle(e));
        CurlMsg[] done = {null};
        boolean finished = loop.runUntil(() -> {
            CurlMsg m = loop.multi.infoRead();
            if (m != null) {
                done[0] = m;
            }
            return done[0] != null;
        }, 10_000, idle);
        assertTrue(finished, "the transfer hung: it waits for a socket event that will not come");
        loop.multi.removeHandle(e);
        return done[0];
    }

    @Test
    void severalHttpResponsesInOneRecord() throws Exception {
        byte[] payload = body(6000, 1);
        try (RawTlsServer server = new RawTlsServer(fx.tls[TlsFixture.VALID].context, null, (s, raw) -> {
            InputStream in = s.getInputStream();
            assertNotNull(RawTlsServer.readHead(in));
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n"));
            record.write(payload);
            s.getOutputStream().write(record.toByteArray()); // one write of < 16 KiB: one TLS record
            s.getOutputStream().flush();
            in.read(); // then silence, the connection open, until the client goes
        }); EventLoop loop = new EventLoop()) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (CurlEasy e = easy(server, got)) {
                CurlMsg m = runOne(loop, e, null);
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
                assertArrayEquals(payload, got.toByteArray());
            }
        }
    }

    @Test
    void aPausedTransferFinishesFromWhatIsBufferedWithoutNewSocketEvents() throws Exception {
        byte[] payload = body(200_000, 2);
        try (RawTlsServer server = new RawTlsServer(fx.tls[TlsFixture.VALID].context, null, (s, raw) -> {
            InputStream in = s.getInputStream();
            assertNotNull(RawTlsServer.readHead(in));
            OutputStream out = s.getOutputStream();
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n"));
            for (int off = 0; off < payload.length; off += 1000) {
                out.write(payload, off, Math.min(1000, payload.length - off)); // 200 small records
            }
            out.flush();
            in.read();
        }); EventLoop loop = new EventLoop()) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (CurlEasy e = easy(server, got)) {
                boolean[] paused = {false};
                int[] unpauses = {0};
                CurlWriteFunction keep = TlsFixture.into(got);
                e.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                    if (!paused[0] && unpauses[0] < 5) {
                        paused[0] = true; // take nothing: what was read stays inside hiper
                        return CURL_WRITEFUNC_PAUSE;
                    }
                    return keep.write(data, u);
                });
                // the loop unpauses only when all is quiet: the server is done and silent, and
                // no socket event or timer is pending
                CurlMsg m = runOne(loop, e, () -> {
                    if (paused[0]) {
                        paused[0] = false;
                        unpauses[0]++;
                        e.pause(CURLPAUSE_CONT);
                    }
                });
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertTrue(unpauses[0] >= 1);
                assertArrayEquals(payload, got.toByteArray());
            }
        }
    }

    /** The server renegotiates (TLS 1.2) or updates its keys (TLS 1.3) halfway through a body; the connection serves a second request after. */
    private void midBodyHandshake(String protocol) throws Exception {
        byte[] first = body(300_000, 3);
        byte[] second = body(1000, 4);
        RawTlsServer[] ref = new RawTlsServer[1];
        RawTlsServer.Script script = (s, raw) -> {
            s.addHandshakeCompletedListener(ev -> ref[0].event("handshake " + ev.getSession().getProtocol()));
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertNotNull(RawTlsServer.readHead(in));
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + first.length + "\r\n\r\n"));
            out.write(first, 0, first.length / 2);
            out.flush();
            s.startHandshake(); // TLS 1.2: HelloRequest; TLS 1.3: KeyUpdate (update_requested)
            ref[0].event("renegotiate");
            out.write(first, first.length / 2, first.length - first.length / 2);
            out.flush();
            assertNotNull(RawTlsServer.readHead(in), "the second request arrives on the same connection");
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + second.length + "\r\n\r\n"));
            out.write(second);
            out.flush();
            in.read();
        };
        try (RawTlsServer server = new RawTlsServer(fx.tls[TlsFixture.VALID].context, new String[] {protocol}, script);
                EventLoop loop = new EventLoop()) {
            ref[0] = server;
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (CurlEasy e = easy(server, got)) {
                CurlMsg m = runOne(loop, e, null);
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertArrayEquals(first, got.toByteArray());
                got.reset();
                m = runOne(loop, e, null);
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertArrayEquals(second, got.toByteArray());
                assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "the same connection served both");
            }
            assertEquals(List.of(), server.failures());
            // handshake listeners run on threads of their own: count, do not order. TLS 1.2: the
            // first handshake and the renegotiation; TLS 1.3: a key update is no handshake
            int expected = protocol.equals("TLSv1.2") ? 2 : 1;
            List<String> events = new java.util.ArrayList<>();
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end && !(events.contains("renegotiate") && handshakes(events, protocol) >= expected)) {
                String ev = server.nextEvent(100);
                if (ev != null) {
                    events.add(ev);
                }
            }
            events.addAll(drain(server));
            assertTrue(events.contains("renegotiate"), events.toString());
            assertEquals(expected, handshakes(events, protocol), events.toString());
        }
    }

    private static long handshakes(List<String> events, String protocol) {
        return events.stream().filter(ev -> ev.equals("handshake " + protocol)).count();
    }

    private static List<String> drain(RawTlsServer server) throws InterruptedException {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        String ev;
        while ((ev = server.nextEvent(100)) != null) {
            out.add(ev);
        }
        return out;
    }

    @Test
    void serverRenegotiatesMidBodyTls12() throws Exception {
        midBodyHandshake("TLSv1.2");
    }

    @Test
    void serverUpdatesKeysMidBodyTls13() throws Exception {
        midBodyHandshake("TLSv1.3");
    }

    @Test
    void anOrderlyCloseSaysCloseNotify() throws Exception {
        RawTlsServer[] ref = new RawTlsServer[1];
        RawTlsServer.Script script = (s, raw) -> {
            InputStream in = s.getInputStream();
            assertNotNull(RawTlsServer.readHead(in));
            s.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
            s.getOutputStream().flush();
            // below TLS: what arrives before the end of the stream? close_notify is one record
            // (an alert: type 21 in TLS 1.2; in TLS 1.3 encrypted, so type 23)
            InputStream bytes = raw.getInputStream();
            int type = bytes.read();
            int n = 0;
            while (bytes.read() >= 0) {
                n++;
            }
            ref[0].event(type < 0 ? "end of stream without close_notify" : "record type " + type + ", " + (n + 1)
                    + " bytes, then the end of stream");
        };
        try (RawTlsServer server = new RawTlsServer(fx.tls[TlsFixture.VALID].context, null, script);
                EventLoop loop = new EventLoop()) {
            ref[0] = server;
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (CurlEasy e = easy(server, got)) {
                e.setopt(CURLOPT_FORBID_REUSE, 1L);
                CurlMsg m = runOne(loop, e, null);
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertEquals("ok", got.toString(StandardCharsets.US_ASCII));
            }
            String ev = server.nextEvent(5000);
            assertTrue(ev != null && ev.matches("record type 2[13], \\d+ bytes, then the end of stream"), ev);
        }
    }

    @Test
    void endOfStreamWithoutCloseNotifyEndsACloseDelimitedBody() throws Exception {
        byte[] payload = body(40_000, 5);
        try (RawTlsServer server = new RawTlsServer(fx.tls[TlsFixture.VALID].context, null, (s, raw) -> {
            assertNotNull(RawTlsServer.readHead(s.getInputStream()));
            s.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            raw.shutdownOutput(); // TCP FIN, no close_notify
        }); EventLoop loop = new EventLoop()) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (CurlEasy e = easy(server, got)) {
                CurlMsg m = runOne(loop, e, null);
                assertEquals(CurlCode.CURLE_OK, m.result(), e.errorBuffer());
                assertTrue(Arrays.equals(payload, got.toByteArray()), "body of " + got.size() + " bytes");
            }
        }
    }
}
