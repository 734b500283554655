package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Responses through the JDK's {@code BodyHandlers}, side by side with the JDK's own client. */
@Timeout(60)
class ResponseBodyTest extends SideBySide {

    @Test
    void ofStringGivesTheSameStatusHeadersAndText() throws Exception {
        Seen seen = sameResponse(get(plain.url("/text")), BodyHandlers.ofString());
        assertEquals(200, seen.status());
        assertEquals(JdkServer.TEXT, seen.body());
        assertEquals(List.of("one", "two"), seen.headers().get("x-multi"));
        assertEquals(HttpClient.Version.HTTP_1_1, seen.version());
    }

    @Test
    void ofByteArrayGivesTheSameBytes() throws Exception {
        Seen seen = sameResponse(get(jetty.url("/bytes?n=300000&seed=7")), BodyHandlers.ofByteArray());
        assertEquals(ByteBuffer.wrap(JettyServer.expectedBytes(300_000, 7)), seen.body());
        assertEquals(List.of("300000"), seen.headers().get("content-length"));
    }

    @Test
    void aChunkedBodyIsDecoded() throws Exception {
        Seen seen = sameResponse(get(jetty.url("/bytes?n=100001&seed=3&chunked=1")), BodyHandlers.ofByteArray());
        assertEquals(ByteBuffer.wrap(JettyServer.expectedBytes(100_001, 3)), seen.body());
        assertEquals(List.of("chunked"), seen.headers().get("transfer-encoding"));
    }

    @Test
    void ofFileWritesTheSameFile(@TempDir Path dir) throws Exception {
        HttpRequest req = get(jetty.url("/bytes?n=1000000&seed=11"));
        int[] n = {0};
        same(c -> {
            Path f = dir.resolve("body-" + n[0]++);
            HttpResponse<Path> r = c.send(req, BodyHandlers.ofFile(f));
            assertEquals(f, r.body());
            return new Seen(r.statusCode(), Seen.of(r).headers(), ByteBuffer.wrap(Files.readAllBytes(f)), r.version(),
                    r.uri());
        });
        assertArrayEquals(Files.readAllBytes(dir.resolve("body-0")), JettyServer.expectedBytes(1_000_000, 11));
    }

    @Test
    void ofLinesGivesTheSameLines() throws Exception {
        List<String> lines = same(c -> {
            HttpResponse<java.util.stream.Stream<String>> r = c.send(get(plain.url("/text")), BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> s = r.body()) {
                return s.collect(Collectors.toList());
            }
        });
        assertEquals(JdkServer.TEXT.lines().collect(Collectors.toList()), lines);
    }

