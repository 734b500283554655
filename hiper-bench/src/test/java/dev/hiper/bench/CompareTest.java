package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/compare}: the fixture of {@link ChartsTest} against itself and against copies
 * changed in one row (a figure scaled, a crash), the kind of change a regression is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A copy of the fixture with each line passed through {@code edit}. */
    static Path copy(Path dir, String name, UnaryOperator<String> edit) throws Exception {
        List<String> out = new ArrayList<>();
        Files.createDirectories(dir.resolve("src-" + name));
        for (String l : Files.readAllLines(ChartsTest.fixture(dir.resolve("src-" + name)))) {
            out.add(edit.apply(l));
        }
        Path f = dir.resolve(name);
        Files.write(f, out);
        return f;
    }

    static Path fixture(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fixture"));
        return ChartsTest.fixture(dir.resolve("fixture"));
    }

    /** Scales a field of one tool's lines in one scenario. */
    static UnaryOperator<String> scale(String scenario, String tool, String field, double by) {
        return l -> {
            Map<String, Object> r = Json.parse(l);
            if (!scenario.equals(r.get("scenario")) || !tool.equals(r.get("tool"))) {
                return l;
            }
            double v = Json.num(r, field);
            return l.replaceFirst("\"" + field + "\":[0-9.]+",
                    String.format(Locale.ROOT, "\"%s\":%.4f", field, v * by));
        };
    }

    static Compare.Row row(List<Compare.Row> rows, String scenario, String tool) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.tool().equals(tool)).findFirst()
                .orElseThrow();
    }

    @Test
    void aRunAgainstItselfHasNothingWorse(@TempDir Path dir) throws Exception {
        Results r = Results.load(fixture(dir));
        List<Compare.Row> rows = Compare.rows(r, r);
        assertEquals(4 * 4 + 4 + 5, rows.size(), "every scenario and tool of the fixture");
        for (Compare.Row x : rows) {
            assertEquals(1.0, x.ratio(), 1e-9, x.toString());
            assertFalse(x.worse() || x.better(), x.toString());
        }
        String text = Compare.text(r, r, rows);
        assertTrue(text.contains("No row got worse by more than its rounds' spread."), text);
        assertEquals("requests/s", row(rows, "get1k-c16", "hiper").figure());
        assertEquals("seconds to finish", row(rows, "slow10k", "hiper").figure());
    }

    @Test
    void aFallBeyondTheSpreadIsCalledOutAndOneWithinItIsNot(@TempDir Path dir) throws Exception {
        // the old run was twice as fast for hiper at 16 and 5% faster for libcurl at 16
        Path old = copy(dir, "old.jsonl", l -> scale("get1k-c16", "libcurl", "rps", 1.05)
                .apply(scale("get1k-c16", "hiper", "rps", 2).apply(l)));
        Results before = Results.load(old);
        Results after = Results.load(fixture(dir));
        List<Compare.Row> rows = Compare.rows(before, after);
        Compare.Row hiper = row(rows, "get1k-c16", "hiper");
        assertEquals(0.5, hiper.ratio(), 1e-3);
        assertTrue(hiper.worse(), hiper.toString());
        Compare.Row curl = row(rows, "get1k-c16", "libcurl");
        assertTrue(curl.threshold() > 5, "the rounds of libcurl at 16 spread more than 5%: " + curl);
        assertFalse(curl.worse(), "a 5% fall within a larger spread is noise: " + curl);
        String text = Compare.text(before, after, rows);
        assertTrue(text.contains("Worse by more than the rounds' spread (1):"), text);
        assertTrue(text.contains("- get1k-c16, hiper: requests/s "), text);
        // one round (slow10k): no spread is known, 10% is assumed
        Compare.Row slow = row(rows, "slow10k", "jdk");
        assertTrue(slow.assumed());
        assertEquals(RowTables.SPREAD_LIMIT, slow.threshold());
    }

    @Test
    void aCrashIsWorseAndSlowerSecondsAreWorse(@TempDir Path dir) throws Exception {
        Path now = copy(dir, "new.jsonl", l -> {
            Map<String, Object> r = Json.parse(l);
            if ("get1k-c256".equals(r.get("scenario")) && "jdk".equals(r.get("tool"))) {
                return "{\"tool\":\"jdk\",\"scenario\":\"get1k-c256\",\"crashed\":true,\"exit\":137,\"round\":1}";
            }
            return scale("slow10k", "okhttp", "seconds", 1.5).apply(l);
        });
        Results before = Results.load(fixture(dir));
        Results after = Results.load(now);
        List<Compare.Row> rows = Compare.rows(before, after);
        Compare.Row jdk = row(rows, "get1k-c256", "jdk");
        assertEquals("crashed now", jdk.trouble());
        assertTrue(jdk.worse());
        Compare.Row okhttp = row(rows, "slow10k", "okhttp");
        assertEquals(1 / 1.5, okhttp.ratio(), 1e-3, "seconds: old over new");
        assertTrue(okhttp.worse());
        Compare.Row back = row(Compare.rows(after, before), "get1k-c256", "jdk");
        assertTrue(back.better(), "measured again where it crashed before: " + back);
        String text = Compare.text(before, after, rows);
        assertTrue(text.contains("- get1k-c256, jdk: requests/s") && text.contains("crashed now"), text);
    }

    @Test
    void theChartHasABarPerClientAndScenarioAndRenders(@TempDir Path dir) throws Exception {
        Path old = copy(dir, "old.jsonl", scale("get1k-c16", "hiper", "rps", 2));
        Results before = Results.load(old);
        Results after = Results.load(fixture(dir));
        List<Compare.Row> rows = Compare.rows(before, after);
        Path svg = dir.resolve("out/compare.svg");
        ChartStyle.write(Compare.chart(before, after, rows, Map.of()), svg, ChartStyle.WIDTH, 800);
        SvgCheck s = SvgCheck.parse(svg);
        List<String> plain = List.of("get1k-c1", "get1k-c16", "get1k-c256", "get1k-c1024", "slow10k", "https1k-c256");
        for (String tool : ChartsTest.CLIENTS) {
            assertEquals(plain, s.series().get(tool), tool + "'s bars");
        }
        assertEquals(List.of("slow10k"), s.series().get("hiper -Xmx64m"));
        s.assertText("new over old, above 1 is better (whisker: the rounds' spread)");
        s.assertText("scenario");
        s.assertText("Worse by more than the rounds' spread: get1k-c16 hiper.");
        s.assertText("Command: bench/compare old.jsonl " + ChartsTest.FIXTURE);
        SvgCheck.render(svg);
    }
}
