package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlSocket;
import dev.hiper.loop.LoopAudit.Kind;
import dev.hiper.loop.LoopAudit.Violation;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LoopAudit}: each misuse it names is caught by a loop that makes exactly that mistake, and a
 * correct loop written from the seeds' steps (hiperfifo's shape) runs hundreds of transfers without
 * a word. (SelectorLoop and the Netty driver are audited in their own tests.)
 */
class LoopAuditTest {

    /**
     * A hand-written selector loop in the seeds' shape, with switches for the classic mistakes.
     * Correct with every switch off.
     */
    static final class HandLoop implements AutoCloseable {
        final CurlMulti multi;
        final Selector selector;
        boolean ignoreRemove;
        boolean watchEverything;
        boolean ignoreTimer;
        boolean callInfoReadEachRound = true;
        long deadline = -1;
        boolean timeoutNow;
        final List<CurlMsg> done = new ArrayList<>();

        HandLoop(CurlMulti multi) throws IOException {
            this.multi = multi;
            this.selector = Selector.open();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, this::onSocket);
            multi.setopt(CURLMOPT_TIMERFUNCTION, (m, ms, cp) -> {
                timeoutNow = ms == 0;
                deadline = ms > 0 ? System.nanoTime() + ms * 1_000_000 : -1;
                return 0;
            });
        }

        /** How many times the socket callback asked to watch a socket. */
        int announced;

        int onSocket(CurlEasy e, CurlSocket s, int what, Object cp, Object sp) {
            if (what != CURL_POLL_REMOVE) {
                announced++;
            }
            if (what == CURL_POLL_REMOVE && ignoreRemove) {
                return 0; // the mistake: keep watching
            }
            int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(watchEverything ? CURL_POLL_INOUT : what);
            SelectionKey key = s.channel().keyFor(selector);
            try {
                if (key != null && key.isValid()) {
                    key.interestOps(ops);
                } else if (ops != 0) {
                    s.channel().register(selector, ops, s);
                }
            } catch (IOException | CancelledKeyException ex) {
                // closing
            }
            return 0;
        }

        /** Runs rounds until {@code stop} says so or {@code maxMs} passed. */
        void runUntil(BooleanSupplier stop, long maxMs) throws IOException {
            long end = System.nanoTime() + maxMs * 1_000_000;
            while (!stop.getAsBoolean() && System.nanoTime() < end) {
                long wait = 50;
                if (!ignoreTimer) {
                    if (timeoutNow) {
                        wait = -1;
                    } else if (deadline >= 0) {
                        wait = Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000));
                    }
                }
                if (wait < 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    int ev = (k.isReadable() ? CURL_CSELECT_IN : 0)
                            | (k.isWritable() || k.isConnectable() ? CURL_CSELECT_OUT : 0);
                    multi.socketAction((CurlSocket) k.attachment(), ev);
                }
                selector.selectedKeys().clear();
                if (!ignoreTimer && (timeoutNow || deadline >= 0 && System.nanoTime() >= deadline)) {
                    timeoutNow = false;
                    deadline = -1;
                    multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
                }
                if (callInfoReadEachRound) {
                    for (CurlMsg m; (m = multi.infoRead()) != null;) {
                        done.add(m);
                        multi.removeHandle(m.easy());
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            selector.close();
        }
    }

