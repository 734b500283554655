package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client as a whole: settings, concurrency, authentication, cookies, lifecycle. */
@Timeout(120)
class ClientTest extends SideBySide {

    @Test
    void theBuilderKeepsEverySettingAsTheJdksDoes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CookieManager cookies = new CookieManager();
            Authenticator auth = new Authenticator() {
            };
            ProxySelector proxy = ProxySelector.of(null);
            for (HttpClient.Builder b : List.of(HttpClient.newBuilder(), HiperHttpClient.newBuilder())) {
                HttpClient c = b.connectTimeout(Duration.ofSeconds(7)).followRedirects(HttpClient.Redirect.NORMAL)
                        .version(HttpClient.Version.HTTP_1_1).priority(5).cookieHandler(cookies).authenticator(auth)
                        .proxy(proxy).executor(pool).build();
                assertEquals(Duration.ofSeconds(7), c.connectTimeout().orElseThrow());
                assertEquals(HttpClient.Redirect.NORMAL, c.followRedirects());
                assertEquals(HttpClient.Version.HTTP_1_1, c.version());
                assertSame(cookies, c.cookieHandler().orElseThrow());
                assertSame(auth, c.authenticator().orElseThrow());
                assertSame(proxy, c.proxy().orElseThrow());
                assertSame(pool, c.executor().orElseThrow());
                assertNotNull(c.sslContext());
                assertNotNull(c.sslParameters());
            }
            Object defaults = same(c -> List.of(c.connectTimeout(), c.followRedirects(), c.version(),
                    c.cookieHandler(), c.authenticator(), c.proxy(), c.executor(), c.sslContext()));
            assertNotNull(defaults);
            for (HttpClient.Builder b : List.of(HttpClient.newBuilder(), HiperHttpClient.newBuilder())) {
                assertThrows(IllegalArgumentException.class, () -> b.priority(0));
                assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
                assertThrows(NullPointerException.class, () -> b.executor(null));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyConcurrentRequestsAllComeBackWhole() throws Exception {
        int total = 400;
        int atOnce = 64;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int whole = same(client -> {
            Semaphore slots = new Semaphore(atOnce);
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                assertTrue(slots.tryAcquire(60, TimeUnit.SECONDS), "no slot came free");
                int n = 1000 + (i % 13) * 3001;
                long seed = i;
                CompletableFuture<Boolean> f = client
                        .sendAsync(get(jetty.url("/bytes?n=" + n + "&seed=" + seed)), BodyHandlers.ofByteArray())
                        .thenApply(r -> {
                            if (client == hiperClient) {
                                threads.add(Thread.currentThread().getName());
                            }
                            return r.statusCode() == 200
                                    && java.util.Arrays.equals(r.body(), JettyServer.expectedBytes(n, seed));
                        });
                f.whenComplete((ok, e) -> slots.release());
                results.add(f);
            }
            int ok = 0;
            for (CompletableFuture<Boolean> f : results) {
                ok += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return ok;
        });
        assertEquals(total, whole);
        assertFalse(threads.isEmpty());
        for (String t : threads) {
            assertFalse(t.matches("hiper-jdk-\\d+"), "user code ran on the engine thread " + t);
        }
    }

    @Test
    void userCodeRunsOnTheGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "given-executor"));
        try (HiperHttpClient c = HiperHttpClient.newBuilder().executor(pool).build()) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            HttpResponse<String> r = c.send(get(plain.url("/text")), info -> {
                seen.add(Thread.currentThread().getName());
                return HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
            });
            assertEquals(JdkServer.TEXT, r.body());
            assertEquals(Set.of("given-executor"), seen);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void basicAuthenticationAfterA401AsTheJdkDoes() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Authenticator auth = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.incrementAndGet();
                assertEquals("hiper", getRequestingPrompt());
                assertEquals("basic", getRequestingScheme());
                return new PasswordAuthentication("user", "secret".toCharArray());
            }
        };
        HttpClient jdk = HttpClient.newBuilder().authenticator(auth).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().authenticator(auth).build()) {
            List<Object> seen = new ArrayList<>();
            for (HttpClient c : List.of(jdk, hiper)) {
                HttpResponse<String> r = c.send(get(plain.url("/auth")), BodyHandlers.ofString());
                HttpResponse<String> prev = r.previousResponse().orElseThrow();
                int askedBefore = asked.get();
                // credentials that worked are sent at once the next time
                HttpResponse<String> again = c.send(get(plain.url("/auth")), BodyHandlers.ofString());
                seen.add(List.of(r.statusCode(), r.body(), prev.statusCode(), String.valueOf(prev.body()),
                        prev.previousResponse().isPresent(), again.statusCode(), again.previousResponse().isPresent(),
                        asked.get() - askedBefore));
            }
            assertEquals(seen.get(0), seen.get(1));
            assertEquals(List.of(200, "welcome", 401, "null", false, 200, false, 0), seen.get(1));
            assertEquals(2, asked.get());
        }
    }

    @Test
    void anAuthenticatorWithoutCredentialsFailsTheCallAsTheJdksDoes() throws Exception {
        Authenticator none = new Authenticator() {
        };
        HttpClient jdk = HttpClient.newBuilder().authenticator(none).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().authenticator(none).build()) {
            Object seen = null;
            for (HttpClient c : List.of(jdk, hiper)) {
                IOException e = assertThrows(IOException.class,
                        () -> c.send(get(plain.url("/auth")), BodyHandlers.ofString()));
                assertTrue(seen == null || seen.equals(e.getMessage()), e.getMessage());
                seen = e.getMessage();
            }
        }
        // with an authenticator, a 401 or a 407 that names no scheme fails the call
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().authenticator(none).build()) {
            for (int code : new int[] {401, 407}) {
                Object seen = null;
                for (HttpClient c : List.of(jdk, hiper)) {
                    IOException e = assertThrows(IOException.class,
                            () -> c.send(get(plain.url("/status/" + code)), BodyHandlers.ofString()));
                    assertTrue(seen == null || seen.equals(e.getMessage()), e.getMessage());
                    seen = e.getMessage();
                }
                assertTrue(seen.toString().endsWith(" header missing for response code " + code), seen.toString());
            }
        }
        // without an authenticator the 401 is the response
        Seen plain401 = sameResponse(get(plain.url("/auth")), BodyHandlers.ofString());
        assertEquals(401, plain401.status());
        assertEquals("who are you?", plain401.body());
    }

    @Test
    void wrongCredentialsEndAfterTheJdksNumberOfTries() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Authenticator wrong = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.incrementAndGet();
                return new PasswordAuthentication("user", "wrong".toCharArray());
            }
        };
        HttpClient jdk = HttpClient.newBuilder().authenticator(wrong).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().authenticator(wrong).build()) {
            List<Object> seen = new ArrayList<>();
            for (HttpClient c : List.of(jdk, hiper)) {
                asked.set(0);
                IOException e = assertThrows(IOException.class,
                        () -> c.send(get(plain.url("/auth")), BodyHandlers.ofString()));
                seen.add(List.of(e.getMessage(), asked.get()));
            }
            assertEquals(seen.get(0), seen.get(1));
        }
    }

    @Test
    void theCookieHandlerSeesAndSendsCookies() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        try (HiperHttpClient hiper = HiperHttpClient.newBuilder().cookieHandler(new CookieManager()).build()) {
            for (HttpClient c : List.of(jdk, hiper)) {
                assertEquals(200, c.send(get(plain.url("/cookie/set")), BodyHandlers.discarding()).statusCode());
                assertEquals("flavour=oat", c.send(get(plain.url("/cookie/echo")), BodyHandlers.ofString()).body());
            }
        }
    }

    @Test
    void shutdownLetsRunningRequestsFinishAndRefusesNewOnes() throws Exception {
        HiperHttpClient c = HiperHttpClient.newHttpClient();
        CompletableFuture<HttpResponse<byte[]>> running =
                c.sendAsync(get(jetty.url("/bytes?n=3000000")), BodyHandlers.ofByteArray());
        c.shutdown();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> c.sendAsync(get(plain.url("/text")), BodyHandlers.ofString()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, refused.getCause());
        assertEquals(3_000_000, running.get(30, TimeUnit.SECONDS).body().length);
        assertTrue(c.awaitTermination(Duration.ofSeconds(30)));
        assertTrue(c.isTerminated());
    }

    @Test
    void shutdownNowFailsRunningRequests() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.stall());
            HiperHttpClient c = HiperHttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> stalled =
                    c.sendAsync(get(server.url("/stall")), BodyHandlers.ofString());
            assertNotNull(server.takeRequest(10_000), "the request never reached the server");
            c.shutdownNow();
            ExecutionException e = assertThrows(ExecutionException.class, () -> stalled.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(c.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    @Test
    void cancellingTheFutureAbortsTheTransfer() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.stall());
            CompletableFuture<HttpResponse<String>> f =
                    hiperClient.sendAsync(get(server.url("/stall")), BodyHandlers.ofString());
            assertNotNull(server.takeRequest(10_000));
            assertTrue(f.cancel(true));
            // the connection is dropped: the server sees it close
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.openConnections() > 0 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(0, server.openConnections());
            // and the client goes on working
            assertEquals(200, hiperClient.send(get(plain.url("/text")), BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void requestHeadersReachTheServerAsGiven() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(jetty.url("/headers")))
                .header("X-One", "1").header("X-Two", "a").header("X-Two", "b").header("Accept", "text/plain")
                .build();
        String seen = hiperClient.send(r, BodyHandlers.ofString()).body();
        assertTrue(seen.contains("X-One: 1\n"), seen);
        assertTrue(seen.contains("X-Two: a\n") && seen.contains("X-Two: b\n"), seen);
        assertTrue(seen.contains("Accept: text/plain\n"), seen);
        assertFalse(seen.contains("Accept: */*"), seen);
    }

    @Test
    void onJdk21AndLaterTheClientsOwnLifecycleMethodsAreHipers() throws Exception {
        java.lang.reflect.Method shutdown;
        try {
            shutdown = HttpClient.class.getMethod("shutdown");
        } catch (NoSuchMethodException e) {
            org.junit.jupiter.api.Assumptions.abort("HttpClient has no shutdown() before JDK 21");
            return;
        }
        HttpClient c = HiperHttpClient.newHttpClient();
        assertEquals(200, c.send(get(plain.url("/text")), BodyHandlers.ofString()).statusCode());
        shutdown.invoke(c);
        assertTrue((Boolean) HttpClient.class.getMethod("awaitTermination", Duration.class)
                .invoke(c, Duration.ofSeconds(10)));
        assertTrue((Boolean) HttpClient.class.getMethod("isTerminated").invoke(c));
        HttpClient closed = HiperHttpClient.newHttpClient();
        ((AutoCloseable) closed).close();
        assertTrue(((HiperHttpClient) closed).isTerminated());
    }

    @Test
    void aSubscriberThatCancelsStopsTheTransfer() throws Exception {
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger afterCancel = new AtomicInteger();
        java.util.concurrent.Flow.Subscriber<List<java.nio.ByteBuffer>> quitter = new java.util.concurrent.Flow.Subscriber<>() {
            java.util.concurrent.Flow.Subscription s;
            boolean done;

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                this.s = s;
                s.request(2);
            }

            @Override
            public void onNext(List<java.nio.ByteBuffer> item) {
                if (done) {
                    afterCancel.incrementAndGet();
                    return;
                }
                done = true;
                s.cancel();
                cancelled.countDown();
            }

            @Override
            public void onError(Throwable t) {
                afterCancel.incrementAndGet();
            }

            @Override
            public void onComplete() {
                afterCancel.incrementAndGet();
            }
        };
        // as with the JDK's client, a cancelled fromSubscriber body never completes: the future is left alone
        hiperClient.sendAsync(get(plain.url("/counted?n=" + (64 << 20))),
                BodyHandlers.fromSubscriber(quitter));
        assertTrue(cancelled.await(30, TimeUnit.SECONDS));
        // the next request goes through: the cancelled transfer let go of the engine
        assertEquals(200, hiperClient.send(get(plain.url("/text")), BodyHandlers.ofString()).statusCode());
        assertTrue(plain.written() < (64 << 20), "the whole body was read after the cancel");
        assertTrue(afterCancel.get() <= 1, "signals after cancel: " + afterCancel.get());
    }

    @Test
    void hiperReadsTheAnswerWhileItSendsALargeBody() throws Exception {
        // Jetty's /echo answers while it reads (full duplex); a client that sent the whole body
        // before reading would stall on 32 MiB. hiper reads and writes the connection together.
        long n = 32L << 20;
        RequestBodyTest.CountingPublisher p = new RequestBodyTest.CountingPublisher(n, 64 * 1024);
        HttpRequest r = HttpRequest.newBuilder(URI.create(jetty.url("/echo")))
                .POST(HttpRequest.BodyPublishers.fromPublisher(p, n)).build();
        HttpResponse<java.io.InputStream> resp = hiperClient.send(r, BodyHandlers.ofInputStream());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        long read = 0;
        byte[] buf = new byte[65536];
        try (java.io.InputStream in = resp.body()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                crc.update(buf, 0, k);
                read += k;
            }
        }
        assertEquals(n, read);
        assertEquals(JettyServer.crc32(n, 0), crc.getValue());
    }

    @Test
    void aBodyIsSentAgainWholeWhenAReusedConnectionDies() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); HiperHttpClient c = HiperHttpClient.newHttpClient()) {
            server.enqueue(Action.respond(200, "first"));
            server.enqueue(Action.close()); // the body is read, then the connection closes unanswered
            server.enqueue(Action.respond(200, "second"));
            assertEquals("first", c.send(get(server.url("/one")), BodyHandlers.ofString()).body());
            byte[] body = JettyServer.expectedBytes(300_000, 6);
            HttpRequest post = HttpRequest.newBuilder(URI.create(server.url("/two")))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build();
            // hiper, as libcurl, sends a request that died on a reused connection again, once;
            // the publisher is subscribed again, so the body goes whole
            assertEquals("second", c.send(post, BodyHandlers.ofString()).body());
            server.takeRequest(10_000);
            assertArrayEquals(body, server.takeRequest(10_000).decodedBody());
            assertArrayEquals(body, server.takeRequest(10_000).decodedBody());
            assertEquals(2, server.connectionCount());
        }
    }

    @Test
    void theLocalAddressIsWhereConnectionsComeFrom() throws Exception {
        try (HiperHttpClient c = HiperHttpClient.newBuilder()
                .localAddress(java.net.InetAddress.getByName("127.0.0.1")).build()) {
            assertEquals(200, c.send(get(plain.url("/text")), BodyHandlers.ofString()).statusCode());
        }
        // an address this host does not have (TEST-NET-1, RFC 5737): nothing can connect from it
        try (HiperHttpClient c = HiperHttpClient.newBuilder()
                .localAddress(java.net.InetAddress.getByName("192.0.2.1")).build()) {
            IOException e = assertThrows(IOException.class,
                    () -> c.send(get(plain.url("/text")), BodyHandlers.ofString()));
            assertInstanceOf(java.net.ConnectException.class, e, e.toString());
        }
    }

    @Test
    @Timeout(60)
    void everyIdleConnectionIsKeptWhenManyRanAtOnce() throws Exception {
        // each round holds its requests until all have arrived, so each needs its own connection;
        // the second round must find the first round's connections, not open new ones
        int n = 100;
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        java.util.concurrent.CyclicBarrier gate = new java.util.concurrent.CyclicBarrier(n);
        ExecutorService pool = Executors.newCachedThreadPool();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 2 * n);
        server.setExecutor(pool);
        server.createContext("/gate", ex -> {
            ports.add(ex.getRemoteAddress().getPort());
            try {
                gate.await(20, TimeUnit.SECONDS); // every request of the round has arrived
            } catch (Exception e) {
                // a broken round answers at once; the connection count below tells
            }
            byte[] b = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try (HiperHttpClient c = HiperHttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gate");
            for (int round = 1; round <= 2; round++) {
                List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(c.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> f : all) {
                    assertEquals("ok", f.get(30, TimeUnit.SECONDS).body());
                }
                assertEquals(n, ports.size(), "connections after round " + round);
            }
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
