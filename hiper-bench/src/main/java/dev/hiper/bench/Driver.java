package dev.hiper.bench;

import dev.hiper.bench.drivers.AhcClient;
import dev.hiper.bench.drivers.ApacheClient;
import dev.hiper.bench.drivers.HiperClient;
import dev.hiper.bench.drivers.JdkClient;
import dev.hiper.bench.drivers.JettyClient;
import dev.hiper.bench.drivers.OkHttpClient5;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One driver run, as its own process: {@code java dev.hiper.bench.Driver tool=hiper url=...
 * concurrency=16 warmup=1 seconds=3}. Starts the tool's client, lets it work, and prints one JSON
 * line: requests, concurrency, seconds, requests/s, MiB/s, failures, process CPU seconds and CPU
 * microseconds per request over the measured window, peak RSS of the whole process, and, when
 * sampled, threads and heap in use.
 */
public final class Driver {
    /** A client under test: starts its slots and returns; see {@link Run}. */
    public interface Client extends AutoCloseable {
        void start(Run run) throws Exception;

        @Override
        void close() throws Exception;
    }

    private record Snapshot(long nanos, long ok, long failures, long bytes, long cpuNanos, long sysTicks,
            long connects, long resumed, long allocated) {
        static Snapshot of(Run r) {
            return new Snapshot(System.nanoTime(), r.ok(), r.failures(), r.bytes(), Driver.cpuNanos(), Driver.sysTicks(),
                    r.connects(), r.resumedCount(), Driver.allocatedBytes());
        }
    }

