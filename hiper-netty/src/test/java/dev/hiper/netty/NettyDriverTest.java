package dev.hiper.netty;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.loop.LoopAudit;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.SummedGet;
import dev.hiper.testkit.ScriptedServer;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link NettyDriver}: hiper transfers on a Netty 4.2 NIO event loop's own thread and selector. */
class NettyDriverTest {
    MultiThreadIoEventLoopGroup group;
    IoEventLoop loop;
    String loopThread;

    @BeforeEach
    void startLoop() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        loopThread = loop.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopLoop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Timeout(180)
    void twoThousandTransfersFiveHundredAtOnceOnTheLoopThreadAlone() throws Exception {
        final int total = 2000;
        final int atOnce = 500;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<LoopAudit.Violation> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<LoopAudit> audit = new AtomicReference<>();
        try (JettyServer jetty = JettyServer.start()) {
            NettyDriver driver = NettyDriver.open(loop, multi -> {
                threads.add(Thread.currentThread().getName());
                // Records the thread of every call into the multi; reports any other thread.
                audit.set(LoopAudit.attach(multi, violations::add));
                // Handles come and go: keep as many idle connections as run at once (the default,
                // four per handle added, shrinks as finished handles are removed).
                multi.setopt(CURLMOPT_MAXCONNECTS, (long) atOnce);
            });
            AtomicInteger maxRunning = new AtomicInteger();
            driver.onDone(m -> {
                threads.add(Thread.currentThread().getName());
                maxRunning.accumulateAndGet(driver.multi().runningHandles() + 1, Math::max);
            });
            Semaphore slots = new Semaphore(atOnce);
            List<SummedGet> fetches = new ArrayList<>();
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                assertTrue(slots.tryAcquire(60, TimeUnit.SECONDS), "no slot freed");
                SummedGet f = new SummedGet(jetty, i, 512 + (i % 11) * 2000, threads);
                fetches.add(f);
                CompletableFuture<CurlMsg> cf = driver.submit(f.easy);
                cf.whenComplete((m, e) -> slots.release());
                futures.add(cf);
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                CurlMsg m = futures.get(i).get(60, TimeUnit.SECONDS);
                SummedGet f = fetches.get(i);
                if (m.result() != CurlCode.CURLE_OK) {
                    failures.add(i + ": " + m.result() + " " + f.easy.errorBuffer());
                } else if (!f.bodyOk()) {
                    failures.add(i + ": bad body, " + f.got() + " of " + f.size);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("NettyDriver: %d transfers, %d at once, %.2f s, %.0f transfers/s%n", total, atOnce, secs,
                    total / secs);
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
            assertTrue(maxRunning.get() > 100, "transfers ran side by side: at most " + maxRunning.get());

            int registered = loop.submit(driver::registrations).get(10, TimeUnit.SECONDS);
            assertTrue(registered <= atOnce, "one registration per watched socket: " + registered);
            driver.shutdown().get(30, TimeUnit.SECONDS);
            assertEquals(0, (int) loop.submit(driver::registrations).get(10, TimeUnit.SECONDS));
            // Nothing left open: the server sees every connection closed.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (jetty.connectionsOpen() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(0, jetty.connectionsOpen(), "connections still open after shutdown");
            assertTrue(jetty.connectionsOpened() <= atOnce * 2L, "connections were reused: " + jetty.connectionsOpened());
        }
        // No thread but the loop's called into the multi, ran a hiper callback or a write callback.
        assertEquals(List.of(), violations);
        assertEquals(Set.of(loopThread), threads);
        audit.get().close();
    }

    @Test
    @Timeout(60)
    void shutdownNowAbortsWhatRunsAndCleansUp() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.stall());
            NettyDriver driver = NettyDriver.open(loop);
            List<CompletableFuture<CurlMsg>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                CurlEasy e = CurlEasy.init();
                e.setopt(CURLOPT_URL, server.url("/stall/" + i));
                futures.add(driver.submit(e));
            }
            for (int i = 0; i < 10; i++) {
                assertNotNull(server.takeRequest(10_000), "request " + i + " did not arrive");
            }
            driver.shutdownNow().get(10, TimeUnit.SECONDS);
            for (CompletableFuture<CurlMsg> f : futures) {
                assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, f.get(1, TimeUnit.SECONDS).result());
            }
            assertEquals(0, (int) loop.submit(driver::registrations).get(10, TimeUnit.SECONDS));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.openConnections() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(0, server.openConnections());
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> driver.submit(CurlEasy.init()).get(5, TimeUnit.SECONDS));
            assertInstanceOf(RejectedExecutionException.class, late.getCause());
        }
    }

    @Test
    @Timeout(60)
    void timersRunOnTheLoopsScheduler() throws Exception {
        // A server that answers after 300 ms, and a transfer with a 100 ms total timeout: only the
        // timer (on Netty's scheduler) can end it.
        try (ScriptedServer server = ScriptedServer.start()) {
            server.enqueue(Action.sleep(300), Action.respond(200, "late"));
            NettyDriver driver = NettyDriver.open(loop);
            CurlEasy e = CurlEasy.init();
            e.setopt(CURLOPT_URL, server.url("/slow"));
            e.setopt(CURLOPT_TIMEOUT_MS, 100L);
            long t0 = System.nanoTime();
            CurlMsg m = driver.submit(e).get(10, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, m.result());
            assertTrue(ms >= 100 && ms < 2000, "timed out after " + ms + " ms");
            driver.close();
        }
    }

    @Test
    @Timeout(30)
    void theMultiIsOnlyReachableOnTheLoopThread() throws Exception {
        NettyDriver driver = NettyDriver.open(loop);
        assertThrows(IllegalStateException.class, driver::multi);
        assertEquals(0, loop.submit(() -> driver.multi().runningHandles()).get(5, TimeUnit.SECONDS));
        driver.close();
        assertTrue(driver.terminated().isDone());
    }
}
