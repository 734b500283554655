package dev.hiper.bench;

import dev.hiper.bench.drivers.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The measurement of the WebSocket rows that are not timed like requests (the echo rows are, by
 * {@link Driver}): the stream and the idle sessions. Prints the driver's one JSON line.
 *
 * <ul>
 *   <li>{@code stream}: opens one session, streams for the warm-up (requests of
 *       {@link #WARMUP_MESSAGES} messages each, until the warm-up time is over), then asks for
 *       {@code requests} messages and measures from the request to their last byte: MiB/s,
 *       messages/s, CPU per message and per MiB.
 *   <li>{@code idle}: opens one session alone, reads the heap after a full GC and the resident
 *       set (what the client made for that first session, its one-time set-up included, is
 *       {@code heap_first_session_kib}), opens the other {@code concurrency - 1} sessions
 *       ({@link WsClient#OPEN_WINDOW} upgrades at a time), then holds them: every 100 ms a 300th of
 *       them is pinged, so each once every 30 s. {@code sample} seconds after the last opened, the
 *       heap after a full GC and the resident set again: their growth over those sessions is the
 *       memory of an idle session. The hold lasts {@code seconds} in all (at least the sample);
 *       pings sent and pongs seen are counted.
 * </ul>
 */
final class WsMeasure {
    /** Messages of one warm-up request of the stream row (16 MiB at 64 KiB). */
    static final long WARMUP_MESSAGES = 256;
    /** The ping tick, ms: {@link WsClient#PING_TICKS} ticks make the 30 s period. */
    static final long TICK_MS = 100;

    private WsMeasure() {
    }

    static String measure(Run run, WsClient client) throws Exception {
        Workload w = run.work;
        StringBuilder j = new StringBuilder(256).append('{');
        Driver.field(j, "tool", w.tool);
        Driver.field(j, "scenario", w.scenario);
        if ("stream".equals(w.ws)) {
            stream(run, client, j);
        } else {
            idle(run, client, j);
        }
        Driver.field(j, "peak_rss_mib", Driver.peakRssMib());
        return Driver.endLine(j, run);
    }

    private static void stream(Run run, WsClient client, StringBuilder j) throws Exception {
        Workload w = run.work;
        client.start(run);
        if (!client.awaitOpen(60_000) || client.openCount() == 0) {
            run.failed("the session did not open");
        }
        long warmEnd = System.nanoTime() + (long) (w.warmup * 1e9);
        while (client.openCount() > 0 && System.nanoTime() < warmEnd) {
            if (!client.stream(WARMUP_MESSAGES, 60_000)) {
                run.failed("the warm-up stream did not end");
                break;
            }
        }
        long ok0 = run.ok();
        long bytes0 = run.bytes();
        long cpu0 = Driver.cpuNanos();
        long t0 = System.nanoTime();
        boolean done = client.openCount() > 0 && client.stream(w.requests, 600_000);
        long t1 = System.nanoTime();
        long cpu1 = Driver.cpuNanos();
        if (!done) {
            run.failed("the stream did not end");
        }
        double secs = (t1 - t0) / 1e9;
        long messages = run.ok() - ok0;
        double mib = (run.bytes() - bytes0) / 1048576.0;
        double cpu = (cpu1 - cpu0) / 1e9;
        Driver.field(j, "requests", messages);
        Driver.field(j, "concurrency", 1);
        Driver.field(j, "seconds", secs);
        Driver.field(j, "rps", messages / secs);
        Driver.field(j, "mibps", mib / secs);
        Driver.field(j, "failures", run.failures());
        Driver.field(j, "cpu_seconds", cpu);
        Driver.field(j, "cpu_us_per_req", messages == 0 ? -1.0 : cpu * 1e6 / messages);
        Driver.field(j, "cpu_ms_per_mib", mib <= 0 ? -1.0 : cpu * 1e3 / mib);
        Driver.field(j, "threads", Driver.threads());
        Driver.field(j, "heap_mib", -1.0);
    }

    private static void idle(Run run, WsClient client, StringBuilder j) throws Exception {
        Workload w = run.work;
        int n = w.concurrency;
        double heapBefore = Driver.heapAfterGc();
        long cpu0 = Driver.cpuNanos();
        if (!client.startFirst(run, 60_000) || client.openCount() != 1) {
            run.failed("the first session did not open");
        }
        double heap0 = Driver.heapAfterGc(); // from one session open: what the client makes once is not the sessions'
        double rss0 = rssMib();
        long t0 = System.nanoTime();
        client.startRest();
        boolean all = client.awaitOpen((long) (Math.max(120, n / 50.0) * 1000));
        double openSecs = (System.nanoTime() - t0) / 1e9;
        if (!all) {
            run.failed("gave up waiting for " + (n - client.openCount() - client.openFailures()) + " sessions to open");
        }
        long holdStart = System.nanoTime();
        long sampleAt = holdStart + (long) (Math.max(0, w.sample) * 1e9);
        long holdEnd = holdStart + (long) (Math.max(w.seconds, w.sample) * 1e9);
        long tick = 0;
        double heap = -1;
        double rss = -1;
        long threads = -1;
        while (true) {
            long now = System.nanoTime();
            if (heap < 0 && now >= sampleAt) {
                threads = Driver.threads();
                heap = Driver.heapAfterGc();
                rss = rssMib();
            }
            if (now >= holdEnd && heap >= 0) {
                break;
            }
            if (!client.pingsItself()) {
                client.pingTick(tick++);
            }
            Thread.sleep(TICK_MS);
        }
        double cpu = (Driver.cpuNanos() - cpu0) / 1e9;
        int opened = client.openCount();
        Driver.field(j, "requests", (long) n);
        Driver.field(j, "concurrency", n);
        Driver.field(j, "sessions_open", opened);
        Driver.field(j, "failures", run.failures());
        Driver.field(j, "seconds", openSecs);
        Driver.field(j, "rps", opened / openSecs);
        Driver.field(j, "cpu_seconds", cpu);
        Driver.field(j, "threads", threads);
        Driver.field(j, "heap_base_mib", heap0);
        Driver.field(j, "heap_first_session_kib", (heap0 - heapBefore) * 1024);
        Driver.field(j, "heap_mib", heap);
        Driver.field(j, "heap_kib_per_session", opened <= 1 ? -1.0 : (heap - heap0) * 1024 / (opened - 1));
        Driver.field(j, "rss_kib_per_session", opened <= 1 || rss < 0 ? -1.0 : (rss - rss0) * 1024 / (opened - 1));
        Driver.field(j, "pings", client.pingsItself() ? -1L : client.pings());
        Driver.field(j, "pongs", client.pingsItself() ? -1L : client.pongs());
    }

    /** The resident set now (VmRSS), MiB; -1 where unknown. */
    static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
