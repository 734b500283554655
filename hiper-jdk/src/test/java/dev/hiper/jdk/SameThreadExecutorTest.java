package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.JettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both clients built with an executor that runs each task on the thread that hands it over
 * ({@code Runnable::run}, the setup of the bench's jdk and hiper-jdk rows): on hiper every signal
 * then runs on the engine's thread, and a request sent again as it was reuses its handle's options.
 * The answers must still be the JDK's, request by request, and backpressure must still hold.
 */
class SameThreadExecutorTest {
    static JettyServer jetty;
    static JdkServer plain;
    static HttpClient jdkClient;
    static HiperHttpClient hiperClient;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyServer.start();
        plain = new JdkServer();
        jdkClient = HttpClient.newBuilder().executor(Runnable::run).build();
        hiperClient = (HiperHttpClient) HiperHttpClient.newBuilder().executor(Runnable::run).build();
    }

    @AfterAll
    static void stop() {
        hiperClient.close();
        plain.close();
        jetty.close();
    }

    /** Runs {@code call} on both clients; both results must be equal. */
    static <R> R same(SideBySide.Call<R> call) throws Exception {
        R jdk = call.run(jdkClient);
        R hiper = call.run(hiperClient);
        assertEquals(jdk, hiper, "the JDK's client and hiper's disagree");
        return jdk;
    }

    static HttpRequest headers(String... nameValues) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(jetty.url("/headers")));
        for (int i = 0; i < nameValues.length; i += 2) {
            b.header(nameValues[i], nameValues[i + 1]);
        }
        return b.build();
    }

    /** The status and the {@code X-} request headers the server saw, in order. */
    static String seen(HttpResponse<String> r) {
        return r.statusCode() + " " + r.body().lines().filter(l -> l.startsWith("X-")).collect(Collectors.joining(","));
    }

    @Test
    void requestsSentAgainKeepTheirOwnHeadersOneAtATime() throws Exception {
        HttpRequest a = headers("X-Which", "a");
        HttpRequest b = headers("X-Which", "b", "X-Extra", "1");
        HttpRequest c = HttpRequest.newBuilder(URI.create(jetty.url("/bytes?n=3000&seed=5"))).build();
        HttpRequest head = HttpRequest.newBuilder(URI.create(plain.url("/text")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        List<String> seen = same(client -> {
            List<String> out = new ArrayList<>();
            for (HttpRequest r : List.of(a, a, b, a, c, head, b, b, head, a, c)) {
                HttpResponse<byte[]> resp = client.send(r, BodyHandlers.ofByteArray());
                String body = new String(resp.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
                // the whole of /headers differs (each client has its User-Agent): its X- lines do not
                out.add(r.method() + " " + resp.statusCode() + " "
                        + (r == c ? resp.body().length + " " + crc(resp.body()) : body.lines()
                                .filter(l -> l.startsWith("X-")).collect(Collectors.joining(","))));
            }
            return out;
        });
        assertEquals("GET 200 3000 " + JettyServer.crc32(3000, 5), seen.get(4));
        assertEquals("HEAD 200 ", seen.get(5));
        assertEquals("GET 200 X-Extra: 1,X-Which: b", seen.get(6)); // the request's header map is sorted by name
        assertEquals("GET 200 X-Which: a", seen.get(9));
    }

    @Test
    void requestsSentAgainKeepTheirOwnHeadersManyAtOnce() throws Exception {
        HttpRequest a = headers("X-Which", "a");
        HttpRequest b = headers("X-Which", "b", "X-Extra", "1");
        HttpRequest c = headers();
        List<HttpRequest> order = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            order.add(i % 3 == 0 ? a : i % 3 == 1 ? b : c);
        }
        List<String> seen = same(client -> {
            List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
            for (HttpRequest r : order) {
                fs.add(client.sendAsync(r, BodyHandlers.ofString()));
            }
            List<String> out = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : fs) {
                out.add(seen(f.get(30, TimeUnit.SECONDS)));
            }
            return out;
        });
        assertEquals("200 X-Which: a", seen.get(57));
        assertEquals("200 X-Extra: 1,X-Which: b", seen.get(58));
        assertEquals("200 ", seen.get(59));
    }

    @Test
    void aSubscriberOnTheEngineThreadStillHoldsTheServerBack() throws Exception {
        long size = BackpressureTest.SIZE;
        long stopAt = BackpressureTest.STOP_AT;
        same(c -> {
            BackpressureTest.SlowSubscriber sub = new BackpressureTest.SlowSubscriber();
            CompletableFuture<HttpResponse<Long>> f = c.sendAsync(
                    HttpRequest.newBuilder(URI.create(plain.url("/counted?n=" + size))).build(),
                    BodyHandlers.fromSubscriber(sub, BackpressureTest.SlowSubscriber::crc));
            assertTrue(sub.stopped.await(60, TimeUnit.SECONDS), "the subscriber never got to " + stopAt);
            long before = sub.delivered.get();
            // the subscriber stopped asking: watch for a while that nothing more reaches it
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < until) {
                assertEquals(before, sub.delivered.get(), "items delivered while nobody asked");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertTrue(plain.written() < size, "the whole body was read while nobody asked for it");
            sub.resume(); // from this thread: the engine is woken to go on
            HttpResponse<Long> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(size, sub.delivered.get());
            assertTrue(sub.unrequested.get() <= 0, "items delivered beyond demand: " + sub.unrequested.get());
            return r.body();
        });
    }

    private static long crc(byte[] b) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b);
        return crc.getValue();
    }
}
