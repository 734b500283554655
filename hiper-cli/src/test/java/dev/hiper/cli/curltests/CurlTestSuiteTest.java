package dev.hiper.cli.curltests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl's own test cases of the plain tier, run against hiper as curl's harness runs them
 * against curl. A regression in the command line or the engine lowers the number that pass and
 * fails this test; none may hang (each case is stopped after {@link CurlTests#CASE_TIMEOUT_MS}
 * and counted as failed).
 */
class CurlTestSuiteTest {
    /** The plain-tier cases that pass today; raise it when more do. */
    static final int PLAIN_TIER_PASSING = 235;
    /** The cases that need the harness's HTTP, HTTPS or SOCKS proxy and pass today (of 36). */
    static final int PROXY_CASES_PASSING = 28;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void plainTierPasses(@TempDir Path work) throws Exception {
        Path data = CurlTests.defaultDataDir();
        List<Integer> tests = CurlTests.list(data, "plain-tier.txt");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CurlTests.Summary s;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            s = CurlTests.run(data, work, tests, 4, out, false);
        }
        String report = log.toString(StandardCharsets.UTF_8) + s.line();
        System.out.println(report);
        Files.writeString(Path.of("target", "curl-tests-plain.txt"), report);
        assertTrue(s.outcomes().stream().noneMatch(o -> o.detail().startsWith("hung")), "a case hung:\n" + report);
        assertTrue(s.passed() >= PLAIN_TIER_PASSING,
                "only " + s.passed() + " of " + tests.size() + " plain-tier cases pass (expected at least "
                        + PLAIN_TIER_PASSING + "):\n" + report);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void proxyCasesPass(@TempDir Path work) throws Exception {
        Path data = CurlTests.defaultDataDir();
        List<Integer> tests = CurlTests.proxyCases(data);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CurlTests.Summary s;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            s = CurlTests.run(data, work, tests, 4, out, false);
        }
        String report = log.toString(StandardCharsets.UTF_8) + s.line();
        System.out.println(report);
        assertTrue(s.outcomes().stream().noneMatch(o -> o.detail().startsWith("hung")), "a case hung:\n" + report);
        assertTrue(s.passed() >= PROXY_CASES_PASSING,
                "only " + s.passed() + " of " + tests.size() + " proxy cases pass (expected at least "
                        + PROXY_CASES_PASSING + "):\n" + report);
    }
}
