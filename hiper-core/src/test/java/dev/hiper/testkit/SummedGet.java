package dev.hiper.testkit;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlEasy;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A GET of {@link JettyServer}'s {@code /bytes?n=SIZE&seed=SEED} whose body is summed as it
 * arrives, so a test checks it without keeping it; notes the thread of each write callback.
 */
public final class SummedGet {
    public final CurlEasy easy = CurlEasy.init();
    public final long seed;
    public final long size;
    private final CRC32 crc = new CRC32();
    private long got;

    public SummedGet(JettyServer jetty, long seed, long size) {
        this(jetty, seed, size, null);
    }

    /** {@code threads}, if not null, collects the name of every thread a write callback ran on. */
    public SummedGet(JettyServer jetty, long seed, long size, Set<String> threads) {
        this.seed = seed;
        this.size = size;
        easy.setopt(CURLOPT_URL, jetty.url("/bytes?n=" + size + "&seed=" + seed));
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
            if (threads != null) {
                threads.add(Thread.currentThread().getName());
            }
            int n = data.remaining();
            got += n;
            crc.update(data);
            return n;
        });
    }

    /** Bytes received so far. */
    public long got() {
        return got;
    }

    /** Whether exactly the expected body arrived. */
    public boolean bodyOk() {
        return got == size && crc.getValue() == JettyServer.crc32(size, seed);
    }
}
