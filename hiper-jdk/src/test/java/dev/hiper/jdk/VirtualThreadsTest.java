package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 virtual threads, each calling the blocking {@code send} once, against nginx on loopback:
 * one client, one engine thread, every answer checked. Virtual threads exist from JDK 21 on; the
 * module is built for release 17, so the executor is found by reflection and the test does not
 * run on an older JDK.
 */
class VirtualThreadsTest {
    static final int THREADS = 100_000;
    /** Connections the client may open: far below the process's file limit. */
    static final int CONNECTIONS = 256;

    @Test
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void oneHundredThousandVirtualThreadsShareOneEngineThread(@TempDir Path dir) throws Exception {
        ExecutorService virtualThreads = virtualThreadPerTaskExecutor();
        try (NginxServer nginx = NginxServer.start(dir, 1024,
                "  location /item/ { default_type text/plain; return 200 \"$uri\\n\"; }\n", null, null, Map.of())) {
            // user code (the body handler) runs on the engine's thread: the handler sees which one it is
            HiperHttpClient client = HiperHttpClient.newBuilder().maxConnections(CONNECTIONS).executor(Runnable::run)
                    .build();
            Set<String> engineThreads = ConcurrentHashMap.newKeySet();
            HttpResponse.BodyHandler<String> handler = info -> {
                engineThreads.add(Thread.currentThread().getName());
                return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            };
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger onVirtual = new AtomicInteger();
            AtomicLong peakHeap = new AtomicLong();
            Runtime runtime = Runtime.getRuntime();
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < THREADS; i++) {
                    String path = "/item/" + i;
                    HttpRequest request = HttpRequest.newBuilder(URI.create(nginx.url(path))).build();
                    virtualThreads.execute(() -> {
                        try {
                            if (isVirtual(Thread.currentThread())) {
                                onVirtual.incrementAndGet();
                            }
                            HttpResponse<String> r = client.send(request, handler);
                            assertEquals(200, r.statusCode(), path);
                            assertEquals(path + "\n", r.body());
                            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
                            ok.incrementAndGet();
                            peakHeap.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                        } catch (Throwable t) {
                            firstFailure.compareAndSet(null, t);
                        }
                    });
                }
            } finally {
                virtualThreads.shutdown();
                assertTrue(virtualThreads.awaitTermination(90, TimeUnit.SECONDS), "the sends did not end in time");
                client.close();
            }
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (firstFailure.get() != null) {
                throw new AssertionError("a send failed (" + ok.get() + " fine)", firstFailure.get());
            }
            assertEquals(THREADS, ok.get());
            assertEquals(THREADS, onVirtual.get(), "every send ran on a virtual thread");
            assertEquals(1, engineThreads.size(), "one engine thread: " + engineThreads);
            assertTrue(engineThreads.iterator().next().matches("hiper-jdk-\\d+"), engineThreads.toString());
            System.out.printf("%d virtual threads, one send each: %d ms, heap used at most %d MiB (seen at each"
                    + " answer), engine thread %s%n", THREADS, wallMillis, peakHeap.get() >> 20, engineThreads);
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, which JDK 21 brought. */
    static ExecutorService virtualThreadPerTaskExecutor() throws Exception {
        java.lang.reflect.Method m;
        try {
            m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            m = null;
        }
        assumeTrue(m != null, "virtual threads exist from JDK 21 on; this JDK is " + Runtime.version());
        return (ExecutorService) m.invoke(null);
    }

    static boolean isVirtual(Thread t) throws Exception {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    }
}
