package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/** Shared helpers of the HTTP/1.1 tests: sinks for the callbacks and a concurrent runner. */
final class Http1TestSupport {
    /** The longest a multi-driven run in these tests may take before it counts as hung. */
    static final long RUN_LIMIT_NS = 25_000_000_000L;

    private Http1TestSupport() {
    }

    /** A write callback that keeps every byte. */
    static final class Sink implements CurlWriteFunction {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int calls;

        @Override
        public int write(ByteBuffer data, Object userdata) {
            calls++;
            int n = data.remaining();
            byte[] b = new byte[n];
            data.get(b);
            out.write(b, 0, n);
            return n;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        String text() {
            return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A header callback that keeps each line (CRLF included). */
    static final class HeaderSink implements CurlHeaderFunction {
        final List<String> lines = new ArrayList<>();

        @Override
        public int header(ByteBuffer line, Object userdata) {
            int n = line.remaining();
            byte[] b = new byte[n];
            line.get(b);
            lines.add(new String(b, StandardCharsets.ISO_8859_1));
            return n;
        }
    }

    /** A read callback that serves {@code data} in pieces of at most {@code piece} bytes. */
    static CurlReadFunction reader(byte[] data, int piece) {
        int[] pos = {0};
        return (dst, ud) -> {
            int n = Math.min(Math.min(piece, dst.remaining()), data.length - pos[0]);
            dst.put(data, pos[0], n);
            pos[0] += n;
            return n;
        };
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    static CurlEasy easy(String url, Sink sink) {
        CurlEasy e = CurlEasy.init();
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_URL, url));
        if (sink != null) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_WRITEFUNCTION, sink));
        }
        return e;
    }

    /** Runs every handle on one multi driven by a SelectorLoop; returns each handle's result. */
    static Map<CurlEasy, CurlCode> runAll(List<CurlEasy> handles) throws IOException {
        Map<CurlEasy, CurlCode> results = new IdentityHashMap<>();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            loop.onDone(m -> {
                assertEquals(CURLMSG_DONE, m.msg());
                assertNull(results.put(m.easy(), m.result()), "a handle finished twice");
            });
            for (CurlEasy e : handles) {
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            }
            long deadline = System.nanoTime() + RUN_LIMIT_NS;
            while (multi.runningHandles() > 0) {
                if (System.nanoTime() > deadline) {
                    List<CurlEasy> stuck = new ArrayList<>(handles);
                    stuck.removeAll(results.keySet());
                    fail("transfers still running after " + RUN_LIMIT_NS / 1_000_000_000L + " s: " + stuck);
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(100));
            }
            for (CurlEasy e : handles) {
                multi.removeHandle(e);
            }
        }
        assertEquals(handles.size(), results.size(), "every transfer reports done once");
        return results;
    }

    /** Well-behaved transfers to Jetty that run beside a misbehaving one. */
    static final class Bystanders {
        final List<CurlEasy> handles = new ArrayList<>();
        final List<Sink> sinks = new ArrayList<>();
        final List<Long> expectedCrc = new ArrayList<>();

        Bystanders(JettyServer jetty) {
            // a download
            Sink s1 = new Sink();
            CurlEasy get = easy(jetty.url("/bytes?n=1500000&seed=11"), s1);
            add(get, s1, JettyServer.crc32(1_500_000, 11));
            // a chunked download
            Sink s2 = new Sink();
            CurlEasy chunked = easy(jetty.url("/bytes?n=300000&seed=12&chunked=1"), s2);
            add(chunked, s2, JettyServer.crc32(300_000, 12));
            // an upload echoed back
            byte[] up = randomBytes(400_000, 13);
            Sink s3 = new Sink();
            CurlEasy post = easy(jetty.url("/echo"), s3);
            post.setopt(CURLOPT_POSTFIELDS, up);
            add(post, s3, crc(up));
        }

        private void add(CurlEasy e, Sink s, long crc) {
            handles.add(e);
            sinks.add(s);
            expectedCrc.add(crc);
        }

        void assertAllGood(Map<CurlEasy, CurlCode> results) {
            for (int i = 0; i < handles.size(); i++) {
                CurlEasy e = handles.get(i);
                assertEquals(CurlCode.CURLE_OK, results.get(e), "bystander " + i + ": " + e.errorBuffer());
                assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE), "bystander " + i);
                assertEquals(expectedCrc.get(i), crc(sinks.get(i).bytes()), "bystander " + i + " body");
            }
        }

        void close() {
            for (CurlEasy e : handles) {
                e.close();
            }
        }
    }

    /**
     * Runs {@code bad} on one multi together with well-behaved transfers; asserts that {@code bad}
     * ends with {@code expected} and a non-empty error buffer and the others succeed.
     */
    static void assertIsolated(JettyServer jetty, CurlEasy bad, CurlCode expected, String errorPart)
            throws IOException {
        Bystanders others = new Bystanders(jetty);
        try {
            List<CurlEasy> all = new ArrayList<>();
            all.add(others.handles.get(0));
            all.add(bad);
            all.addAll(others.handles.subList(1, others.handles.size()));
            Map<CurlEasy, CurlCode> results = runAll(all);
            assertEquals(expected, results.get(bad), "misbehaving transfer: " + bad.errorBuffer());
            assertFalse(bad.errorBuffer().isEmpty(), "error buffer of the failed transfer");
            if (errorPart != null) {
                assertTrue(bad.errorBuffer().toLowerCase().contains(errorPart.toLowerCase()),
                        "error buffer '" + bad.errorBuffer() + "' names '" + errorPart + "'");
            }
            others.assertAllGood(results);
        } finally {
            others.close();
        }
    }

    /** Runs handles on one multi; resumes a paused one (flag set by its callback) after a few ms. */
    static final class PauseDriver implements AutoCloseable {
        final CurlMulti multi = CurlMulti.init();
        final SelectorLoop loop;
        final List<CurlMsg> done = new ArrayList<>();

        PauseDriver() throws IOException {
            loop = new SelectorLoop(multi);
            loop.onDone(done::add);
        }

        CurlCode run(CurlEasy easy, boolean[] paused) {
            done.clear();
            assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
            long pausedAt = 0;
            long deadline = System.nanoTime() + RUN_LIMIT_NS;
            while (done.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "transfer still running after the limit: " + easy);
                if (paused[0]) {
                    if (pausedAt == 0) {
                        pausedAt = System.nanoTime();
                    } else if (System.nanoTime() - pausedAt > 3_000_000L) {
                        paused[0] = false;
                        pausedAt = 0;
                        assertEquals(CurlCode.CURLE_OK, easy.pause(CURLPAUSE_CONT));
                    }
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(2));
            }
            multi.removeHandle(easy);
            assertEquals(1, done.size());
            return done.get(0).result();
        }

        @Override
        public void close() {
            loop.close();
            multi.close();
        }
    }
}
