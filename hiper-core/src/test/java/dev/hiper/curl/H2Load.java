package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A bounded load against a real HTTP/2 server, for the interop tests: {@code total} transfers,
 * {@code atOnce} of them running at a time, driven through {@link ContractKit} (the socket
 * callback's contract checked on every call). Each transfer's body is checked when it ends, then
 * its handle is closed, so memory stays flat; the run fails rather than go past its time.
 */
final class H2Load {
    /** One transfer of the load: its handle, and whether its body arrived exactly. */
    interface Fetch {
        CurlEasy easy();

        boolean bodyOk();
    }

    /**
     * A GET whose body is summed as it arrives (CRC-32) and compared with what the file holds,
     * so a load of thousands keeps no body in memory.
     */
    static class Summed implements Fetch {
        private final CurlEasy easy;
        private final long size;
        private final long crc32;
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private long got;

        /** {@code easy} fetches a body of {@code size} bytes whose CRC-32 is {@code crc32}. */
        Summed(CurlEasy easy, long size, long crc32) {
            this.easy = easy;
            this.size = size;
            this.crc32 = crc32;
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                int n = data.remaining();
                got += n;
                crc.update(data);
                return n;
            });
        }

        @Override
        public CurlEasy easy() {
            return easy;
        }

        @Override
        public boolean bodyOk() {
            return got == size && crc.getValue() == crc32;
        }
    }

    /**
     * What a run did: transfers that ended OK with the right body over HTTP/2, connections made
     * (CURLINFO_NUM_CONNECTS summed), and the first failure seen.
     */
    record Result(int ok, int failed, long connects, String firstFailure) {
    }

    private H2Load() {
    }

    static Result run(int total, int atOnce, long timeoutMs, IntFunction<? extends Fetch> make) {
        List<Fetch> running = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        long connects = 0;
        String firstFailure = null;
        try (ContractKit kit = ContractKit.real()) {
            int added = 0;
            int seen = 0;
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (seen < total) {
                while (added < total && running.size() < atOnce) {
                    Fetch f = make.apply(added++);
                    running.add(f);
                    assertEquals(CurlMCode.CURLM_OK, kit.add(f.easy()));
                }
                assertTrue(System.nanoTime() < deadline, "timed out with " + seen + " of " + total + " done");
                kit.step(50);
                for (; seen < kit.done.size(); seen++) {
                    ContractKit.Done d = kit.done.get(seen);
                    Fetch f = null;
                    for (int i = 0; i < running.size(); i++) {
                        if (running.get(i).easy() == d.easy) {
                            f = running.remove(i);
                            break;
                        }
                    }
                    assertNotNull(f, "a transfer of this run ended");
                    connects += d.easy.getinfo(CURLINFO_NUM_CONNECTS);
                    String why = d.result != CurlCode.CURLE_OK ? d.result + ": " + d.easy.errorBuffer()
                            : d.easy.getinfo(CURLINFO_HTTP_VERSION) != CURL_HTTP_VERSION_2_0 ? "not HTTP/2"
                            : !f.bodyOk() ? "a wrong body" : null;
                    if (why == null) {
                        ok++;
                    } else {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = "transfer " + seen + ": " + why;
                        }
                    }
                    kit.remove(d.easy);
                    d.easy.close();
                }
            }
            kit.assertNoViolations();
        } finally {
            running.forEach(f -> f.easy().close());
        }
        return new Result(ok, failed, connects, firstFailure);
    }
}
