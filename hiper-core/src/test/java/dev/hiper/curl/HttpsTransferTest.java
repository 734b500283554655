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

    @Test
    @Timeout(60)
    void aSecondConnectionResumesTheSession() {
        TestPkiCount server = new TestPkiCount(RESUME);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(RESUME, "/tls", body)) {
            e.setopt(CURLOPT_FORBID_REUSE, 1L);
            List<String> first = traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1, server.delta(), "the first connection makes a full handshake");
            assertFalse(first.contains("SSL reusing session"), String.join("\n", first));
            first.clear();
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "a new connection");
            assertEquals(1, server.delta(), "the server did not pick its certificate again: the session was resumed");
            assertTrue(first.contains("SSL reusing session"), String.join("\n", first));
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
        // the figure: handshake time (APPCONNECT - CONNECT) of a first and a second connection,
        // each pair on a fresh multi, medians of 15 pairs
        long[] fulls = new long[15];
        long[] resumes = new long[15];
        for (int i = 0; i < fulls.length; i++) {
            try (CurlEasy e = fx.easy(RESUME, "/tls", new ByteArrayOutputStream())) {
                e.setopt(CURLOPT_FORBID_REUSE, 1L);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                fulls[i] = e.getinfo(CURLINFO_APPCONNECT_TIME_T) - e.getinfo(CURLINFO_CONNECT_TIME_T);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                resumes[i] = e.getinfo(CURLINFO_APPCONNECT_TIME_T) - e.getinfo(CURLINFO_CONNECT_TIME_T);
            }
        }
        java.util.Arrays.sort(fulls);
        java.util.Arrays.sort(resumes);
        System.out.printf("https: TLS 1.3 handshake, median of %d: %d us full, %d us resumed%n", fulls.length,
                fulls[fulls.length / 2], resumes[resumes.length / 2]);
    }

    /** How many full handshakes an endpoint made since this was made. */
    static final class TestPkiCount {
        private final int endpoint;
        private final int start;

        TestPkiCount(int endpoint) {
            this.endpoint = endpoint;
            this.start = fx.tls[endpoint].fullHandshakes();
        }

        int delta() {
            return fx.tls[endpoint].fullHandshakes() - start;
        }
    }

    @Test
    @Timeout(120)
    void thousandTransfersTwoHundredAtOnceResumeSessions() throws Exception {
        final int total = 1000;
        final int concurrent = 200;
        final int size = 4096;
        TestPkiCount server = new TestPkiCount(MANY);
        long opened = fx.jetty.connectionsOpened();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            ArrayDeque<CurlEasy> free = new ArrayDeque<>();
            List<String> failures = new ArrayList<>();
            int[] ok = {0};
            int[] started = {0};
            loop.onDone(m -> {
                CurlEasy e = m.easy();
                Sink s = (Sink) e.getinfo(CURLINFO_PRIVATE);
                if (m.result() != CurlCode.CURLE_OK) {
                    failures.add(m.result() + ": " + e.errorBuffer());
                } else if (s.size != size) {
                    failures.add("short body: " + s.size);
                } else {
                    ok[0]++;
                }
                multi.removeHandle(e);
                free.add(e);
            });
            for (int i = 0; i < concurrent; i++) {
                CurlEasy e = fx.easy(MANY, "/bytes?n=" + size, new ByteArrayOutputStream());
                e.setopt(CURLOPT_FORBID_REUSE, 1L); // a connection each: each one a handshake
                free.add(e);
            }
            long t0 = System.nanoTime();
            while (ok[0] + failures.size() < total && System.nanoTime() - t0 < 100_000_000_000L) {
                while (started[0] < total && !free.isEmpty()) {
                    CurlEasy e = free.poll();
                    Sink s = new Sink();
                    e.setopt(CURLOPT_WRITEFUNCTION, s);
                    e.setopt(CURLOPT_PRIVATE, s);
                    started[0]++;
                    assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(1000));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
            assertEquals(total, ok[0]);
            long connections = fx.jetty.connectionsOpened() - opened;
            int full = server.delta();
            System.out.printf("https: %d transfers, %d at once, %.2f s, %d connections, %d full handshakes, %d resumed%n",
                    total, concurrent, secs, connections, full, connections - full);
            assertEquals(total, connections, "a connection per transfer");
            // the first 200 connections start together with nothing to resume; after them, each
            // new connection finds a session ticket its predecessors left
            assertTrue(full <= concurrent + 50, "connections resumed sessions: only " + (connections - full)
                    + " of " + connections);
            for (CurlEasy e : free) {
                e.cleanup();
            }
        }
    }
}
