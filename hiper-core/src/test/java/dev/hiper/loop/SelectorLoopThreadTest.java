package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlMultiException;
import dev.hiper.curl.CurlSocketFunction;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.SummedGet;
import dev.hiper.testkit.ScriptedServer;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SelectorLoop} on a thread of its own, fed by {@link SelectorLoop#submit} from other threads. */
class SelectorLoopThreadTest {

    @Test
    @Timeout(180)
    void fiveThousandTransfersFromFourSubmittingThreads() throws Exception {
        final int threads = 4;
        final int perThread = 1250;
        Set<SelectableChannel> channels = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger done = new AtomicInteger();
        List<LoopAudit.Violation> violations = Collections.synchronizedList(new ArrayList<>());
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            LoopAudit audit = LoopAudit.attach(multi, violations::add);
            multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 200L);
            CurlSocketFunction inner = loop.socketFunction();
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, cp, sp) -> {
                channels.add(s.channel());
                return inner.socket(easy, s, what, cp, sp);
            });
            loop.onDone(m -> {
                callbackThreads.add(Thread.currentThread().getName());
                done.incrementAndGet();
            });
            loop.start(r -> new Thread(r, "loop-under-test"));

            List<List<SummedGet>> fetches = new ArrayList<>();
            List<List<CompletableFuture<CurlMsg>>> futures = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                List<SummedGet> mine = new ArrayList<>();
                List<CompletableFuture<CurlMsg>> mineF = Collections.synchronizedList(new ArrayList<>());
                for (int i = 0; i < perThread; i++) {
                    mine.add(new SummedGet(jetty, t * perThread + i, 1000 + (i % 7) * 1500));
                }
                fetches.add(mine);
                futures.add(mineF);
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (SummedGet f : mine) {
                        mineF.add(loop.submit(f.easy));
                    }
                }, "submitter-" + t);
                submitters.add(th);
                th.start();
            }
            go.countDown();
            for (Thread th : submitters) {
                th.join(60_000);
                assertFalse(th.isAlive());
            }
            List<String> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    CurlMsg m = futures.get(t).get(i).get(120, TimeUnit.SECONDS);
                    SummedGet f = fetches.get(t).get(i);
                    assertSame(f.easy, m.easy());
                    if (m.result() != CurlCode.CURLE_OK) {
                        failures.add(f.seed + ": " + m.result() + " " + f.easy.errorBuffer());
                    } else if (!f.bodyOk()) {
                        failures.add(f.seed + ": bad body, " + f.got() + " of " + f.size + " bytes");
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("SelectorLoop: %d transfers from %d threads in %.2f s, %.0f transfers/s%n",
                    threads * perThread, threads, secs, threads * perThread / secs);
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
            assertEquals(threads * perThread, done.get());
            assertEquals(Set.of("loop-under-test"), callbackThreads);

            loop.shutdown();
            assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
            loop.terminated().get(1, TimeUnit.SECONDS);
            assertEquals(0, multi.runningHandles());
            // The loop thread ended: the multi is this thread's again.
            assertEquals(CurlMCode.CURLM_OK, multi.cleanup());
            audit.close();
            for (List<SummedGet> l : fetches) {
                for (SummedGet f : l) {
                    f.easy.cleanup();
                }
            }
        }
        assertFalse(channels.isEmpty());
        for (SelectableChannel ch : channels) {
            assertFalse(ch.isOpen(), "a channel the multi opened is still open: " + ch);
        }
        assertEquals(List.of(), violations);
    }

    @Test
    @Timeout(60)
    void shutdownLetsSubmittedTransfersFinishAndRefusesNewOnes() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi).start()) {
            List<SummedGet> fetches = new ArrayList<>();
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                SummedGet f = new SummedGet(jetty, i, 100_000);
                fetches.add(f);
                futures.add(loop.submit(f.easy));
            }
            loop.shutdown();
            assertTrue(loop.isShutdown());
            CompletableFuture<CurlMsg> late = loop.submit(CurlEasy.init());
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
            assertInstanceOf(RejectedExecutionException.class, e.getCause());
            assertTrue(loop.awaitTermination(30, TimeUnit.SECONDS));
            for (int i = 0; i < 50; i++) {
                CurlMsg m = futures.get(i).getNow(null);
                assertNotNull(m, "transfer " + i + " did not finish before the loop stopped");
                assertEquals(CurlCode.CURLE_OK, m.result());
                assertTrue(fetches.get(i).bodyOk());
            }
        }
    }

    @Test
    @Timeout(60)
    void shutdownNowAbortsRunningTransfersWithAMessageEach() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            server.setDefault(Action.stall());
            List<CurlMsg> told = Collections.synchronizedList(new ArrayList<>());
            loop.onDone(told::add).start();
            List<CurlEasy> handles = new ArrayList<>();
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CurlEasy e = CurlEasy.init();
                e.setopt(CURLOPT_URL, server.url("/stall/" + i));
                handles.add(e);
                futures.add(loop.submit(e));
            }
            // Every request reached the server: the transfers are running, not queued.
            for (int i = 0; i < 20; i++) {
                assertNotNull(server.takeRequest(10_000));
            }
            loop.shutdownNow();
            assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) {
                CurlMsg m = futures.get(i).get(1, TimeUnit.SECONDS);
                assertSame(handles.get(i), m.easy());
                assertEquals(CURLMSG_DONE, m.msg());
                assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, m.result());
            }
            assertEquals(20, told.size());
            assertEquals(0, multi.runningHandles());
            // The handles were removed: another multi takes them.
            try (CurlMulti other = CurlMulti.init()) {
                assertEquals(CurlMCode.CURLM_OK, other.addHandle(handles.get(0)));
                other.removeHandle(handles.get(0));
            }
        }
    }

    @Test
    @Timeout(60)
    void handlesSubmittedFromOnDoneRunOneAfterAnother() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            int total = 100;
            AtomicInteger next = new AtomicInteger();
            CompletableFuture<Integer> finished = new CompletableFuture<>();
            List<String> bad = Collections.synchronizedList(new ArrayList<>());
            SummedGet first = new SummedGet(jetty, 0, 3000);
            java.util.Map<CurlEasy, SummedGet> byEasy = new IdentityHashMap<>();
            byEasy.put(first.easy, first);
            loop.onDone(m -> {
                SummedGet f = byEasy.get(m.easy());
                if (m.result() != CurlCode.CURLE_OK || !f.bodyOk()) {
                    bad.add(f.seed + ": " + m.result());
                }
                int n = next.incrementAndGet();
                if (n == total) {
                    finished.complete(n);
                    return;
                }
                SummedGet g = new SummedGet(jetty, n, 3000);
                byEasy.put(g.easy, g);
                loop.submit(g.easy); // from the loop's own thread
            });
            loop.start();
            loop.submit(first.easy);
            assertEquals(total, finished.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(), bad);
            // one connection carried them all, one after another
            assertEquals(1, jetty.connectionsOpened());
        }
    }

    @Test
    @Timeout(30)
    void aHandleTheMultiRefusesFailsItsFuture() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init(); CurlMulti other = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi).start()) {
            CurlEasy e = CurlEasy.init();
            e.setopt(CURLOPT_URL, jetty.url("/bytes?n=1"));
            assertEquals(CurlMCode.CURLM_OK, other.addHandle(e));
            ExecutionException ex = assertThrows(ExecutionException.class, () -> loop.submit(e).get(10, TimeUnit.SECONDS));
            assertEquals(CurlMCode.CURLM_ADDED_ALREADY, ((CurlMultiException) ex.getCause()).code());
            other.removeHandle(e);
        }
    }

    @Test
    @Timeout(30)
    void submitWorksWithALoopRunOnTheCallersThread() throws Exception {
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            SummedGet f = new SummedGet(jetty, 7, 5000);
            java.util.concurrent.atomic.AtomicReference<CompletableFuture<CurlMsg>> future =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    Thread.sleep(200); // let the loop start waiting first
                } catch (InterruptedException e) {
                    return;
                }
                future.set(loop.submit(f.easy));
            });
            // The loop waits with no transfer and no timer, each round up to 10 s: only the
            // submission's wake-up can end the first wait early.
            // Once the whole body is in, the other thread may not have stored the future yet (it
            // can be descheduled between submit's return and the store), and nothing else would
            // wake the loop: it then waits in short steps.
            long t0 = System.nanoTime();
            other.start();
            while (future.get() == null || !future.get().isDone()) {
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(f.bodyOk() ? 50 : 10_000));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 8_000, "the submission did not wake the loop: " + ms + " ms");
            other.join();
            assertEquals(CurlCode.CURLE_OK, future.get().get().result());
            assertTrue(f.bodyOk());
            assertEquals(0, multi.runningHandles());
        }
    }
}
