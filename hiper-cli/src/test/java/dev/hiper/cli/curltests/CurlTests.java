package dev.hiper.cli.curltests;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs curl's test cases against {@code hiper} and prints {@code N passed, N failed, N skipped},
 * with the reason of every failure and skip.
 *
 * <p>{@code CurlTests [plain|all|ws|proxy|NUMBER...] [--jobs N] [--data DIR] [--work DIR] [-v]}: the
 * plain tier ({@code plain-tier.txt}), the whole list ({@code http-tests.txt}), the WebSocket
 * cases, the cases of the whole list that need a proxy server of the harness (HTTP, HTTPS or
 * SOCKS proxy), or the given cases.
 * Cases run in parallel on {@code --jobs} threads (default 4), each with a server of its own.
 */
public final class CurlTests {
    /** Each case is stopped after this long and counted as failed (hung). */
    static final long CASE_TIMEOUT_MS = 60_000;

    private CurlTests() {
    }

    /** The summary of a run. */
    record Summary(List<CaseRunner.Outcome> outcomes) {
        long count(CaseRunner.Outcome.Kind k) {
            return outcomes.stream().filter(o -> o.kind() == k).count();
        }

        long passed() {
            return count(CaseRunner.Outcome.Kind.PASS);
        }

        long failed() {
            return count(CaseRunner.Outcome.Kind.FAIL);
        }

        long skipped() {
            return count(CaseRunner.Outcome.Kind.SKIP);
        }

        String line() {
            return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
        }
    }

    /** Where the test data lives: the project's copy. */
    static Path defaultDataDir() {
        for (Path p : new Path[] {Path.of("src/test/curl-tests"), Path.of("hiper-cli/src/test/curl-tests")}) {
            if (Files.isDirectory(p.resolve("data"))) {
                return p.toAbsolutePath();
            }
        }
        return Path.of("hiper-cli/src/test/curl-tests").toAbsolutePath();
    }

    static List<Integer> list(Path dir, String name) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(name))) {
            String s = line.trim();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(Integer.parseInt(s));
            }
        }
        return out;
    }

    /** The cases of the whole list whose {@code <server>} names a proxy of the harness. */
    static List<Integer> proxyCases(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int n : list(dir, "http-tests.txt")) {
            Path f = dir.resolve("data").resolve("test" + n);
            if (Files.exists(f) && TestFile.parse(Files.readAllBytes(f)).words("client", "server").stream()
                    .anyMatch(s -> s.startsWith("http-proxy") || s.startsWith("https-proxy") || s.startsWith("socks"))) {
                out.add(n);
            }
        }
        return out;
    }

    static Summary run(Path dataDir, Path work, List<Integer> tests, int jobs, PrintStream log, boolean verbose)
            throws Exception {
        Files.createDirectories(work);
        Set<String> features = CaseRunner.hiperFeatures();
        CaseRunner runner = new CaseRunner(dataDir.resolve("data"), work, features, CASE_TIMEOUT_MS);
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "curl-test");
            t.setDaemon(true);
            return t;
        });
        List<Future<CaseRunner.Outcome>> futures = new ArrayList<>();
        for (int n : tests) {
            futures.add(pool.submit(() -> runner.run(n)));
        }
        List<CaseRunner.Outcome> outcomes = new ArrayList<>();
        for (Future<CaseRunner.Outcome> f : futures) {
            CaseRunner.Outcome o = f.get();
            outcomes.add(o);
            if (o.kind() != CaseRunner.Outcome.Kind.PASS || verbose) {
                log.println("test " + o.test() + ": " + o.kind() + (o.detail().isEmpty() ? "" : " - " + o.detail())
                        + (verbose ? " (" + o.millis() + " ms)" : ""));
            }
        }
        pool.shutdownNow();
        outcomes.sort(Comparator.comparingInt(CaseRunner.Outcome::test));
        return new Summary(outcomes);
    }

    public static void main(String[] args) throws Exception {
        Path data = defaultDataDir();
        Path work = null;
        int jobs = 4;
        boolean verbose = false;
        String which = "plain";
        List<Integer> explicit = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "-v" -> verbose = true;
                case "plain", "all", "ws", "proxy" -> which = args[i];
                default -> explicit.add(Integer.parseInt(args[i]));
            }
        }
        List<Integer> tests = !explicit.isEmpty() ? explicit : which.equals("proxy") ? proxyCases(data)
                : list(data, which.equals("all") ? "http-tests.txt" : which.equals("ws") ? "ws-tests.txt"
                        : "plain-tier.txt");
        if (work == null) {
            // a directory of this run's own: two runs at once on one machine must not share logs
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "hiper-curl-tests");
            Files.createDirectories(base);
            work = Files.createTempDirectory(base, "run-");
        }
        long t0 = System.nanoTime();
        Summary s = run(data, work, tests, jobs, System.out, verbose);
        System.out.println("logs: " + work);
        System.out.println(s.line() + " (" + (System.nanoTime() - t0) / 1_000_000_000 + " s)");
        System.exit(s.failed() == 0 ? 0 : 1);
    }
}
