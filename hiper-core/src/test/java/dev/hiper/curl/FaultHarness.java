package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one misbehaving transfer on a multi together with {@link #BYSTANDERS} well-behaved ones
 * and checks what the fault tests promise:
 * <ol>
 *   <li>the misbehaving transfer ends with the expected code, within a bound (no hang);</li>
 *   <li>when it ends, every socket it was announced on has been told {@code CURL_POLL_REMOVE},
 *       and closed unless the transfer succeeded and its connection was kept;</li>
 *   <li>the other transfers, running at the same time on the same multi, all complete with
 *       their bodies verified by CRC;</li>
 *   <li>after {@code cleanup()} every socket ever announced was last told REMOVE, its channel is
 *       closed, and the engine holds no open channel.</li>
 * </ol>
 * The socket callback is recorded by wrapping the {@link SelectorLoop}'s own.
 */
final class FaultHarness {
    static final int BYSTANDERS = 100;
    /** No run may take longer than this, whatever the fault. */
    private static final long RUN_LIMIT_MS = 45_000;

    private FaultHarness() {
    }

    /** What became of the misbehaving transfer. */
    static final class Outcome {
        final CurlCode code;
        final long millis;
        final String error;

        Outcome(CurlCode code, long millis, String error) {
            this.code = code;
            this.millis = millis;
            this.error = error;
        }
    }

    /** One socket as the socket callback saw it. */
    private static final class SocketLog {
        final SelectableChannel channel;
        final List<Integer> whats = new ArrayList<>();
        CurlEasy firstEasy;

        SocketLog(SelectableChannel channel) {
            this.channel = channel;
        }

        int last() {
            return whats.get(whats.size() - 1);
        }
    }

    /**
     * Runs {@code bad} beside the bystanders; asserts it ends with {@code expected} within
     * {@code boundMs}, and everything listed in the class comment. {@code name} labels the
     * printed figure ({@code FAULT name code ms}) that docs/RELIABILITY.md quotes.
     */
    static Outcome run(JettyServer jetty, String name, CurlEasy bad, CurlCode expected, long boundMs)
            throws IOException {
        Map<CurlSocket, SocketLog> sockets = new LinkedHashMap<>();
        Map<CurlEasy, CurlCode> results = new IdentityHashMap<>();
        List<CurlEasy> goods = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        List<Long> crcs = new ArrayList<>();
        long[] badDone = {-1};
        List<String> badSocketProblems = new ArrayList<>();
        Outcome outcome;
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            CurlSocketFunction inner = loop.socketFunction();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, clientp, socketp) -> {
                SocketLog log = sockets.computeIfAbsent(s, k -> new SocketLog(k.channel()));
                if (log.firstEasy == null) {
                    log.firstEasy = easy;
                }
                log.whats.add(what);
                return inner.socket(easy, s, what, clientp, socketp);
            });
            long t0 = System.nanoTime();
            loop.onDone(m -> {
                assertNull(results.put(m.easy(), m.result()), "a transfer finished twice");
                if (m.easy() == bad) {
                    badDone[0] = (System.nanoTime() - t0) / 1_000_000;
                    for (SocketLog log : sockets.values()) {
                        if (log.firstEasy != bad) {
                            continue;
                        }
                        if (log.last() != CURL_POLL_REMOVE) {
                            badSocketProblems.add("a socket of the failed transfer was last told " + log.whats);
                        }
                        if (m.result() != CurlCode.CURLE_OK && log.channel.isOpen()) {
                            badSocketProblems.add("a socket of the failed transfer is still open");
                        }
                    }
                }
            });
            for (int i = 0; i < BYSTANDERS; i++) {
                long n = 8_000 + 997L * i;
                Sink sink = new Sink();
                goods.add(easy(jetty.url("/bytes?n=" + n + "&seed=" + i + (i % 3 == 0 ? "&chunked=1" : "")), sink));
                sinks.add(sink);
                crcs.add(JettyServer.crc32(n, i));
            }
            // the misbehaving one among the first, so that it runs while the others do
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(goods.get(0)));
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(bad));
            for (int i = 1; i < goods.size(); i++) {
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(goods.get(i)));
            }
            long limit = t0 + RUN_LIMIT_MS * 1_000_000L;
            while (multi.runningHandles() > 0) {
                assertTrue(System.nanoTime() < limit, name + ": the run did not end within " + RUN_LIMIT_MS + " ms");
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(100));
            }
            assertEquals(BYSTANDERS + 1, results.size(), "every transfer reports done once");
            outcome = new Outcome(results.get(bad), badDone[0], bad.errorBuffer());
            System.out.println("FAULT " + name + " " + outcome.code + " " + outcome.millis + " ms");
            assertEquals(expected, outcome.code, name + ": " + outcome.error);
            if (expected != CurlCode.CURLE_OK) {
                assertFalse(outcome.error.isEmpty(), name + ": the error buffer names the cause");
            }
            assertTrue(outcome.millis <= boundMs, name + ": failed after " + outcome.millis + " ms, bound " + boundMs);
            assertEquals(List.of(), badSocketProblems, name);
            for (int i = 0; i < goods.size(); i++) {
                CurlEasy e = goods.get(i);
                assertEquals(CurlCode.CURLE_OK, results.get(e), name + ": bystander " + i + ": " + e.errorBuffer());
                assertEquals(crcs.get(i), crc(sinks.get(i).bytes()), name + ": bystander " + i + " body");
            }
            for (CurlEasy e : goods) {
                assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(e));
            }
            assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(bad));
            assertEquals(CurlMCode.CURLM_OK, multi.cleanup());
            assertEquals(0, multi.engine().openChannels(), name + ": channels left open after cleanup");
        } finally {
            goods.forEach(CurlEasy::close);
        }
        assertFalse(sockets.isEmpty(), "the socket callback was called");
        for (Map.Entry<CurlSocket, SocketLog> e : sockets.entrySet()) {
            SocketLog log = e.getValue();
            assertEquals(CURL_POLL_REMOVE, log.last(), name + ": " + e.getKey() + " was last told " + log.whats);
            assertFalse(log.channel.isOpen(), name + ": " + e.getKey() + " is still open");
        }
        return outcome;
    }
}
