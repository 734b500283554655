package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CURLOPT_MAX_RECV_SPEED_LARGE}, {@code MAX_SEND_SPEED_LARGE}, {@code LOW_SPEED_LIMIT} and
 * {@code LOW_SPEED_TIME} against loopback servers that could go far faster. A limited transfer may
 * never be faster than its limit allows (what loopback would give in a few milliseconds takes
 * seconds), whatever the machine's load; how close to the limit it stays is measured, not asserted
 * (a busy machine makes it slower, never faster). A stalled transfer ends with 28 and libcurl's
 * message while a transfer beside it goes on.
 */
@Timeout(60)
class SpeedLimitTest {
    private static JettyServer jetty;
    private static JettyH2Server h2;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyServer.start();
        Path dir = Files.createTempDirectory("hiper-speed");
        dir.toFile().deleteOnExit();
        TestPki pki = TestPki.create(dir);
        h2 = JettyH2Server.start(pki.serverTls(pki.server).context, 100);
    }

    @AfterAll
    static void stop() {
        jetty.close();
        h2.close();
    }

    /** The shortest time {@code bytes} may take at {@code rate} once a burst of {@code burst} bytes is allowed. */
    private static long floorMs(long bytes, long burst, long rate) {
        return (bytes - burst) * 1000 / rate;
    }

    @Test
    void receivingKeepsUnderTheLimit() throws Exception {
        int size = 1 << 20;
        long rate = 512 * 1024;
        Sink sink = new Sink();
        try (CurlEasy e = easy(jetty.url("/bytes?n=" + size + "&seed=3"), sink)) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_MAX_RECV_SPEED_LARGE, rate));
            long t0 = System.nanoTime();
            assertEquals(CurlCode.CURLE_OK, runAll(List.of(e)).get(e), e.errorBuffer());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(size, sink.bytes().length);
            assertArrayEquals(JettyServer.expectedBytes(size, 3), sink.bytes(), "every byte, in order");
            // a burst of at most one run's reads (8 x 64 KiB) may go before the first wait
            assertTrue(ms >= floorMs(size, 512 * 1024, rate), "1 MiB at 512 KiB/s took only " + ms + " ms");
            System.out.printf("max recv speed %d B/s: %d bytes in %d ms = %.0f B/s%n", rate, size, ms, size * 1000.0 / ms);
        }
    }

    @Test
    void sendingKeepsUnderTheLimit() throws Exception {
        int size = 768 * 1024;
        long rate = 256 * 1024;
        byte[] body = randomBytes(size, 11);
        Sink sink = new Sink();
        try (CurlEasy e = easy(jetty.url("/echo"), sink)) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_POST, 1L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) size));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_READFUNCTION, reader(body, 16 * 1024)));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_MAX_SEND_SPEED_LARGE, rate));
            long t0 = System.nanoTime();
            assertEquals(CurlCode.CURLE_OK, runAll(List.of(e)).get(e), e.errorBuffer());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertArrayEquals(body, sink.bytes(), "the echo has the body whole");
            assertEquals((long) size, e.getinfo(CURLINFO_SIZE_UPLOAD_T));
            // what goes before the first wait: the socket's send buffer's worth at most
            assertTrue(ms >= floorMs(size, 256 * 1024, rate), "768 KiB at 256 KiB/s took only " + ms + " ms");
            System.out.printf("max send speed %d B/s: %d bytes in %d ms = %.0f B/s%n", rate, size, ms, size * 1000.0 / ms);
        }
    }

    @Test
    void aLimitedTransferDoesNotSlowTheOthers() throws Exception {
        int size = 256 * 1024;
        Sink slow = new Sink();
        Sink fast = new Sink();
        CurlEasy limited = easy(jetty.url("/bytes?n=" + size + "&seed=1"), slow);
        CurlEasy free = easy(jetty.url("/bytes?n=" + (4 << 20) + "&seed=2"), fast);
        long[] freeDoneAt = {0};
        try (limited; free) {
            assertEquals(CurlCode.CURLE_OK, limited.setopt(CURLOPT_MAX_RECV_SPEED_LARGE, 64L * 1024));
            assertEquals(CurlCode.CURLE_OK, free.setopt(CURLOPT_XFERINFOFUNCTION, (ud, dlt, dln, ult, uln) -> {
                if (dlt > 0 && dln == dlt && freeDoneAt[0] == 0) {
                    freeDoneAt[0] = System.nanoTime();
                }
                return 0;
            }));
            assertEquals(CurlCode.CURLE_OK, free.setopt(CURLOPT_NOPROGRESS, 0L));
            long t0 = System.nanoTime();
            Map<CurlEasy, CurlCode> r = runAll(List.of(limited, free));
            long all = System.nanoTime() - t0;
            assertEquals(CurlCode.CURLE_OK, r.get(limited), limited.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, r.get(free), free.errorBuffer());
            assertEquals(4 << 20, fast.bytes().length);
            assertArrayEquals(JettyServer.expectedBytes(size, 1), slow.bytes());
            assertTrue(freeDoneAt[0] > 0, "the free transfer reported its end");
            assertTrue(freeDoneAt[0] - t0 < all / 2, "the free transfer ended long before the limited one");
        }
    }

    @Test
    void anHttp2StreamHeldByItsLimitLeavesTheConnectionToTheOthers() throws Exception {
        int size = 384 * 1024;
        long rate = 128 * 1024;
        String base = "http://127.0.0.1:" + h2.plainPort();
        Sink slow = new Sink();
        Sink fast = new Sink();
        CurlEasy limited = easy(base + "/bytes?n=" + size + "&seed=6", slow);
        CurlEasy free = easy(base + "/bytes?n=" + (4 << 20) + "&seed=7", fast);
        try (limited; free) {
            for (CurlEasy e : List.of(limited, free)) {
                assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
                assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_PIPEWAIT, 1L));
            }
            assertEquals(CurlCode.CURLE_OK, limited.setopt(CURLOPT_MAX_RECV_SPEED_LARGE, rate));
            long t0 = System.nanoTime();
            Map<CurlEasy, CurlCode> r = runAll(List.of(limited, free));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(CurlCode.CURLE_OK, r.get(limited), limited.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, r.get(free), free.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(size, 6), slow.bytes());
            assertArrayEquals(JettyServer.expectedBytes(4 << 20, 7), fast.bytes());
            assertEquals(CURL_HTTP_VERSION_2_0, limited.getinfo(CURLINFO_HTTP_VERSION));
            // what arrives for the held stream waits in it (as when paused) while the other stream
            // of the connection goes on; the application gets it at the rate asked
            assertTrue(ms >= floorMs(size, 128 * 1024, rate), "384 KiB at 128 KiB/s over h2 took only " + ms + " ms");
        }
    }

    @Test
    void aStalledTransferEndsWith28WhileTheOtherGoesOn() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nsome bytes"), Action.stall());
            Sink stalled = new Sink();
            Sink other = new Sink();
            CurlEasy e = easy(server.url("/stall"), stalled);
            CurlEasy ok = easy(jetty.url("/bytes?n=100000&seed=5"), other);
            try (e; ok) {
                assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_LOW_SPEED_LIMIT, 1000L));
                assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_LOW_SPEED_TIME, 1L));
                assertEquals(CurlCode.CURLE_OK, ok.setopt(CURLOPT_LOW_SPEED_LIMIT, 1000L));
                assertEquals(CurlCode.CURLE_OK, ok.setopt(CURLOPT_LOW_SPEED_TIME, 1L));
                Map<CurlEasy, CurlCode> r = runAll(List.of(e, ok));
                assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, r.get(e));
                assertEquals("Operation too slow. Less than 1000 bytes/sec transferred the last 1 seconds",
                        e.errorBuffer());
                assertEquals("some bytes", stalled.text(), "what came before the stall was delivered");
                assertEquals(CurlCode.CURLE_OK, r.get(ok), ok.errorBuffer());
                assertArrayEquals(JettyServer.expectedBytes(100000, 5), other.bytes());
            }
        }
    }

    @Test
    void aPausedTransferIsNotJudgedSlow() throws Exception {
        Sink sink = new Sink();
        int[] calls = {0};
        long[] resumeAt = {0};
        try (CurlMulti multi = CurlMulti.init(); dev.hiper.loop.SelectorLoop loop = new dev.hiper.loop.SelectorLoop(multi);
                CurlEasy e = easy(jetty.url("/bytes?n=200000&seed=4"), null)) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                if (calls[0]++ == 0) {
                    resumeAt[0] = System.nanoTime() + 2_500_000_000L;
                    return CURL_WRITEFUNC_PAUSE;
                }
                return sink.write(data, ud);
            }));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_LOW_SPEED_LIMIT, 1000L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_LOW_SPEED_TIME, 1L));
            CurlCode[] result = {null};
            loop.onDone(m -> result[0] = m.result());
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            long deadline = System.nanoTime() + RUN_LIMIT_NS;
            while (result[0] == null && System.nanoTime() < deadline) {
                loop.runOnce(50);
                if (resumeAt[0] != 0 && System.nanoTime() >= resumeAt[0]) {
                    resumeAt[0] = 0;
                    assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
                }
            }
            assertEquals(CurlCode.CURLE_OK, result[0], "paused 2.5 s with a 1 s low-speed limit: " + e.errorBuffer());
            assertEquals(200000, sink.bytes().length);
            multi.removeHandle(e);
        }
    }

    @Test
    void negativeValuesAreRefused() {
        try (CurlEasy e = CurlEasy.init()) {
            for (EasyOption<Long> o : List.of(CURLOPT_MAX_RECV_SPEED_LARGE, CURLOPT_MAX_SEND_SPEED_LARGE,
                    CURLOPT_LOW_SPEED_LIMIT, CURLOPT_LOW_SPEED_TIME)) {
                assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(o, -1L), o.toString());
                assertEquals(CurlCode.CURLE_OK, e.setopt(o, 0L), o.toString());
            }
        }
    }
}
