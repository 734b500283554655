package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/2 rows: their scenarios, tools and commands, h2load's figures, and their report section. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2RowsTest {
    static Matrix matrix(String... kv) {
        Map<String, String> a = new HashMap<>(Map.of("h2", "https://127.0.0.1:18444", "h2c", "http://127.0.0.1:18445",
                "http", "http://127.0.0.1:18080", "https", "https://127.0.0.1:18443", "curl", "/x/curl-driver", "cp",
                "cp", "ca", "/x/cert.pem"));
        for (int i = 0; i < kv.length; i += 2) {
            a.put(kv[i], kv[i + 1]);
        }
        return new Matrix(a);
    }

    static Matrix.Scenario scenario(Matrix m, String name) {
        return m.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theRowsAndTheirTools() {
        Matrix m = matrix();
        List<String> names = m.scenarios().stream().map(Matrix.Scenario::name).toList();
        assertTrue(names.containsAll(List.of("h2-https1k-c256", "download100m-h2", "h2c1k-c16", "slow100k-h2")), names.toString());
        Matrix.Scenario get = scenario(m, "h2-https1k-c256");
        assertEquals("tls", get.http2());
        assertEquals(256, get.concurrency());
        List<String> tools = m.tools(get);
        assertTrue(tools.contains(H2Rows.H2LOAD) && tools.contains("ahc") && tools.contains("jetty"), tools.toString());
        assertFalse(tools.contains("wrk"), tools.toString());
        assertTrue(tools.contains("vertx") && tools.contains("reactor"), tools.toString());
        assertEquals(List.of("libcurl", "hiper", H2Rows.H2LOAD), m.tools(scenario(m, "download100m-h2")));
        // counted: no h2load, and no capped hiper (100,000 transfers do not fit 64 MiB)
        assertEquals(List.of("libcurl", "hiper"), m.tools(scenario(m, "slow100k-h2")));
        assertFalse(m.tools(scenario(m, "https1k-c256")).contains(H2Rows.H2LOAD));
        assertFalse(m.tools(scenario(m, "https1k-c256")).contains("vertx"), "HTTP/2 only");
        assertFalse(m.tools(scenario(m, "https1k-c256")).contains("reactor"), "HTTP/2 only");
        assertTrue(m.tools(scenario(m, "https1k-c256")).contains("wrk"));

        Matrix small = matrix("h2slow", "2000", "scenarios", "slow2k-h2");
        Matrix.Scenario slow = small.scenarios().get(0);
        assertEquals(List.of("slow2k-h2"), small.scenarios().stream().map(Matrix.Scenario::name).toList());
        assertEquals(2000, slow.concurrency());
        assertEquals(2000, slow.requests());
        assertEquals(H2Rows.SLOW_STREAMS, slow.streams());
        assertTrue(small.command("hiper", slow).contains("-Xmx2g"), small.command("hiper", slow).toString());
        // about one connection per 100 transfers: 20 for 2,000, 1,000 for 100,000
        assertTrue(small.command("hiper", slow).contains("connections=20"), small.command("hiper", slow).toString());
        assertEquals(1000, H2Rows.connections(scenario(m, "slow100k-h2")));
        assertFalse(m.command("hiper", get).stream().anyMatch(x -> x.startsWith("connections=")));
    }

    @Test
    void driversGetTheServerAndTheProtocol() {
        Matrix m = matrix();
        List<String> hiper = m.command("hiper", scenario(m, "h2-https1k-c256"));
        assertTrue(hiper.contains("url=https://127.0.0.1:18444/1k"), hiper.toString());
        assertTrue(hiper.contains("http2=tls") && hiper.contains("streams=256") && hiper.contains("ca=/x/cert.pem"),
                hiper.toString());
        List<String> curl = m.command("libcurl", scenario(m, "h2c1k-c16"));
        assertEquals("/x/curl-driver", curl.get(0));
        assertTrue(curl.contains("url=http://127.0.0.1:18445/1k") && curl.contains("http2=prior"), curl.toString());
        // the HTTP/1.1 rows are as they were
        List<String> h1 = m.command("hiper", scenario(m, "https1k-c256"));
        assertTrue(h1.contains("url=https://127.0.0.1:18443/1k"), h1.toString());
        assertFalse(h1.stream().anyMatch(x -> x.startsWith("http2=")), h1.toString());
        // n/a without starting the client
        assertTrue(m.command("ahc", scenario(m, "h2-https1k-c256")).get(1).contains("\"unsupported\":true"));
        assertTrue(m.command("jdk", scenario(m, "h2c1k-c16")).get(1).contains("no h2c prior knowledge"));
        assertFalse(String.join(" ", m.command("jdk", scenario(m, "h2-https1k-c256"))).contains("unsupported"));
    }

    /** The shell around h2load, run on a stand-in that prints what h2load 1.52 prints. */
    @Test
    void h2loadsOutputBecomesADriverLine(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("h2load");
        Path args = dir.resolve("args");
        Files.writeString(fake, String.join("\n", "#!/bin/sh",
                "echo \"$@\" >> " + args,
                "echo 'starting benchmark...'",
                "echo 'finished in 2.00s, 50000.00 req/s, 52.00MB/s'",
                "echo 'requests: 100000 total, 100010 started, 100000 done, 99990 succeeded, 10 failed, 10 errored, 0 timeout'",
                "echo 'status codes: 99990 2xx, 0 3xx, 0 4xx, 0 5xx'",
                "echo 'traffic: 100.00MB (104857600) total, 1.00MB (1048576) headers (space savings 90.00%), 97.66MB (102400000) data'",
                ""), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Matrix m = matrix("h2load", fake.toString(), "warmup", "1", "seconds", "2");
        Matrix.Scenario s = scenario(m, "h2-https1k-c256");
        List<String> cmd = new ArrayList<>();
        assertTrue(H2Rows.command(m, s, H2Rows.H2LOAD, cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> calls = Files.readAllLines(args);
        assertEquals(2, calls.size(), "a warm-up, then the measured run: " + calls);
        assertEquals("-t1 -c1 -m256 -D2 https://127.0.0.1:18444/1k", calls.get(1));
        Map<String, Object> r = Json.parse(H2Rows.line(out, s));
        assertEquals(H2Rows.H2LOAD, r.get("tool"));
        assertEquals(99990.0, Json.num(r, "requests"));
        assertEquals(49995.0, Json.num(r, "rps"));
        assertEquals(10.0, Json.num(r, "failures"));
        assertEquals(50.0, Json.num(r, "mibps"));
        assertTrue(Json.num(r, "cpu_seconds") >= 0, out);
        // a crash line passes through
        assertEquals("{\"crashed\":true}", H2Rows.line("{\"crashed\":true}", s));
    }

    @Test
    void theReportSectionGivesTheRatiosTheCeilingAndTheTargets() {
        Matrix m = matrix("scenarios", "https1k-c256,h2-https1k-c256,download100m-h2,slow2k-h2", "h2slow", "2000",
                "tools", "libcurl,hiper,jetty,okhttp,ahc,reactor,wrk,h2load");
        Map<String, Map<String, List<Map<String, Object>>>> results = new LinkedHashMap<>();
        results.put("https1k-c256", Map.of(
                "libcurl", List.of(Json.parse("{\"rps\":1000,\"cpu_us_per_req\":10}")),
                "hiper", List.of(Json.parse("{\"rps\":1100,\"cpu_us_per_req\":9}"))));
        Map<String, List<Map<String, Object>>> get = new LinkedHashMap<>();
        get.put("libcurl", List.of(Json.parse("{\"rps\":20000,\"cpu_us_per_req\":40}")));
        get.put("hiper", List.of(Json.parse("{\"rps\":30000,\"cpu_us_per_req\":50}")));
        get.put("jetty", List.of(Json.parse("{\"rps\":12000,\"cpu_us_per_req\":90}")));
        get.put("okhttp", List.of(Json.parse("{\"rps\":10000,\"cpu_us_per_req\":80}")));
        get.put("reactor", List.of(Json.parse("{\"rps\":11000,\"cpu_us_per_req\":85}")));
        get.put("ahc", List.of(Json.parse("{\"unsupported\":true,\"error\":\"AsyncHttpClient 3 has no HTTP/2\"}")));
        get.put(H2Rows.H2LOAD, List.of(Json.parse("{\"rps\":60000,\"cpu_us_per_req\":8}")));
        results.put("h2-https1k-c256", get);
        results.put("download100m-h2", Map.of(
                "libcurl", List.of(Json.parse("{\"mibps\":400,\"cpu_us_per_req\":-1}")),
                "hiper", List.of(Json.parse("{\"mibps\":300,\"cpu_us_per_req\":-1}"))));
        results.put("slow2k-h2", Map.of(
                "libcurl", List.of(Json.parse("{\"seconds\":10,\"peak_rss_mib\":100,\"heap_mib\":-1}")),
                "hiper", List.of(Json.parse("{\"seconds\":8,\"peak_rss_mib\":150,\"heap_mib\":20}"))));
        String md = Report.markdown(m, m.scenarios(), m.tools(), results);
        String row = md.lines().filter(l -> l.startsWith("| HTTP/2 over TLS, 1 KiB GET, 256 at once | 30,000")).findFirst()
                .orElseThrow(() -> new AssertionError(md));
        // hiper / libcurl 1.5, best Java jetty (ahc n/a), 30000 / 12000, CPU 50 / 40, h2load, hiper / h2load
        assertEquals("| HTTP/2 over TLS, 1 KiB GET, 256 at once | 30,000 req/s | 20,000 req/s | 1.50 | jetty 12,000 req/s "
                + "| 2.50 | 1.25 | 60,000 req/s | 0.50 |", row);
        assertTrue(md.contains("over the best Java client's (jetty) 2.50 (at least 2: **met**)"), md);
        assertTrue(md.contains("CPU per request over libcurl's 1.25 (at most 1: **not met**)"), md);
        assertTrue(md.contains("MiB/s over libcurl's 0.75 (at least 1: **not met**)"), md);
        // 20 MiB of heap over 2,000 transfers
        assertTrue(md.contains("hiper 10.2 KiB of heap"), md);
        assertTrue(md.contains("libcurl 51.2 KiB of peak RSS"), md);
        // the HTTP/1.1 summary keeps its rows, without the HTTP/2 ones; h2load is no client that hiper loses to
        int h1 = md.indexOf("### hiper against libcurl and the best Java client");
        int h2 = md.indexOf("### HTTP/2: hiper against libcurl");
        assertTrue(h1 >= 0 && h2 > h1, md);
        assertFalse(md.substring(h1, h2).contains("HTTP/2 over TLS"), md);
        assertFalse(md.contains("slower than h2load"), md);
        assertTrue(md.contains("hiper spends 1.25 times libcurl's CPU per request"), md);
        // the row's own table lists h2load, and ahc as n/a
        assertTrue(md.contains("| h2load | 60,000 |"), md);
        assertTrue(md.contains("| ahc | n/a |"), md);
    }

    @Test
    void chartsDrawH2loadAsTheDashedCeilingAndNameTheFamilies() {
        assertEquals(ChartStyle.colour("wrk"), ChartStyle.colour(H2Rows.H2LOAD));
        assertFalse(ChartStyle.colour("vertx").equals(ChartStyle.colour("reactor")));
        assertFalse(java.awt.Color.GRAY.equals(ChartStyle.colour("vertx")));
        assertTrue(ChartStyle.stroke(H2Rows.H2LOAD).getDashArray() != null);
        assertTrue(ChartStyle.stroke("hiper").getDashArray() == null);
        assertEquals("HTTP/2 over TLS, GET of 1 KiB", Charts.familyTitle("h2-https1k"));
        assertEquals("h2c (nghttpd), GET of 1 KiB", Charts.familyTitle("h2c1k"));
        assertEquals("slow2k-h2", H2Rows.slowName(2000));
        assertEquals("slow100k-h2", H2Rows.slowName(100_000));
    }
}