    static CurlEasy get(String url) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, url);
        e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
        return e;
    }

    static List<Violation> of(List<Violation> all, Kind kind) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : all) {
            if (v.kind() == kind) {
                out.add(v);
            }
        }
        return out;
    }

    // ---- each misuse is caught ----

    @Test
    @Timeout(30)
    void aSocketStillWatchedAfterRemoveIsCaughtWhenItFiresAgain() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            // The server answers only once the socket was announced (a transfer that completes
            // inside one socketAction never announces its socket, so there would be no REMOVE),
            // and closes the idle connection only once the transfer is done: a socket still
            // watched for IN after REMOVE then turns readable (EOF) and stays so.
            CountDownLatch announced = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            server.enqueue(Action.await(announced), Action.respond(200, "hello"), Action.await(finished),
                    Action.close());
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit audit = LoopAudit.builder().reportTo(seen::add).watchdog(false).attach(multi);
            loop.ignoreRemove = true;
            multi.addHandle(get(server.url("/")));
            loop.runUntil(() -> loop.announced > 0, 10_000);
            announced.countDown();
            loop.runUntil(() -> loop.done.size() == 1, 10_000);
            assertEquals(1, loop.done.size());
            assertEquals(CurlCode.CURLE_OK, loop.done.get(0).result());
            finished.countDown();
            loop.runUntil(() -> !seen.isEmpty(), 10_000);
            List<Violation> v = of(seen, Kind.WATCHED_AFTER_REMOVE);
            assertEquals(1, v.size(), "violations: " + seen);
            assertTrue(v.get(0).message().contains("CURL_POLL_REMOVE"), v.get(0).message());
            assertTrue(v.get(0).message().contains("still watches"), v.get(0).message());
            assertEquals(seen, audit.violations());
            audit.close();
        }
    }

    @Test
    @Timeout(30)
    void aSocketLeftRegisteredWithTheSelectorAfterRemoveIsCaughtAtOnce() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            // The answer waits until the socket was announced (see the test above); then the
            // keep-alive connection is parked and silent: only the selector check can see it.
            CountDownLatch announced = new CountDownLatch(1);
            server.enqueue(Action.await(announced), Action.respond(200, "0123456789"));
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit.builder().reportTo(seen::add).selector(loop.selector).watchdog(false).attach(multi);
            loop.ignoreRemove = true;
            multi.addHandle(get(server.url("/")));
            loop.runUntil(() -> loop.announced > 0, 10_000);
            announced.countDown();
            loop.runUntil(() -> !seen.isEmpty(), 10_000);
            assertEquals(1, loop.done.size());
            assertEquals(CurlCode.CURLE_OK, loop.done.get(0).result());
            List<Violation> v = of(seen, Kind.WATCHED_AFTER_REMOVE);
            assertEquals(1, v.size(), "violations: " + seen);
            assertTrue(v.get(0).message().contains("still registered with the loop's selector for OP_READ"),
                    v.get(0).message());
        }
    }

    @Test
    @Timeout(30)
    void anEventTheSocketCallbackDidNotAskForIsCaught() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            // The answer comes only after the loop reported an event hiper did not ask for.
            CountDownLatch misused = new CountDownLatch(1);
            server.enqueue(Action.await(misused), Action.respond(200, "late"));
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit.builder().reportTo(seen::add).watchdog(false).attach(multi);
            loop.watchEverything = true; // the mistake: OUT too while hiper waits for the response
            multi.addHandle(get(server.url("/")));
            loop.runUntil(() -> !seen.isEmpty(), 10_000);
            misused.countDown();
            loop.runUntil(() -> !loop.done.isEmpty(), 10_000);
            assertEquals(CurlCode.CURLE_OK, loop.done.get(0).result());
            List<Violation> v = of(seen, Kind.EVENT_NOT_ASKED);
            assertEquals(1, v.size(), "violations: " + seen);
            assertTrue(v.get(0).message().contains("CURL_CSELECT_OUT"), v.get(0).message());
            assertTrue(v.get(0).message().contains("asked to watch it for CURL_POLL_IN only"), v.get(0).message());
        }
    }

    @Test
    @Timeout(30)
    void aSocketThisMultiNeverAnnouncedIsCaught() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                CurlMulti other = CurlMulti.init(); SelectorLoop otherLoop = new SelectorLoop(other)) {
            // The other multi's transfer waits for its answer until its socket was announced (a
            // transfer that completes inside one call announces none).
            CountDownLatch announced = new CountDownLatch(1);
            server.enqueue(Action.await(announced), Action.respond(200, "0123456789"));
            CurlSocket[] foreign = new CurlSocket[1];
            dev.hiper.curl.CurlSocketFunction inner = otherLoop.socketFunction();
            other.setopt(CURLMOPT_SOCKETFUNCTION, (e, s, w, cp, sp) -> {
                if (foreign[0] == null) {
                    foreign[0] = s;
                }
                return inner.socket(e, s, w, cp, sp);
            });
            other.addHandle(get(server.url("/")));
            otherLoop.runUntil(() -> foreign[0] != null);
            announced.countDown();
            otherLoop.run();
            assertNotNull(foreign[0]);
            List<Violation> seen = new ArrayList<>();
            LoopAudit.attach(multi, seen::add);
            assertEquals(CurlMCode.CURLM_OK, multi.socketAction(foreign[0], CURL_CSELECT_IN));
            assertEquals(1, seen.size());
            assertEquals(Kind.EVENT_NOT_ASKED, seen.get(0).kind());
            assertTrue(seen.get(0).message().contains("never asked to watch"), seen.get(0).message());
        }
    }

    @Test
    @Timeout(30)
    void aTimerNeverFiredIsCaughtWhileTheLoopKeepsCalling() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit.builder().reportTo(seen::add).timerSlackMillis(200).watchdog(false).attach(multi);
            loop.ignoreTimer = true; // the mistake: addHandle's "0" is never acted on
            multi.addHandle(get(jetty.url("/bytes?n=10")));
            loop.runUntil(() -> !seen.isEmpty(), 10_000);
            assertTrue(loop.done.isEmpty(), "the transfer cannot start without its timeout call");
            List<Violation> v = of(seen, Kind.TIMER_NOT_FIRED);
            assertEquals(1, v.size(), "violations: " + seen);
            assertTrue(v.get(0).message().contains("socketAction(CURL_SOCKET_TIMEOUT, 0) in 0 ms"), v.get(0).message());
            assertTrue(v.get(0).message().contains("the loop went on without it"), v.get(0).message());
        }
    }

    @Test
    @Timeout(30)
    void aTimerNeverFiredIsCaughtByTheWatchdogWhenTheLoopMakesNoCall() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            CompletableFuture<Violation> seen = new CompletableFuture<>();
            LoopAudit audit = LoopAudit.builder().reportTo(seen::complete).timerSlackMillis(200).attach(multi);
            loop.ignoreTimer = true;
            loop.callInfoReadEachRound = false; // waits on the selector alone: makes no call at all
            multi.addHandle(get(jetty.url("/bytes?n=10")));
            loop.runUntil(seen::isDone, 10_000);
            Violation v = seen.get(1, TimeUnit.SECONDS);
            assertEquals(Kind.TIMER_NOT_FIRED, v.kind());
            assertTrue(v.message().contains("the loop has made no call since"), v.message());
            assertEquals("hiper-loop-audit", v.thread());
            audit.close();
        }
    }

    @Test
    @Timeout(30)
    void aCallFromASecondThreadIsCaught() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit.attach(multi, seen::add);
            loop.start(r -> new Thread(r, "the-loop"));
            // Drive it once so that the loop thread owns the multi.
            assertEquals(CurlCode.CURLE_OK, loop.submit(get(jetty.url("/bytes?n=10"))).get(10, TimeUnit.SECONDS).result());
            assertEquals(List.of(), seen);
            // The mistake: adding a handle from this thread while the loop thread drives the multi.
            CurlEasy e = get(jetty.url("/bytes?n=10"));
            multi.addHandle(e);
            loop.shutdownNow();
            assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(1, seen.size(), "violations: " + seen);
            Violation v = seen.get(0);
            assertEquals(Kind.WRONG_THREAD, v.kind());
            assertTrue(v.message().startsWith("addHandle() was called from thread \"" + Thread.currentThread().getName()
                    + "\" while thread \"the-loop\" drives the multi"), v.message());
            // The loop thread has ended: this thread may take the multi over without a word.
            multi.removeHandle(e);
            multi.cleanup();
            assertEquals(1, seen.size());
        }
    }

    @Test
    @Timeout(30)
    void handOverLetsAnotherThreadDriveTheMulti() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit audit = LoopAudit.attach(multi, seen::add);
            multi.addHandle(get(jetty.url("/bytes?n=10")));
            loop.run(); // this thread drives first
            CompletableFuture<Void> parked = new CompletableFuture<>();
            Thread other = new Thread(() -> {
                audit.handOver();
                multi.addHandle(get(jetty.url("/bytes?n=10")));
                loop.run();
                parked.complete(null);
            });
            other.start();
            parked.get(10, TimeUnit.SECONDS);
            // "other" is still alive here only briefly; the hand-over made it the owner either way.
            other.join();
            assertEquals(List.of(), seen);
        }
    }

    // ---- correct loops stay silent ----

    @Test
    @Timeout(60)
    void aCorrectHandWrittenLoopStaysSilentOverTwoHundredTransfers() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                HandLoop loop = new HandLoop(multi)) {
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit audit = LoopAudit.builder().reportTo(seen::add).selector(loop.selector).attach(multi);
            List<CRC32> sums = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CurlEasy e = CurlEasy.init();
                CRC32 crc = new CRC32();
                sums.add(crc);
                e.setopt(CURLOPT_URL, jetty.url("/bytes?n=" + (100 + i * 300) + "&seed=" + i));
                e.setopt(CURLOPT_PRIVATE, i);
                e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
                    int n = d.remaining();
                    crc.update(d);
                    return n;
                });
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            }
            loop.runUntil(() -> loop.done.size() == 200, 30_000);
            assertEquals(200, loop.done.size());
            for (CurlMsg m : loop.done) {
                assertEquals(CurlCode.CURLE_OK, m.result());
                int i = (Integer) m.easy().getinfo(CURLINFO_PRIVATE);
                assertEquals(JettyServer.crc32(100 + i * 300, i), sums.get(i).getValue());
            }
            multi.cleanup();
            audit.close();
            assertEquals(List.of(), seen);
        }
    }

    @Test
    @Timeout(60)
    void selectorLoopStaysSilentWithTheSelectorCheckToo() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            List<Violation> seen = Collections.synchronizedList(new ArrayList<>());
            LoopAudit.builder().reportTo(seen::add).selector(loop.selector()).attach(multi);
            int[] ok = {0};
            loop.onDone(m -> {
                if (m.result() == CurlCode.CURLE_OK) {
                    ok[0]++;
                }
                multi.removeHandle(m.easy());
            });
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 100; i++) {
                    multi.addHandle(get(jetty.url("/bytes?n=" + (i * 100))));
                }
                assertEquals(CurlMCode.CURLM_OK, loop.run());
            }
            assertEquals(300, ok[0]);
            assertEquals(List.of(), seen);
        }
    }
}
