package dev.hiper.loop;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.testkit.JettyServer;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 transfers, 1,000 at once, through {@link SelectorLoop} against a real server on loopback.
 * Every body is checked by checksum; at the end nothing is running and no channel the multi opened
 * is still open.
 */
class ScaleTest {
    static final int TOTAL = 10_000;
    static final int CONCURRENT = 1_000;
    static final int SIZE = 2048;

    /** One transfer's checksum and size. */
    static final class Job {
        final CRC32 crc = new CRC32();
        long seed;
        long size;
    }

    @Test
    @Timeout(240)
    void tenThousandTransfersThousandAtOnce() throws Exception {
        Set<SelectableChannel> channels = Collections.newSetFromMap(new IdentityHashMap<>());
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi)) {
            // Wrap the loop's socket callback to remember every channel the multi announced.
            dev.hiper.curl.CurlSocketFunction inner = loop.socketFunction();
            dev.hiper.curl.CurlSocketFunction loopCallback = (easy, s, what, clientp, socketp) -> {
                channels.add(s.channel());
                return inner.socket(easy, s, what, clientp, socketp);
            };
            assertEquals(CurlMCode.CURLM_OK, multi.setopt(CURLMOPT_SOCKETFUNCTION, loopCallback));

            ArrayDeque<CurlEasy> free = new ArrayDeque<>();
            int[] started = {0};
            int[] ok = {0};
            List<String> failures = new ArrayList<>();
            loop.onDone((CurlMsg m) -> {
                CurlEasy e = m.easy();
                Job job = (Job) e.getinfo(CURLINFO_PRIVATE);
                if (m.result() != CurlCode.CURLE_OK) {
                    failures.add(m.result() + ": " + e.errorBuffer());
                } else if (job.size != SIZE || job.crc.getValue() != JettyServer.crc32(SIZE, job.seed)) {
                    failures.add("seed " + job.seed + ": bad body, " + job.size + " bytes");
                } else {
                    ok[0]++;
                }
                multi.removeHandle(e);
                free.add(e);
            });
            for (int i = 0; i < CONCURRENT; i++) {
                free.add(CurlEasy.init());
            }
            long t0 = System.nanoTime();
            while (ok[0] + failures.size() < TOTAL) {
                while (started[0] < TOTAL && !free.isEmpty()) {
                    CurlEasy e = free.poll();
                    Job job = new Job();
                    job.seed = started[0]++;
                    e.setopt(CURLOPT_URL, jetty.url("/bytes?n=" + SIZE + "&seed=" + job.seed));
                    e.setopt(CURLOPT_PRIVATE, job);
                    e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                        int n = data.remaining();
                        job.size += n;
                        job.crc.update(data);
                        return n;
                    });
                    assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
                }
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(1000));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("scale: %d transfers, %d at once, %.2f s, %.0f transfers/s%n", TOTAL, CONCURRENT, secs,
                    TOTAL / secs);
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
            assertEquals(TOTAL, ok[0]);
            assertEquals(0, multi.runningHandles());
            assertTrue(jetty.connectionsOpened() <= CONCURRENT * 2L,
                    "connections were reused: " + jetty.connectionsOpened());
            multi.cleanup();
            for (CurlEasy e : free) {
                e.cleanup();
            }
        }
        assertFalse(channels.isEmpty());
        for (SelectableChannel ch : channels) {
            assertFalse(ch.isOpen(), "a channel the multi opened is still open: " + ch);
        }
    }

}
