package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A large body to a subscriber that stops asking: the client must stop reading, so the server
 * stops writing once the socket buffers are full, and the body is never held in memory whole.
 */
@Timeout(120)
class BackpressureTest extends SideBySide {
    /** Where the subscriber stops asking for more. */
    static final long STOP_AT = 8L << 20;
    /**
     * How far the server may get ahead of what the subscriber took while it asks for nothing: the
     * kernel's largest socket buffers on loopback (the client's receive buffer grows up to
     * {@code tcp_rmem}'s maximum, 32 MiB on many machines, the server's send buffer up to
     * {@code tcp_wmem}'s), plus 8 MiB for the client's few chunks, the server's own buffer and room
     * to spare.
     */
    static final long AHEAD_BOUND = kernelMax("tcp_rmem", 32L << 20) + kernelMax("tcp_wmem", 4L << 20) + (8L << 20);
    /** Larger than every buffer on the way put together, so a body read whole cannot pass unseen. */
    static final long SIZE = Math.max(96L << 20, STOP_AT + AHEAD_BOUND + (32L << 20));

    /** The third field of /proc/sys/net/ipv4/NAME (the largest buffer autotuning may reach). */
    private static long kernelMax(String name, long fallback) {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/" + name))
                    .trim().split("\\s+");
            return Long.parseLong(f[2]);
        } catch (java.io.IOException | RuntimeException e) {
            return fallback;
        }
    }

    @Test
    void aSubscriberThatStopsAskingStopsTheServer() throws Exception {
        same(c -> {
            SlowSubscriber sub = new SlowSubscriber();
            CompletableFuture<HttpResponse<Long>> f = c.sendAsync(get(plain.url("/counted?n=" + SIZE)),
                    BodyHandlers.fromSubscriber(sub, SlowSubscriber::crc));
            assertTrue(sub.stopped.await(60, TimeUnit.SECONDS), "the subscriber never got to " + STOP_AT);
            // Watch for a while: with backpressure the server stalls; without it, it would finish
            // the whole body within this window (it takes well under a second on loopback).
            long maxAhead = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < until) {
                maxAhead = Math.max(maxAhead, plain.written() - sub.delivered.get());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertTrue(maxAhead <= AHEAD_BOUND, "the server got " + maxAhead + " bytes ahead of the subscriber");
            assertTrue(plain.written() < SIZE, "the whole body was read while nobody asked for it");
            assertTrue(sub.unrequested.get() <= 0, "items delivered beyond demand: " + sub.unrequested.get());
            sub.resume();
            HttpResponse<Long> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(SIZE, sub.delivered.get());
            assertTrue(sub.unrequested.get() <= 0);
            return r.body();
        });
    }

    @Test
    void ofInputStreamReadsNoFurtherThanTheReader() throws Exception {
        same(c -> {
            HttpResponse<java.io.InputStream> r = c.send(get(plain.url("/counted?n=" + SIZE)),
                    BodyHandlers.ofInputStream());
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            CRC32 crc = new CRC32();
            try (java.io.InputStream in = r.body()) {
                while (read < STOP_AT) {
                    int k = in.read(buf);
                    crc.update(buf, 0, k);
                    read += k;
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
                long maxAhead = 0;
                while (System.nanoTime() < until) {
                    maxAhead = Math.max(maxAhead, plain.written() - read);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                assertTrue(maxAhead <= AHEAD_BOUND, "the server got " + maxAhead + " bytes ahead of the reader");
                for (int k; (k = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, k);
                    read += k;
                }
            }
            assertEquals(SIZE, read);
            assertEquals(JettyServer.crc32(SIZE, 0), crc.getValue());
            return read;
        });
    }

    /**
     * Asks for one item at a time and checksums it; once {@link #STOP_AT} bytes have come, stops
     * asking until {@link #resume()}. {@link #unrequested} is items delivered minus items asked
     * for, which Flow's rules keep at or below zero.
     */
    static final class SlowSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong unrequested = new AtomicLong();
        final CountDownLatch stopped = new CountDownLatch(1);
        private final CRC32 crc = new CRC32();
        private volatile Flow.Subscription subscription;
        private boolean paused;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            ask();
        }

        private void ask() {
            unrequested.decrementAndGet();
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            unrequested.incrementAndGet();
            for (ByteBuffer b : item) {
                delivered.addAndGet(b.remaining());
                crc.update(b);
            }
            if (!paused && delivered.get() >= STOP_AT) {
                paused = true;
                stopped.countDown();
                return;
            }
            ask();
        }

        void resume() {
            ask();
        }

        @Override
        public void onError(Throwable t) {
            stopped.countDown();
        }

        @Override
        public void onComplete() {
        }

        long crc() {
            return crc.getValue();
        }
    }
}
