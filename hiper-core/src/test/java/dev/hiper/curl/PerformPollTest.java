package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The other ways to drive a multi: perform() with poll()/await(), and wakeup() from another thread. */
@Timeout(60)
class PerformPollTest {
    @Test
    void performAndPollCompleteManyTransfers() {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init()) {
            List<CurlEasy> handles = new ArrayList<>();
            long[] bytes = {0};
            for (int i = 0; i < 50; i++) {
                CurlEasy e = CurlEasy.init();
                e.setopt(CURLOPT_URL, jetty.url("/bytes?n=10000&seed=" + i));
                e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
                    bytes[0] += d.remaining();
                    return d.remaining();
                });
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
                handles.add(e);
            }
            int done = 0;
            do {
                assertEquals(CurlMCode.CURLM_OK, multi.perform());
                for (CurlMsg m; (m = multi.infoRead()) != null; ) {
                    assertEquals(CurlCode.CURLE_OK, m.result(), m.easy().errorBuffer());
                    done++;
                }
                if (multi.runningHandles() > 0) {
                    assertEquals(CurlMCode.CURLM_OK, multi.poll(1000));
                }
            } while (multi.runningHandles() > 0);
            for (CurlMsg m; (m = multi.infoRead()) != null; ) {
                assertEquals(CurlCode.CURLE_OK, m.result());
                done++;
            }
            assertEquals(50, done);
            assertEquals(50 * 10000L, bytes[0]);
        }
    }

    @Test
    void awaitWithNothingToWaitOnReturnsAtOnceButPollWaits() {
        try (CurlMulti multi = CurlMulti.init()) {
            long t0 = System.nanoTime();
            assertEquals(CurlMCode.CURLM_OK, multi.await(2000));
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "await returned at once");
            t0 = System.nanoTime();
            assertEquals(CurlMCode.CURLM_OK, multi.poll(300));
            assertTrue(System.nanoTime() - t0 >= 250_000_000L, "poll waited its timeout");
            assertEquals(CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT, multi.poll(-1));
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsPoll() throws Exception {
        try (CurlMulti multi = CurlMulti.init()) {
            CountDownLatch polling = new CountDownLatch(1);
            Thread waker = new Thread(() -> {
                try {
                    polling.await(5, TimeUnit.SECONDS);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                multi.wakeup();
            });
            waker.start();
            long t0 = System.nanoTime();
            polling.countDown();
            assertEquals(CurlMCode.CURLM_OK, multi.poll(20_000));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "woken long before the timeout");
            waker.join(5000);
        }
    }

    @Test
    void pollWakesForASocketThatBecomesReadable() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                CurlEasy easy = CurlEasy.init()) {
            server.enqueue(Action.sleep(200), Action.respond(200, "late"));
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            multi.addHandle(easy);
            long t0 = System.nanoTime();
            while (multi.runningHandles() > 0 && System.nanoTime() - t0 < 10_000_000_000L) {
                multi.perform();
                if (multi.runningHandles() > 0) {
                    multi.poll(5000);
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, multi.runningHandles());
            assertTrue(ms < 4000, "poll returned on readiness, not on its 5 s timeout: " + ms + " ms");
            assertEquals(CurlCode.CURLE_OK, multi.infoRead().result());
        }
    }

    @Test
    void deprecatedSocketAllRunsEveryTransfer() {
        // The server answers only once a socket was announced: a transfer that completes inside
        // one call (a fast server on loopback) announces none, and there would be nothing to see.
        CountDownLatch announcedOnce = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init()) {
            server.enqueue(Action.await(announcedOnce), Action.respond(200, "0123456789"));
            List<Integer> announced = new ArrayList<>();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (e, s, what, c, p) -> {
                announced.add(what);
                return 0;
            });
            CurlEasy e = CurlEasy.init();
            e.setopt(CURLOPT_URL, server.url("/"));
            e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            multi.addHandle(e);
            long t0 = System.nanoTime();
            while (multi.runningHandles() > 0 && System.nanoTime() - t0 < 10_000_000_000L) {
                @SuppressWarnings("deprecation")
                CurlMCode mc = multi.socketAll();
                assertEquals(CurlMCode.CURLM_OK, mc);
                if (!announced.isEmpty()) {
                    announcedOnce.countDown();
                }
                multi.await(100);
            }
            assertEquals(0, multi.runningHandles());
            assertFalse(announced.isEmpty(), "changes were still reported through the socket callback");
            assertEquals(CURL_POLL_REMOVE, announced.get(announced.size() - 1));
        }
    }
}
