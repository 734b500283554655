package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each failure ends with libcurl's code and an error buffer that names the cause, once alone
 * through {@code perform()} and once on a multi beside well-behaved transfers, which must
 * complete untouched.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorTest {
    private static JettyServer jetty;
    private ScriptedServer server;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Runs the failing transfer twice: alone with perform(), then on a multi with others.
     * {@code script} (may be null) is queued on the scripted server before each run.
     */
    private void check(String url, Consumer<CurlEasy> setup, Action[] script, CurlCode expected, int number,
            String errorPart) throws IOException {
        assertEquals(number, expected.code(), "libcurl's number of " + expected);
        if (script != null) {
            server.enqueue(script);
        }
        try (CurlEasy easy = easy(url, new Sink())) {
            setup.accept(easy);
            CurlCode rc = easy.perform();
            assertEquals(expected, rc, "alone: " + easy.errorBuffer());
            assertFalse(easy.errorBuffer().isEmpty(), "error buffer set");
            if (errorPart != null) {
                assertTrue(easy.errorBuffer().toLowerCase().contains(errorPart.toLowerCase()),
                        "error buffer '" + easy.errorBuffer() + "' names '" + errorPart + "'");
            }
        }
        if (script != null) {
            server.enqueue(script);
        }
        try (CurlEasy easy = easy(url, new Sink())) {
            setup.accept(easy);
            assertIsolated(jetty, easy, expected, errorPart);
        }
    }

    private void check(Action[] script, CurlCode expected, int number, String errorPart) throws IOException {
        check(server.url("/bad"), e -> { }, script, expected, number, errorPart);
    }

    private static Action[] script(Action... a) {
        return a;
    }

    // ---- before any byte is exchanged ----

    @Test
    void badUrl() throws IOException {
        check("http://", e -> { }, null, CurlCode.CURLE_URL_MALFORMAT, 3, null);
        check("http://127.0.0.1:99999/", e -> { }, null, CurlCode.CURLE_URL_MALFORMAT, 3, "port");
        check("http://[::1/", e -> { }, null, CurlCode.CURLE_URL_MALFORMAT, 3, null);
    }

    @Test
    void noUrl() {
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_WRITEFUNCTION, new Sink());
            assertEquals(CurlCode.CURLE_URL_MALFORMAT, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
        }
    }

    @Test
    void unsupportedScheme() throws IOException {
        check("gopher://127.0.0.1:" + server.port() + "/", e -> { }, null, CurlCode.CURLE_UNSUPPORTED_PROTOCOL, 1,
                "gopher");
        assertEquals(0, server.connectionCount(), "nothing was connected");
    }

    @Test
    void unresolvableHost() throws IOException {
        check("http://no-such-host.invalid/", e -> { }, null, CurlCode.CURLE_COULDNT_RESOLVE_HOST, 6,
                "no-such-host.invalid");
    }

    @Test
    void connectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        check("http://127.0.0.1:" + port + "/", e -> { }, null, CurlCode.CURLE_COULDNT_CONNECT, 7,
                "port " + port);
    }

    @Test
    void connectTimeout() throws IOException {
        InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, lo)) {
            // never accepted: once the accept queue is full, new SYNs are dropped and connects hang
            InetSocketAddress addr = new InetSocketAddress(lo, full.getLocalPort());
            boolean saturated = false;
            for (int i = 0; i < 32 && !saturated; i++) {
                Socket s = new Socket();
                try {
                    s.connect(addr, 300);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    saturated = true;
                }
            }
            assumeTrue(saturated, "this kernel does not let the accept queue fill up");
            String url = "http://127.0.0.1:" + full.getLocalPort() + "/";
            long t0 = System.nanoTime();
            check(url, e -> e.setopt(CURLOPT_CONNECTTIMEOUT_MS, 300L), null, CurlCode.CURLE_OPERATION_TIMEDOUT, 28,
                    "timed out");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 500, "both runs waited for their connect timeout: " + ms);
            // the total timeout also ends a connect that hangs
            try (CurlEasy easy = easy(url, new Sink())) {
                easy.setopt(CURLOPT_TIMEOUT_MS, 250L);
                assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, easy.perform());
                assertTrue(easy.errorBuffer().contains("timed out"), easy.errorBuffer());
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    // ---- the peer misbehaves ----

    @Test
    void timeoutWhileServerStalls() throws IOException {
        long t0 = System.nanoTime();
        check(server.url("/stall"), e -> e.setopt(CURLOPT_TIMEOUT_MS, 300L), script(Action.stall()),
                CurlCode.CURLE_OPERATION_TIMEDOUT, 28, "timed out");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 2 * 280, "each run lasted its timeout: " + ms);
    }

    @Test
    void timeoutInTheMiddleOfTheBody() throws IOException {
        long t0 = System.nanoTime();
        try (CurlEasy easy = easy(server.url("/slowbody"), new Sink())) {
            server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"), Action.stall());
            easy.setopt(CURLOPT_TIMEOUT_MS, 300L);
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, easy.perform());
            assertTrue(easy.errorBuffer().contains("10 out of 100"), easy.errorBuffer());
            assertEquals(10L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 280 && ms < 10_000, "timed out after about 300 ms: " + ms);
    }

    @Test
    void malformedStatusLine() throws IOException {
        // libcurl 8: "Unsupported HTTP/1 subversion in response", CURLE_UNSUPPORTED_PROTOCOL
        check(script(Action.respond("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")),
                CurlCode.CURLE_UNSUPPORTED_PROTOCOL, 1, null);
        check(script(Action.respond("HTTP/1.1\r\n\r\n")), CurlCode.CURLE_UNSUPPORTED_PROTOCOL, 1, null);
    }

    @Test
    void headerWithoutColon() throws IOException {
        check(script(Action.respond("HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n")),
                CurlCode.CURLE_WEIRD_SERVER_REPLY, 8, "colon");
    }

    @Test
    void headersOver100KiB() throws IOException {
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200 * 1024) + "\r\nContent-Length: 0\r\n\r\n";
        check(script(Action.respond(big)), CurlCode.CURLE_TOO_LARGE, 100, "too large");
        // many headers that are each small but together over the limit
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; many.length() < 400 * 1024; i++) {
            many.append("X-H").append(i).append(": ").append("b".repeat(1000)).append("\r\n");
        }
        many.append("Content-Length: 0\r\n\r\n");
        // libcurl fails the accumulated size as a receive error (curl tests 497, 498)
        check(script(Action.respond(many.toString())), CurlCode.CURLE_RECV_ERROR, 56, "too large");
    }

    @Test
    void bodyShorterThanAnnounced() throws IOException {
        check(script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"), Action.close()),
                CurlCode.CURLE_PARTIAL_FILE, 18, "95 bytes remaining");
    }

    @Test
    void chunkedBodyCutOff() throws IOException {
        check(script(Action.respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly"), Action.close()),
                CurlCode.CURLE_PARTIAL_FILE, 18, null);
    }

    @Test
    void closedBeforeAnyResponse() throws IOException {
        check(script(Action.close()), CurlCode.CURLE_GOT_NOTHING, 52, "empty reply");
    }

    @Test
    void resetByPeer() throws IOException {
        check(script(Action.reset()), CurlCode.CURLE_RECV_ERROR, 56, "recv");
        check(script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), Action.sleep(100),
                Action.reset()), CurlCode.CURLE_RECV_ERROR, 56, "recv");
    }

    @Test
    void sendFailureWhileUploading() throws IOException {
        byte[] data = randomBytes(32 << 20, 5);
        check(server.url("/upload"), e -> {
            e.setopt(CURLOPT_UPLOAD, 1L);
            e.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            e.setopt(CURLOPT_HTTPHEADER, List.of("Expect:"));
            e.setopt(CURLOPT_READFUNCTION, reader(data, 65536));
        }, script(Action.noContinue(), Action.sleep(200), Action.reset()), CurlCode.CURLE_SEND_ERROR, 55, "send");
    }

    @Test
    void writeCallbackTakesLess() throws IOException {
        server.setDefault(Action.respond(200, "some body bytes"));
        check(server.url("/w"), e -> e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining() - 1), null,
                CurlCode.CURLE_WRITE_ERROR, 23, "writing");
        check(server.url("/w"), e -> e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> CURL_WRITEFUNC_ERROR), null,
                CurlCode.CURLE_WRITE_ERROR, 23, null);
    }

    @Test
    void writeCallbackThrows() throws IOException {
        server.setDefault(Action.respond(200, "body"));
        check(server.url("/t"), e -> e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
            throw new IllegalStateException("disk on fire");
        }), null, CurlCode.CURLE_WRITE_ERROR, 23, "disk on fire");
    }

    @Test
    void headerCallbackTakesLess() throws IOException {
        server.setDefault(Action.respond(200, "body"));
        check(server.url("/h"), e -> e.setopt(CURLOPT_HEADERFUNCTION, (l, u) -> 0), null, CurlCode.CURLE_WRITE_ERROR,
                23, null);
    }

    @Test
    void xferInfoAbort() throws IOException {
        check(jetty.url("/bytes?n=3000000"), e -> {
            e.setopt(CURLOPT_NOPROGRESS, 0L);
            e.setopt(CURLOPT_XFERINFOFUNCTION, (c, dlt, dln, ult, uln) -> dln > 0 ? -1 : 0);
        }, null, CurlCode.CURLE_ABORTED_BY_CALLBACK, 42, "abort");
    }

    @Test
    void xferInfoAbortWhileTheServerIsQuiet() throws IOException {
        // the abort comes with the first body bytes; nothing else arrives to wake the transfer
        Action[] quiet = script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"), Action.stall());
        Consumer<CurlEasy> abortOnData = e -> {
            e.setopt(CURLOPT_NOPROGRESS, 0L);
            e.setopt(CURLOPT_XFERINFOFUNCTION, (c, dlt, dln, ult, uln) -> dln > 0 ? 1 : 0);
        };
        server.enqueue(quiet);
        try (CurlEasy easy = easy(server.url("/quiet"), new Sink())) {
            abortOnData.accept(easy);
            long t0 = System.nanoTime();
            assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, easy.perform());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 700, "aborted when the callback said so, not at the next progress tick: " + ms + " ms");
            assertEquals(5L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
        }
        check(server.url("/quiet"), abortOnData, quiet, CurlCode.CURLE_ABORTED_BY_CALLBACK, 42, "abort");
    }

    @Test
    void readCallbackAbort() throws IOException {
        check(server.url("/r"), e -> {
            e.setopt(CURLOPT_UPLOAD, 1L);
            e.setopt(CURLOPT_READFUNCTION, (dst, u) -> CURL_READFUNC_ABORT);
        }, null, CurlCode.CURLE_ABORTED_BY_CALLBACK, 42, "abort");
    }

    @Test
    void errorBufferClearedBySuccess() {
        server.enqueue(Action.close());
        try (CurlEasy easy = easy(server.url("/x"), new Sink())) {
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("", easy.errorBuffer());
        }
    }

    @Test
    void manyBadPeersAtOnceOnOneMulti() throws IOException {
        // several misbehaving servers at the same time, beside good transfers
        List<CurlEasy> bad = new ArrayList<>();
        List<CurlCode> expect = new ArrayList<>();
        Action[][] scripts = {
            script(Action.respond("HTTP/1.1 2x0 OK\r\n\r\n")),
            script(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab"), Action.close()),
            script(Action.close()),
            script(Action.reset()),
            script(Action.respond("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n")),
        };
        CurlCode[] codes = {CurlCode.CURLE_UNSUPPORTED_PROTOCOL, CurlCode.CURLE_PARTIAL_FILE, CurlCode.CURLE_GOT_NOTHING,
            CurlCode.CURLE_RECV_ERROR, CurlCode.CURLE_WEIRD_SERVER_REPLY};
        List<ScriptedServer> servers = new ArrayList<>();
        Bystanders others = new Bystanders(jetty);
        try {
            for (int i = 0; i < scripts.length; i++) {
                ScriptedServer s = ScriptedServer.start();
                servers.add(s);
                s.enqueue(scripts[i]);
                bad.add(easy(s.url("/bad" + i), new Sink()));
                expect.add(codes[i]);
            }
            List<CurlEasy> all = new ArrayList<>(others.handles);
            all.addAll(bad);
            var results = runAll(all);
            for (int i = 0; i < bad.size(); i++) {
                assertEquals(expect.get(i), results.get(bad.get(i)), "bad " + i + ": " + bad.get(i).errorBuffer());
                assertFalse(bad.get(i).errorBuffer().isEmpty());
            }
            others.assertAllGood(results);
        } finally {
            others.close();
            bad.forEach(CurlEasy::close);
            servers.forEach(ScriptedServer::close);
        }
    }
}
