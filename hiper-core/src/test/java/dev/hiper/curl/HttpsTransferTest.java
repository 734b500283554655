package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.TlsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bodies over TLS, many connections, and sessions resumed across connections. */
class HttpsTransferTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    /** Checksums a body without keeping it. */
    static final class Sink implements CurlWriteFunction {
        final CRC32 crc = new CRC32();
        long size;

        @Override
        public int write(java.nio.ByteBuffer data, Object userdata) {
            int n = data.remaining();
            crc.update(data);
            size += n;
            return n;
        }
    }

    @Test
    @Timeout(120)
    void twoHundredMebibytesOverTlsWithAChecksum() {
        long n = 200L * 1024 * 1024;
        long seed = 7;
        Sink sink = new Sink();
        try (CurlEasy e = fx.easy(VALID, "/bytes?n=" + n + "&seed=" + seed, new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_WRITEFUNCTION, sink);
            long t0 = System.nanoTime();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(n, sink.size);
            assertEquals(JettyServer.crc32(n, seed), sink.crc.getValue());
            assertEquals(n, e.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
            // the same body over plain HTTP from the same server, for the figure next to it
            Sink plain = new Sink();
            try (CurlEasy p = CurlEasy.init()) {
                p.setopt(CURLOPT_URL, fx.jetty.url("/bytes?n=" + n + "&seed=" + seed));
                p.setopt(CURLOPT_WRITEFUNCTION, plain);
                long t1 = System.nanoTime();
                assertEquals(CurlCode.CURLE_OK, p.perform(), p.errorBuffer());
                double plainSecs = (System.nanoTime() - t1) / 1e9;
                assertEquals(sink.crc.getValue(), plain.crc.getValue());
                System.out.printf("https: 200 MiB in %.2f s, %.0f MB/s; plain http: %.2f s, %.0f MB/s%n", secs,
                        n / secs / 1e6, plainSecs, n / plainSecs / 1e6);
            }
        }
    }

    /** The server's session creation time from a /tls answer: a resumed session keeps the one it resumes. */
    static long serverSession(ByteArrayOutputStream body) {
        return Long.parseLong(field(body, "session"));
    }

    @Test
    @Timeout(60)
    void aSecondConnectionResumesTheSession() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(RESUME, "/tls", body)) {
            e.setopt(CURLOPT_FORBID_REUSE, 1L);
            List<String> trace = traceText(e);
            long before = System.currentTimeMillis();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            long first = serverSession(body);
            assertTrue(first >= before, "the first connection makes a new session on the server");
            assertFalse(trace.contains("SSL reusing session"), String.join("\n", trace));
            trace.clear();
            body.reset();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "a new connection");
            assertEquals(first, serverSession(body), "the server resumed the first session");
            assertTrue(trace.contains("SSL reusing session"), String.join("\n", trace));
            assertTrue(trace.contains(" subjectAltName: host \"server.hiper.test\" matched cert's \"server.hiper.test\""),
                    "a resumed session is held to the host name too: " + String.join("\n", trace));
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
        // the figure: handshake time (APPCONNECT - CONNECT) of a first and a second connection to
        // a name, on one multi whose TLS context is warm: the first to each name is a full
        // handshake, the second resumes; medians of 15 names
        int pairs = 15;
        long[] fulls = new long[pairs];
        long[] resumes = new long[pairs];
        try (CurlEasy e = fx.easy(RESUME, "/tls", new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_FORBID_REUSE, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer()); // warms the context up
            for (int i = 0; i < pairs; i++) {
                String host = "h" + i + ".wild.hiper.test";
                e.setopt(CURLOPT_URL, fx.url(RESUME, host, "/tls"));
                e.setopt(CURLOPT_RESOLVE, List.of(host + ":" + fx.port(RESUME) + ":127.0.0.1"));
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                fulls[i] = e.getinfo(CURLINFO_APPCONNECT_TIME_T) - e.getinfo(CURLINFO_CONNECT_TIME_T);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                resumes[i] = e.getinfo(CURLINFO_APPCONNECT_TIME_T) - e.getinfo(CURLINFO_CONNECT_TIME_T);
            }
        }
        java.util.Arrays.sort(fulls);
        java.util.Arrays.sort(resumes);
        System.out.printf("https: TLS 1.3 handshake, median of %d: %d us full, %d us resumed%n", pairs,
                fulls[pairs / 2], resumes[pairs / 2]);
    }

    /** One transfer of the 1,000: its body, and when it started (wall clock, as the server's session times). */
    static final class Job {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        long startMs;
    }

    @Test
    @Timeout(120)
    void thousandTransfersTwoHundredAtOnceResumeSessions() throws Exception {
        final int total = 1000;
        final int concurrent = 200;
        long opened = fx.jetty.connectionsOpened();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            ArrayDeque<CurlEasy> free = new ArrayDeque<>();
            List<String> failures = new ArrayList<>();
            int[] ok = {0};
            int[] resumed = {0};
            int[] started = {0};
            loop.onDone(m -> {
                CurlEasy e = m.easy();
                Job job = (Job) e.getinfo(CURLINFO_PRIVATE);
                if (m.result() != CurlCode.CURLE_OK) {
                    failures.add(m.result() + ": " + e.errorBuffer());
                } else if (field(job.body, "session") == null) {
                    failures.add("no /tls answer: " + job.body);
                } else {
                    ok[0]++;
                    // a session made before this connection started was resumed, not negotiated
                    if (serverSession(job.body) < job.startMs) {
                        resumed[0]++;
                    }
                }
                multi.removeHandle(e);
                free.add(e);
            });
            for (int i = 0; i < concurrent; i++) {
                CurlEasy e = fx.easy(MANY, "/tls", new ByteArrayOutputStream());
                e.setopt(CURLOPT_FORBID_REUSE, 1L); // a connection each: each one a handshake
                free.add(e);
            }
            long t0 = System.nanoTime();
            while (ok[0] + failures.size() < total && System.nanoTime() - t0 < 100_000_000_000L) {
                while (started[0] < total && !free.isEmpty()) {
                    CurlEasy e = free.poll();
                    Job job = new Job();
                    e.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(job.body));
                    e.setopt(CURLOPT_PRIVATE, job);
                    job.startMs = System.currentTimeMillis();
                    started[0]++;
                    assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(1000));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
            assertEquals(total, ok[0]);
            long connections = fx.jetty.connectionsOpened() - opened;
            System.out.printf("https: %d transfers, %d at once, %.2f s, %d connections, %d full handshakes, %d resumed%n",
                    total, concurrent, secs, connections, total - resumed[0], resumed[0]);
            assertEquals(total, connections, "a connection per transfer");
            // The first 200 connections start together with nothing to resume; after them, each
            // new connection may find a session ticket its predecessors left. How many do depends
            // on timing (whether a predecessor's tickets arrived before the next start, and the
            // server's session times have millisecond resolution): 746 to 792 of the 800 were
            // seen. Broken resumption gives none, so at least half of them must have resumed.
            assertTrue(resumed[0] >= (total - concurrent) / 2, "connections resumed sessions: only " + resumed[0]
                    + " of " + connections);
            for (CurlEasy e : free) {
                e.cleanup();
            }
        }
    }
}
