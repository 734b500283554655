package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests with bodies from the JDK's {@code BodyPublishers}, side by side with the JDK's own client. */
@Timeout(60)
class RequestBodyTest extends SideBySide {

    private static HttpRequest echo(String method, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(jetty.url("/echo"))).method(method, body).build();
    }

    @Test
    void postOfStringIsEchoed() throws Exception {
        String text = "name=value&other=ünïcode";
        Seen seen = sameResponse(echo("POST", BodyPublishers.ofString(text)), BodyHandlers.ofString());
        assertEquals(text, seen.body());
        assertEquals(List.of(String.valueOf(text.getBytes(StandardCharsets.UTF_8).length)),
                seen.headers().get("x-received-length"));
    }

    @Test
    void postOfByteArrayOfTwoMegabytesIsEchoed() throws Exception {
        byte[] body = JettyServer.expectedBytes(2 << 20, 9);
        Seen seen = sameResponse(echo("POST", BodyPublishers.ofByteArray(body)), BodyHandlers.ofByteArray());
        assertEquals(ByteBuffer.wrap(body), seen.body());
    }

    @Test
    void putOfFileIsEchoed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("upload");
        Files.write(f, JettyServer.expectedBytes(700_000, 4));
        Seen seen = sameResponse(echo("PUT", BodyPublishers.ofFile(f)), BodyHandlers.ofByteArray());
        assertEquals(ByteBuffer.wrap(Files.readAllBytes(f)), seen.body());
        assertEquals(List.of("700000"), seen.headers().get("x-received-length"));
    }

    @Test
    void postOfInputStreamGoesChunked() throws Exception {
        byte[] body = JettyServer.expectedBytes(3_000_000, 12);
        Seen seen = sameResponse(echo("POST", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))),
                BodyHandlers.ofByteArray());
        assertEquals(ByteBuffer.wrap(body), seen.body());
        assertEquals(List.of("chunked"), seen.headers().get("transfer-encoding"));
    }

    @Test
    void ofPublisherWithUnknownLengthStreamsUnderBackpressure() throws Exception {
        long n = 24L << 20;
        String seen = same(c -> {
            CountingPublisher p = new CountingPublisher(n, 32 * 1024);
            HttpRequest req = HttpRequest.newBuilder(URI.create(plain.url("/sink")))
                    .POST(BodyPublishers.fromPublisher(p)).build();
            HttpResponse<String> r = c.send(req, BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            // a client that asked for everything at once would hold the whole body
            assertTrue(p.maxAhead.get() <= 64, "buffers requested ahead: " + p.maxAhead.get());
            return r.body();
        });
        assertEquals(n + " " + JettyServer.crc32(n, 0) + " chunked", seen);
    }

    @Test
    void otherMethodsWithAndWithoutBodies() throws Exception {
        Seen patch = sameResponse(echo("PUT", BodyPublishers.ofString("patched")), BodyHandlers.ofString());
        assertEquals("patched", patch.body());
        for (String method : new String[] {"DELETE", "OPTIONS", "GET"}) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(jetty.url("/status/202")))
                    .method(method, BodyPublishers.noBody()).build();
            assertEquals(202, sameResponse(r, BodyHandlers.ofString()).status(), method);
        }
        HttpRequest emptyPost = HttpRequest.newBuilder(URI.create(jetty.url("/echo")))
                .POST(BodyPublishers.noBody()).build();
        Seen empty = sameResponse(emptyPost, BodyHandlers.ofString());
        assertEquals("", empty.body());
        assertEquals(List.of("0"), empty.headers().get("x-received-length"));
    }

    @Test
    void aFailingPublisherFailsTheRequestWithItsError() throws Exception {
        Flow.Publisher<ByteBuffer> broken = s -> s.onSubscribe(new Flow.Subscription() {
            boolean sent;

            @Override
            public void request(long k) {
                if (!sent) {
                    sent = true;
                    s.onNext(ByteBuffer.wrap(new byte[1000]));
                    s.onError(new IOException("the disk is on fire"));
                }
            }

            @Override
            public void cancel() {
            }
        });
        Class<?> kind = same(c -> {
            IOException e = assertThrows(IOException.class,
                    () -> c.send(echo("POST", BodyPublishers.fromPublisher(broken)), BodyHandlers.ofString()));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertEquals("the disk is on fire", root.getMessage());
            return e.getClass();
        });
        assertEquals(IOException.class, kind);
    }

    @Test
    void ofByteArraysAndConcatAreSentWhole() throws Exception {
        List<byte[]> parts = List.of("one,".getBytes(StandardCharsets.UTF_8), new byte[0],
                "two,".getBytes(StandardCharsets.UTF_8), "three".getBytes(StandardCharsets.UTF_8));
        Seen arrays = sameResponse(echo("POST", BodyPublishers.ofByteArrays(parts)), BodyHandlers.ofString());
        assertEquals("one,two,three", arrays.body());
        Seen concat = sameResponse(echo("POST", BodyPublishers.concat(BodyPublishers.ofString("head-"),
                BodyPublishers.ofByteArray(JettyServer.expectedBytes(100_000, 2)), BodyPublishers.ofString("-tail"))),
                BodyHandlers.ofByteArray());
        assertEquals(5 + 100_000 + 5, ((ByteBuffer) concat.body()).remaining());
        assertEquals(List.of("100010"), concat.headers().get("x-received-length"));
    }

    /**
     * {@code n} bytes of {@link JettyServer#fill} content (seed 0) in buffers of {@code size}, each
     * made only when asked for; {@link #maxAhead} is the most buffers requested and not yet sent.
     */
    static final class CountingPublisher implements Flow.Publisher<ByteBuffer> {
        final long n;
        final int size;
        final AtomicLong maxAhead = new AtomicLong();

        CountingPublisher(long n, int size) {
            this.n = n;
            this.size = size;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            s.onSubscribe(new Flow.Subscription() {
                final AtomicLong demand = new AtomicLong();
                final AtomicBoolean emitting = new AtomicBoolean();
                long offset;
                volatile boolean done;

                @Override
                public void request(long k) {
                    long d = demand.addAndGet(k);
                    maxAhead.accumulateAndGet(d, Math::max);
                    emit();
                }

                private void emit() {
                    // a loop, not recursion: onNext may call request again
                    while (!done && demand.get() > 0 && emitting.compareAndSet(false, true)) {
                        try {
                            while (demand.get() > 0 && offset < n) {
                                int k = (int) Math.min(size, n - offset);
                                byte[] b = new byte[k];
                                JettyServer.fill(0, offset, b, 0, k);
                                offset += k;
                                demand.decrementAndGet();
                                s.onNext(ByteBuffer.wrap(b));
                            }
                            if (offset >= n && !done) {
                                done = true;
                                s.onComplete();
                            }
                        } finally {
                            emitting.set(false);
                        }
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }
}