    @Test
    void ofInputStreamStreamsTheBody() throws Exception {
        long crc = same(c -> {
            HttpResponse<InputStream> r = c.send(get(jetty.url("/bytes?n=5000000&seed=5")), BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            CRC32 sum = new CRC32();
            byte[] buf = new byte[8192];
            try (InputStream in = r.body()) {
                for (int k; (k = in.read(buf)) > 0; ) {
                    sum.update(buf, 0, k);
                }
            }
            return sum.getValue();
        });
        assertEquals(JettyServer.crc32(5_000_000, 5), crc);
    }

    @Test
    void discardingKeepsTheHeadAndDropsTheBody() throws Exception {
        Seen seen = sameResponse(get(jetty.url("/bytes?n=200000")), BodyHandlers.discarding());
        assertEquals(200, seen.status());
        assertNull(seen.body());
    }

    @Test
    void headHasHeadersAndNoBody() throws Exception {
        HttpRequest head = HttpRequest.newBuilder(URI.create(jetty.url("/bytes?n=4096")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        Seen seen = sameResponse(head, BodyHandlers.ofString());
        assertEquals(200, seen.status());
        assertEquals("", seen.body());
        assertEquals(List.of("4096"), seen.headers().get("content-length"));
    }

    @Test
    void noContentAndNotModifiedHaveNoBody() throws Exception {
        for (int code : new int[] {204, 304}) {
            Seen seen = sameResponse(get(plain.url("/status/" + code)), BodyHandlers.ofString());
            assertEquals(code, seen.status());
            assertEquals("", seen.body());
            assertEquals(List.of("\"v1\""), seen.headers().get("etag"));
        }
    }

    @Test
    void errorStatusesAreResponsesNotExceptions() throws Exception {
        for (String path : new String[] {"/status/404", "/status/500", "/nowhere"}) {
            Seen seen = sameResponse(get(jetty.url(path)), BodyHandlers.ofByteArray());
            assertTrue(seen.status() >= 400, path);
        }
    }

    @Test
    void sendAsyncGivesTheSameResponse() throws Exception {
        Seen seen = same(c -> Seen.of(c.sendAsync(get(plain.url("/text")), BodyHandlers.ofString()).get()));
        assertEquals(JdkServer.TEXT, seen.body());
        Seen pushed = same(c -> Seen.of(c.sendAsync(get(plain.url("/text")), BodyHandlers.ofString(),
                (initiating, pushRequest, accept) -> fail("HTTP/1.1 has no push")).get()));
        assertEquals(seen, pushed);
    }

    @Test
    void fromSubscriberAndBufferingSeeTheWholeBody() throws Exception {
        long n = same(c -> {
            long[] total = {0};
            Flow.Subscriber<List<ByteBuffer>> counter = new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    for (ByteBuffer b : item) {
                        total[0] += b.remaining();
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            };
            HttpResponse<Long> r = c.send(get(jetty.url("/bytes?n=777777")),
                    BodyHandlers.buffering(BodyHandlers.fromSubscriber(counter, s -> total[0]), 100_000));
            return r.body();
        });
        assertEquals(777_777, n);
    }

    @Test
    void ofPublisherReplacingAndFromLineSubscriber() throws Exception {
        long n = same(c -> {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> r =
                    c.send(get(jetty.url("/bytes?n=123456")), BodyHandlers.ofPublisher());
            java.util.concurrent.CompletableFuture<Long> total = new java.util.concurrent.CompletableFuture<>();
            r.body().subscribe(new Flow.Subscriber<>() {
                long sum;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    for (ByteBuffer b : item) {
                        sum += b.remaining();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    total.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    total.complete(sum);
                }
            });
            return total.get(30, java.util.concurrent.TimeUnit.SECONDS);
        });
        assertEquals(123_456, n);
        Seen replaced = sameResponse(get(plain.url("/text")), BodyHandlers.replacing("replaced"));
        assertEquals("replaced", replaced.body());
        List<String> lines = same(c -> {
            List<String> got = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            c.send(get(plain.url("/text")), BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    got.add(line);
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            }));
            return List.copyOf(got);
        });
        assertEquals(JdkServer.TEXT.lines().collect(Collectors.toList()), lines);
    }

    @Test
    void aSubscriberThatThrowsFailsTheCallWithWhatItThrew() throws Exception {
        // a BodySubscriber of its own (not wrapped by BodyHandlers.fromSubscriber), throwing in onNext
        String seen = same(c -> {
            HttpResponse.BodySubscriber<String> bad = new HttpResponse.BodySubscriber<>() {
                final java.util.concurrent.CompletableFuture<String> body = new java.util.concurrent.CompletableFuture<>();

                @Override
                public java.util.concurrent.CompletionStage<String> getBody() {
                    return body;
                }

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    throw new IllegalStateException("boom");
                }

                @Override
                public void onError(Throwable t) {
                    body.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    body.complete("done");
                }
            };
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> c.sendAsync(get(jetty.url("/bytes?n=100000")), info -> bad)
                            .get(30, java.util.concurrent.TimeUnit.SECONDS));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage();
        });
        assertEquals("boom", seen);
    }
}
