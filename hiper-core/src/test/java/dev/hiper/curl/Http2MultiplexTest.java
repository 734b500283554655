package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many transfers over one HTTP/2 connection against Jetty, driven through the socket callback
 * (the contract's checks run on every call): 1,000 transfers with 100 at once, the connection
 * limits counting connections rather than streams, and one paused stream beside others that go on.
 */
@Timeout(120)
class Http2MultiplexTest {
    static TestPki pki;
    static JettyH2Server server;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("hiper-h2m");
        dir.toFile().deleteOnExit();
        pki = TestPki.create(dir);
        server = JettyH2Server.start(pki.serverTls(pki.server).context, 128);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CurlEasy easy(String path, ByteArrayOutputStream body) {
        CurlEasy e = ContractKit.easy("https://server.hiper.test:" + server.tlsPort() + path, body);
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + server.tlsPort() + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        e.setopt(CURLOPT_PIPEWAIT, 1L);
        return e;
    }

    @Test
    void thousandTransfersHundredAtOnceShareOneConnection() {
        int total = 1000;
        int atOnce = 100;
        long before = server.tlsConnections();
        List<CurlEasy> easies = new ArrayList<>();
        List<ByteArrayOutputStream> bodies = new ArrayList<>();
        try (ContractKit kit = ContractKit.real()) {
            int added = 0;
            long connects = 0;
            int seen = 0;
            long deadline = System.nanoTime() + 100_000_000_000L;
            while (seen < total) {
                while (added < total && added - kit.done.size() < atOnce) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    CurlEasy e = easy("/bytes?n=" + (1000 + added) + "&seed=" + added, b);
                    easies.add(e);
                    bodies.add(b);
                    assertEquals(CurlMCode.CURLM_OK, kit.add(e));
                    added++;
                }
                assertTrue(System.nanoTime() < deadline, "timed out with " + kit.done.size() + " done");
                kit.step(50);
                for (; seen < kit.done.size(); seen++) {
                    ContractKit.Done d = kit.done.get(seen);
                    assertEquals(CurlCode.CURLE_OK, d.result, d.easy.errorBuffer());
                    assertEquals(CURL_HTTP_VERSION_2_0, d.easy.getinfo(CURLINFO_HTTP_VERSION));
                    connects += d.easy.getinfo(CURLINFO_NUM_CONNECTS);
                    kit.remove(d.easy);
                }
            }
            for (int i = 0; i < total; i++) {
                assertArrayEquals(JettyServer.expectedBytes(1000 + i, i), bodies.get(i).toByteArray(), "transfer " + i);
            }
            assertTrue(connects >= 1 && connects <= 3, "new connections: " + connects);
            assertTrue(server.tlsConnections() - before <= 3, "server saw " + (server.tlsConnections() - before));
            kit.assertNoViolations();
        } finally {
            easies.forEach(CurlEasy::close);
        }
    }

    @Test
    void hostLimitCountsConnectionsNotStreams() {
        List<CurlEasy> easies = new ArrayList<>();
        try (ContractKit kit = ContractKit.real()) {
            kit.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
            for (int i = 0; i < 50; i++) {
                CurlEasy e = easy("/bytes?n=5000&seed=" + i, null);
                e.setopt(CURLOPT_PIPEWAIT, 0L); // the limit alone keeps them on one connection
                easies.add(e);
                assertEquals(CurlMCode.CURLM_OK, kit.add(e));
            }
            kit.runUntil(() -> kit.done.size() == 50, 60_000, "50 transfers");
            long connects = 0;
            for (CurlEasy e : easies) {
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(e), e.errorBuffer());
                connects += e.getinfo(CURLINFO_NUM_CONNECTS);
            }
            assertEquals(1, connects);
            kit.assertNoViolations();
        } finally {
            easies.forEach(CurlEasy::close);
        }
    }

    /**
     * Transfers waiting for a connection are woken only as many as can go on when a connection
     * starts multiplexing (its free streams, within the limits), not all of them each time: each
     * one that is woken and must wait again says so in the trace, and that stays linear.
     */
    @Test
    void waitingTransfersAreWokenOnlyAsManyAsCanGo() {
        int total = 400;
        List<CurlEasy> easies = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
        try (ContractKit kit = ContractKit.real()) {
            kit.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
            kit.multi.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, 10L);
            for (int i = 0; i < total; i++) {
                CurlEasy e = easy("/bytes?n=3000&seed=" + i, null);
                e.setopt(CURLOPT_PIPEWAIT, 0L);
                e.setopt(CURLOPT_VERBOSE, 1L);
                e.setopt(CURLOPT_DEBUGFUNCTION, (handle, type, data, u) -> {
                    if (type == CurlInfoType.CURLINFO_TEXT && StandardCharsets.ISO_8859_1.decode(data).toString()
                            .startsWith("No connections available")) {
                        waits.incrementAndGet();
                    }
                    return 0;
                });
                easies.add(e);
                assertEquals(CurlMCode.CURLM_OK, kit.add(e));
            }
            kit.runUntil(() -> kit.done.size() == total, 60_000, total + " transfers");
            long connects = 0;
            for (CurlEasy e : easies) {
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(e), e.errorBuffer());
                connects += e.getinfo(CURLINFO_NUM_CONNECTS);
            }
            assertTrue(connects <= 4, connects + " connections");
            // each transfer beyond the first connections waits once, and a few are woken early
            assertTrue(waits.get() < 2 * total, waits.get() + " waits for " + total + " transfers");
            kit.assertNoViolations();
        } finally {
            easies.forEach(CurlEasy::close);
        }
    }

    /**
     * CURLOPT_PIPEWAIT as libcurl: a transfer waits for a connection being made, not for one
     * that is full; it opens another.
     */
    @Test
    void pipeWaitDoesNotWaitForAFullConnection() {
        List<CurlEasy> held = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger pausedCount = new java.util.concurrent.atomic.AtomicInteger();
        try (ContractKit kit = ContractKit.real()) {
            kit.multi.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, 10L);
            for (int i = 0; i < 10; i++) {
                CurlEasy e = easy("/bytes?n=2000000&seed=" + i, null);
                AtomicBoolean once = new AtomicBoolean();
                e.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                    if (once.compareAndSet(false, true)) {
                        pausedCount.incrementAndGet();
                        return CURL_WRITEFUNC_PAUSE;
                    }
                    return data.remaining();
                });
                held.add(e);
                assertEquals(CurlMCode.CURLM_OK, kit.add(e));
            }
            kit.runUntil(() -> pausedCount.get() == 10, 30_000, "ten streams to pause");
            long connects = 0;
            for (CurlEasy e : held) {
                connects += e.getinfo(CURLINFO_NUM_CONNECTS);
            }
            assertEquals(1, connects, "the ten waited for the first connection and share it");
            CurlEasy next = easy("/bytes?n=1000&seed=77", null);
            held.add(next);
            assertEquals(CurlMCode.CURLM_OK, kit.add(next));
            kit.runUntil(() -> kit.doneOf(next) != null, 30_000, "the eleventh transfer, on a connection of its own");
            assertEquals(CurlCode.CURLE_OK, kit.resultOf(next), next.errorBuffer());
            assertEquals(1L, next.getinfo(CURLINFO_NUM_CONNECTS), "the full connection was not waited for");
            for (int i = 0; i < 10; i++) {
                assertEquals(CurlCode.CURLE_OK, held.get(i).pause(CURLPAUSE_CONT));
            }
            kit.kick();
            kit.runUntil(() -> held.stream().allMatch(e -> kit.doneOf(e) != null), 60_000, "the paused ten");
            for (CurlEasy e : held) {
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(e), e.errorBuffer());
            }
            kit.assertNoViolations();
        } finally {
            held.forEach(CurlEasy::close);
        }
    }

    @Test
    void withoutMultiplexABusyConnectionIsNotShared() {
        AtomicBoolean paused = new AtomicBoolean();
        try (ContractKit kit = ContractKit.real()) {
            kit.multi.setopt(CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
            CurlEasy busy = easy("/bytes?n=3000000&seed=5", null);
            busy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                if (paused.compareAndSet(false, true)) {
                    return CURL_WRITEFUNC_PAUSE;
                }
                return data.remaining();
            });
            CurlEasy next = easy("/bytes?n=1000&seed=6", null);
            try {
                assertEquals(CurlMCode.CURLM_OK, kit.add(busy));
                kit.runUntil(paused::get, 30_000, "the first transfer to pause");
                assertEquals(CurlMCode.CURLM_OK, kit.add(next));
                kit.runUntil(() -> kit.doneOf(next) != null, 30_000, "the second transfer");
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(next), next.errorBuffer());
                assertEquals(CURL_HTTP_VERSION_2_0, next.getinfo(CURLINFO_HTTP_VERSION));
                assertEquals(1L, next.getinfo(CURLINFO_NUM_CONNECTS), "a connection of its own");
                assertEquals(CurlCode.CURLE_OK, busy.pause(CURLPAUSE_CONT));
                kit.kick();
                kit.runUntil(() -> kit.doneOf(busy) != null, 30_000, "the first transfer");
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(busy), busy.errorBuffer());
                kit.assertNoViolations();
            } finally {
                busy.close();
                next.close();
            }
        }
    }

    @Test
    void pausedStreamHoldsOnlyItsOwnWindow() {
        List<CurlEasy> easies = new ArrayList<>();
        AtomicBoolean pausedOnce = new AtomicBoolean();
        ByteArrayOutputStream slowBody = new ByteArrayOutputStream();
        int big = 4_000_000;
        try (ContractKit kit = ContractKit.real()) {
            CurlEasy slow = easy("/bytes?n=" + big + "&seed=99", null);
            slow.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                if (slowBody.size() >= 100_000 && pausedOnce.compareAndSet(false, true)) {
                    return CURL_WRITEFUNC_PAUSE;
                }
                int n = data.remaining();
                byte[] b = new byte[n];
                data.get(b);
                slowBody.write(b, 0, n);
                return n;
            });
            easies.add(slow);
            assertEquals(CurlMCode.CURLM_OK, kit.add(slow));
            kit.runUntil(pausedOnce::get, 30_000, "the slow transfer to pause");
            List<ByteArrayOutputStream> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                CurlEasy e = easy("/bytes?n=300000&seed=" + i, b);
                easies.add(e);
                bodies.add(b);
                assertEquals(CurlMCode.CURLM_OK, kit.add(e));
            }
            kit.runUntil(() -> kit.done.size() == 20, 60_000, "the 20 others");
            for (int i = 0; i < 20; i++) {
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(easies.get(i + 1)));
                assertEquals(0L, easies.get(i + 1).getinfo(CURLINFO_NUM_CONNECTS), "shared the connection");
                assertArrayEquals(JettyServer.expectedBytes(300000, i), bodies.get(i).toByteArray());
            }
            assertNull(kit.doneOf(slow), "the paused transfer is still running");
            assertTrue(slowBody.size() < big);
            assertEquals(CurlCode.CURLE_OK, slow.pause(CURLPAUSE_CONT));
            kit.kick();
            kit.runUntil(() -> kit.doneOf(slow) != null, 60_000, "the slow transfer");
            assertEquals(CurlCode.CURLE_OK, kit.resultOf(slow), slow.errorBuffer());
            assertArrayEquals(JettyServer.expectedBytes(big, 99), slowBody.toByteArray());
            kit.assertNoViolations();
        } finally {
            easies.forEach(CurlEasy::close);
        }
    }
}
