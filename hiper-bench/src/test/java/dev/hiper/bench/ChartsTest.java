package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts of a results file. The fixture is cut from a real run
 * ({@code bench/results/2026-11-22T064216Z-full.jsonl}: three rounds of four clients, written
 * before the lines carried {@code round} and the load average); the tests that need what it
 * lacks (the load fields, a crash, the open loop) derive their lines from it or say so.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChartsTest {
    static final String FIXTURE = "2026-11-22T064216Z-full.jsonl";
    static final List<String> CLIENTS = List.of("libcurl", "hiper", "jdk", "okhttp");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Path fixture(Path dir) throws Exception {
        Path f = dir.resolve(FIXTURE);
        try (var in = ChartsTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, f);
        }
        return f;
    }

    static Charts charts(Path results, Path out) throws Exception {
        Charts c = new Charts(Results.load(results), out, Map.of("machine", "the test's machine", "command",
                "bench/charts " + results.getFileName()));
        c.all();
        return c;
    }

    static Map<String, List<String>> each(List<String> tools, String... xs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        tools.forEach(t -> m.put(t, List.of(xs)));
        return m;
    }

    @Test
    void everyChartOfTheFixtureParsesHasItsSeriesAndRenders(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("charts");
        Charts c = charts(fixture(dir), out);
        List<String> names = c.written.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("throughput-get1k.svg", "cpu-get1k.svg", "throughput-https1k.svg", "cpu-https1k.svg",
                "memory-rss.svg", "memory-heap.svg"), names);

        SvgCheck t = SvgCheck.parse(out.resolve("throughput-get1k.svg"));
        t.assertSeries(each(CLIENTS, "1", "16", "256", "1024"));
        t.assertText("requests/s (log scale)");
        t.assertText("concurrency, requests in flight (log scale)");
        t.assertText("HTTP/1.1, GET of 1 KiB");

        SvgCheck cpu = SvgCheck.parse(out.resolve("cpu-get1k.svg"));
        cpu.assertSeries(each(CLIENTS, "1", "16", "256", "1024"));
        cpu.assertText("process CPU per request, µs");

        SvgCheck https = SvgCheck.parse(out.resolve("throughput-https1k.svg"));
        https.assertSeries(each(CLIENTS, "256"));
        https.assertText("HTTPS (HTTP/1.1)");

        List<String> slow = List.of("libcurl", "hiper", "hiper -Xmx64m", "jdk", "okhttp");
        SvgCheck rss = SvgCheck.parse(out.resolve("memory-rss.svg"));
        rss.assertSeries(each(slow, "10000"));
        rss.assertText("peak resident set size, MiB");
        rss.assertText("slow transfers open at once (log scale)");
        SvgCheck heap = SvgCheck.parse(out.resolve("memory-heap.svg"));
        heap.assertSeries(each(slow.subList(1, slow.size()), "10000"));
        heap.assertText("heap in use after a full GC, MiB");

        for (Path p : c.written) {
            SvgCheck s = SvgCheck.parse(p);
            s.assertText("Run: 2026-11-22 06:42 UTC, full mode (" + FIXTURE + ")");
            s.assertText("Machine: the test's machine.");
            s.assertText("Command: bench/charts " + FIXTURE);
            s.assertText("Load average not recorded in this results file.");
            s.assertText("bar: the lowest to the highest round");
            assertTrue(s.missing().isEmpty(), p + ": every client finished every cell of the fixture");
            SvgCheck.render(p);
        }
    }

    @Test
    void oneColourPerClientFromThePalette(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("charts");
        charts(fixture(dir), out);
        Set<String> seen = new HashSet<>();
        for (String file : List.of("throughput-get1k.svg", "memory-rss.svg")) {
            SvgCheck s = SvgCheck.parse(out.resolve(file));
            for (String tool : s.series().keySet()) {
                Color c = ChartStyle.colour(tool);
                assertEquals("rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")", s.fill(tool),
                        file + ": " + tool + "'s colour");
                assertNotEquals(Color.GRAY, c, tool + " has no colour of its own");
                seen.add(tool.replace(" -Xmx64m", "") + "=" + s.fill(tool));
            }
        }
        assertEquals(4, seen.stream().map(x -> x.substring(x.indexOf('='))).distinct().count(),
                "libcurl, hiper, jdk and okhttp have four colours, the same in every chart: " + seen);
    }

    /** The current harness's fields, and a crash: the fixture's lines with what the new harness adds. */
    @Test
    void roundsAndLoadOfTheCurrentHarnessAndACrashMarkedAtItsPoint(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        double load = 0.25; // a made-up load average, increasing line by line, to check the caption
        for (String l : Files.readAllLines(fixture(dir))) {
            Map<String, Object> r = Json.parse(l);
            String key = r.get("scenario") + "/" + r.get("tool");
            int round = seen.merge(key, 1, Integer::sum);
            if (key.equals("get1k-c1024/jdk")) {
                l = "{\"tool\":\"jdk\",\"scenario\":\"get1k-c1024\",\"crashed\":true,\"exit\":137}";
            }
            if (!key.startsWith("get1k-")) {
                continue;
            }
            lines.add(l.substring(0, l.lastIndexOf('}')) + String.format(java.util.Locale.ROOT,
                    ",\"round\":%d,\"pinned\":true,\"load_before\":%.2f,\"load_after\":%.2f}", round, load,
                    load + 0.01));
            load += 0.01;
        }
        Path f = dir.resolve("2026-12-01T101010Z-full.jsonl");
        Files.write(f, lines);
        Path out = dir.resolve("charts");
        Charts c = charts(f, out);
        assertEquals(2, c.written.size());
        SvgCheck t = SvgCheck.parse(out.resolve("throughput-get1k.svg"));
        Map<String, List<String>> expected = each(CLIENTS, "1", "16", "256", "1024");
        expected.put("jdk", List.of("1", "16", "256"));
        t.assertSeries(expected);
        assertEquals(Map.of("jdk", List.of("1024")), t.missing());
        t.assertText("✕ jdk: crashed");
        t.assertText("Load average (1 min) 0.25 before, " + String.format(java.util.Locale.ROOT, "%.2f", load)
                + " after, " + String.format(java.util.Locale.ROOT, "%.2f", load) + " at most.");
        t.assertText("Run: 2026-12-01 10:10 UTC, full mode");
        SvgCheck.render(out.resolve("throughput-get1k.svg"));
    }

    /** wrk's lines: no real results file has them yet, so these are made up. */
    @Test
    void wrkIsADashedLineOfItsOwn(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(fixture(dir)));
        for (int c : new int[] {1, 16, 256, 1024}) {
            lines.add("{\"tool\":\"wrk\",\"scenario\":\"get1k-c" + c + "\",\"requests\":1000,\"concurrency\":" + c
                    + ",\"seconds\":1.0,\"rps\":1000.0,\"mibps\":1.0,\"failures\":0,\"cpu_us_per_req\":10.0}");
        }
        lines.add("{\"tool\":\"wrk\",\"scenario\":\"slow10k\",\"unsupported\":true,\"error\":\"no counted run\"}");
        Path f = dir.resolve("2026-12-01T101010Z-full.jsonl");
        Files.write(f, lines);
        Path out = dir.resolve("charts");
        charts(f, out);
        for (String chart : List.of("throughput-get1k.svg", "cpu-get1k.svg")) {
            SvgCheck s = SvgCheck.parse(out.resolve(chart));
            assertEquals(List.of("1", "16", "256", "1024"), s.series().get("wrk"), chart);
            assertTrue(Files.readString(out.resolve(chart)).contains("stroke-dasharray"), chart + ": a dashed line");
            s.assertText("Dashed wrk line");
        }
        SvgCheck rss = SvgCheck.parse(out.resolve("memory-rss.svg"));
        assertTrue(!rss.series().containsKey("wrk") && rss.missing().isEmpty(), "wrk has no memory point");
    }

    /** The open loop's rows: no real results file has them yet, so these lines are made up. */
    @Test
    void latencyPercentilesOfAnOpenLoopRow(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        String[] tools = {"libcurl", "hiper", "jetty", "okhttp"};
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < tools.length; i++) {
                double base = 100 * (i + 1) + round;
                lines.add(String.format(java.util.Locale.ROOT, "{\"tool\":\"%s\",\"scenario\":\"open1k-r1000\","
                        + "\"rate\":1000.0,\"requests\":2000,\"rps\":1000.0,\"failures\":0,\"p50_us\":%.1f,"
                        + "\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f,\"drain_ms\":1.0,\"sustained\":true,"
                        + "\"cpu_us_per_req\":20.0,\"round\":%d,\"load_before\":0.1,\"load_after\":0.2}",
                        tools[i], base, base * 3, base * 9, base * 40, round));
            }
        }
        Path f = dir.resolve("2026-12-01T101010Z-quick.jsonl");
        Files.write(f, lines);
        Path out = dir.resolve("charts");
        Charts c = charts(f, out);
        assertEquals(List.of(out.resolve("latency-open1k-r1000.svg")), c.written);
        SvgCheck s = SvgCheck.parse(c.written.get(0));
        s.assertSeries(each(List.of(tools), "0", "1", "2", "3"));
        s.assertText("latency, µs (log scale)");
        s.assertText("percentile of the latency (from the intended send time)");
        s.assertText("p99.9");
        s.assertText("Open loop at 1,000 requests/s");
        SvgCheck.render(c.written.get(0));
    }
}