    /**
     * Bytes the live threads of this process have allocated on the heap so far (the JVM's count
     * per thread, summed), or -1 where the JVM does not count. Threads that ended between two
     * readings drop out of both, so a client that starts and ends threads per request shows less
     * than it allocated.
     */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            long sum = 0;
            for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
                if (b > 0) {
                    sum += b;
                }
            }
            return sum;
        }
        return -1;
    }

    /** The process's system (kernel) CPU time in clock ticks: field 15 of /proc/self/stat. */
    static long sysTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]); // fields counted from the state, the third
        } catch (Exception e) {
            return -1;
        }
    }

    public static void main(String[] args) throws Exception {
        Workload w = Workload.parse(args);
        Run run = new Run(w);
        String json;
        try (Client client = client(w)) {
            json = measure(run, client);
        }
        System.out.println(json);
        System.out.flush();
        // Client libraries may leave threads behind; the line is out, so leave (shutdown hooks
        // run, a profiler's recording is written), and do not wait long for the hooks.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(0);
    }

    static Client client(Workload w) throws Exception {
        if (w.ws != null) {
            return WsRows.client(w);
        }
        switch (w.tool) {
            case "hiper":
                return new HiperClient();
            case "jdk":
                return new JdkClient(w, false);
            case "hiper-jdk":
                return new JdkClient(w, true);
            case "jetty":
                return new JettyClient(w);
            case "ahc":
                return new AhcClient(w);
            case "apache":
                return new ApacheClient(w);
            case "okhttp":
                return new OkHttpClient5(w);
            case "vertx":
                return new dev.hiper.bench.drivers.VertxClient(w);
            case "reactor":
                return new dev.hiper.bench.drivers.ReactorClient(w);
            default:
                throw new IllegalArgumentException("unknown tool " + w.tool);
        }
    }

    private static String measure(Run run, Client client) throws Exception {
        Workload w = run.work;
        Snapshot a;
        Snapshot b;
        long threads = -1;
        double heap = -1;
        if (w.openLoop()) {
            return OpenLoop.measure(run, client);
        }
        if (w.ws != null && !"echo".equals(w.ws)) {
            return WsMeasure.measure(run, (dev.hiper.bench.drivers.WsClient) client);
        }
        if (w.requests <= 0) {
            a = null;
            client.start(run);
            sleep(w.warmup);
            a = Snapshot.of(run);
            sleep(w.seconds);
            b = Snapshot.of(run);
            threads = threads();
            run.stop();
            run.awaitSlots(30_000);
        } else {
            a = Snapshot.of(run);
            client.start(run);
            long deadline = System.nanoTime() + (long) (Math.max(60, w.seconds * 4) * 1e9);
            if (w.sample > 0) {
                sleep(w.sample);
                threads = threads();
                heap = heapAfterGc();
            }
            while (!run.awaitSlots(100)) {
                if (System.nanoTime() > deadline) {
                    run.failed("gave up waiting for " + run.slotsLeft() + " slots");
                    break;
                }
            }
            b = Snapshot.of(run);
        }
        double secs = (b.nanos - a.nanos) / 1e9;
        long requests = b.ok - a.ok;
        long failures = run.failures();
        double cpu = (b.cpuNanos - a.cpuNanos) / 1e9;
        // uploads count the bytes sent, downloads the body bytes received
        double mib = (w.upload > 0 ? (double) requests * w.upload : b.bytes - a.bytes) / 1048576.0;
        StringBuilder j = new StringBuilder(256);
        j.append('{');
        field(j, "tool", w.tool);
        field(j, "scenario", w.scenario);
        if (run.isUnsupported()) {
            field(j, "unsupported", true);
            field(j, "error", run.firstError());
            j.setLength(j.length() - 1);
            return j.append('}').toString();
        }
        field(j, "requests", requests);
        field(j, "concurrency", w.concurrency);
        field(j, "seconds", secs);
        field(j, "rps", requests / secs);
        field(j, "mibps", mib / secs);
        field(j, "failures", failures);
        field(j, "cpu_seconds", cpu);
        field(j, "cpu_us_per_req", requests == 0 ? -1 : cpu * 1e6 / requests);
        // heap bytes allocated per request by the whole client process (its threads and the driver's)
        field(j, "alloc_bytes_per_req", requests == 0 || a.allocated < 0 ? -1.0
                : (double) (b.allocated - a.allocated) / requests);
        // share of the CPU spent in the kernel (system calls, TCP): 100 ticks a second on Linux
        field(j, "sys_share", cpu <= 0 || a.sysTicks < 0 ? -1.0 : Math.min(1.0, (b.sysTicks - a.sysTicks) / 100.0 / cpu));
        field(j, "peak_rss_mib", peakRssMib());
        field(j, "threads", threads);
        field(j, "heap_mib", heap);
        if (w.close) {
            // the churn rows: new connections, and resumed TLS sessions when the client tells
            field(j, "connects", resumptionCounted(w.tool) ? (double) (b.connects - a.connects) : -1.0);
            field(j, "resumed", w.https() && resumptionCounted(w.tool) ? (double) (b.resumed - a.resumed) : -1.0);
        }
        return endLine(j, run);
    }

    /** Ends a driver's JSON line: the runtime, the run's first error if any, the closing brace. */
    static String endLine(StringBuilder j, Run run) {
        field(j, "runtime", "java " + System.getProperty("java.version"));
        if (run.firstError() != null) {
            field(j, "error", run.firstError());
        }
        j.setLength(j.length() - 1);
        return j.append('}').toString();
    }

    /** The Java drivers that count resumed TLS sessions: hiper alone (from its trace). */
    static boolean resumptionCounted(String tool) {
        return tool.equals("hiper");
    }

    static void field(StringBuilder j, String k, Object v) {
        j.append('"').append(k).append("\":");
        if (v instanceof String s) {
            j.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    j.append('\\').append(c);
                } else if (c < 0x20) {
                    j.append(' ');
                } else {
                    j.append(c);
                }
            }
            j.append('"');
        } else if (v instanceof Double d) {
            j.append(String.format(Locale.ROOT, "%.4f", d));
        } else {
            j.append(v);
        }
        j.append(',');
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** Heap in use after a full collection, MiB. */
    static double heapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return m.getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    static long threads() {
        return statusValue("Threads:");
    }

    static double peakRssMib() {
        return statusValue("VmHWM:") / 1024.0;
    }

    /** A number from /proc/self/status (kB for sizes). */
    private static long statusValue(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // not Linux: unknown
        }
        return -1;
    }
}
