package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket rows: their cells' commands, the drivers' lines read back, the report and the charts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WsRowsTest {
    static final String ALL = "ws-echo1k-c1,ws-echo1k-c256,ws-stream64k,ws-idle1k,ws-idle18k,wss-idle1k,wss-idle18k";

    private static Matrix matrix(String scenarios, String... more) {
        Map<String, String> a = new HashMap<>(Map.of("tools", "libcurl,hiper,hiper-jdk,jdk,okhttp,wrk,vertx,apache",
                "scenarios", scenarios, "ws", "ws://127.0.0.1:18090", "wss", "wss://127.0.0.1:18091", "ca",
                "/tmp/cert.pem", "curl", "/tmp/curl-driver", "cp", "x.jar", "mode", "full", "rounds", "3"));
        for (String kv : more) {
            a.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return new Matrix(a);
    }

    @Test
    void everyRowIsThereWithItsSizeAndNoHttpTool() {
        Matrix m = matrix(ALL);
        List<Matrix.Scenario> s = m.scenarios();
        assertEquals(List.of(ALL.split(",")), s.stream().map(Matrix.Scenario::name).toList());
        assertEquals(256, s.get(1).concurrency());
        assertEquals(1024L * 1024 * 1024 / 65536, s.get(2).requests(), "1 GiB of 64 KiB messages by default");
        assertEquals(18_000, s.get(4).concurrency());
        assertTrue(s.get(5).https() && !s.get(3).https());
        for (Matrix.Scenario x : s) {
            assertEquals(List.of("libcurl", "hiper", "hiper-jdk", "jdk", "okhttp", "apache"), m.tools(x),
                    x.name() + ": no wrk, no Vert.x, no hiper capped at 64 MiB");
        }
        assertEquals(4096, matrix("ws-stream64k", "wsstream=256").scenarios().get(0).requests());
        // every size of idle session, plain and over TLS, is in the full list; the HTTP rows are unchanged
        List<String> names = new Matrix(new HashMap<>()).scenarios().stream().map(Matrix.Scenario::name).toList();
        for (String n : List.of("ws-idle1k", "ws-idle5k", "ws-idle10k", "ws-idle18k", "wss-idle18k", "ws-stream64k")) {
            assertTrue(names.contains(n), n);
        }
        assertTrue(names.contains("ws-idle100k-h2"), "the RFC 8441 row, 100,000 sessions by default");
        assertTrue(matrix("get1k-c16").tools(new Matrix(new HashMap<>()).scenarios().get(1)).contains("wrk"));
    }

    @Test
    void theDriversGetTheirModeSizeAndServer() {
        Matrix m = matrix(ALL);
        List<Matrix.Scenario> s = m.scenarios();
        List<String> echo = m.command("hiper", s.get(1));
        assertTrue(echo.containsAll(List.of("tool=hiper", "url=ws://127.0.0.1:18090/echo", "concurrency=256", "ws=echo",
                "message=1024", "requests=0")), echo.toString());
        List<String> stream = m.command("jdk", s.get(2));
        assertTrue(stream.containsAll(List.of("ws=stream", "message=65536", "requests=16384")), stream.toString());
        List<String> idle = m.command("okhttp", s.get(6));
        assertTrue(idle.containsAll(List.of("url=wss://127.0.0.1:18091/echo", "ws=idle", "concurrency=18000",
                "ca=/tmp/cert.pem", "-Xmx2g", "-XX:SoftRefLRUPolicyMSPerMB=0")), idle.toString());
        for (String tool : List.of("libcurl", "apache")) {
            List<String> na = m.command(tool, s.get(0));
            assertEquals("echo", na.get(0), na.toString());
            Map<String, Object> line = Json.parse(na.get(1));
            assertEquals(Boolean.TRUE, line.get("unsupported"));
            assertTrue(((String) line.get("error")).contains(tool.equals("libcurl") ? "7.88.1" : "Maven Central"));
        }
        Workload w = Workload.parse(stream.subList(stream.indexOf("dev.hiper.bench.Driver") + 1, stream.size())
                .toArray(String[]::new));
        assertEquals("stream", w.ws);
        assertEquals(65536, w.message);
        assertTrue(Workload.parse(new String[] {"url=wss://127.0.0.1:1/echo"}).https());
        assertEquals(null, Workload.parse(new String[] {"url=http://127.0.0.1:1/"}).ws);
    }

    @Test
    void theHttp2RowSpreadsItsSessionsOverOneConnectionPerHundred() {
        Matrix m = matrix("ws-idle1k-h2,ws-idle100k-h2", "wsh2idle=1000,100000", "wsh2=wss://127.0.0.1:18092",
                "tools=libcurl,hiper,hiper-jdk,jdk,jetty,ahc,apache,okhttp,wrk,h2load");
        List<Matrix.Scenario> s = m.scenarios();
        assertEquals(List.of("ws-idle1k-h2", "ws-idle100k-h2"), s.stream().map(Matrix.Scenario::name).toList());
        assertEquals(List.of("ws-idle300-h2"), matrix("ws-idle300-h2", "wsh2idle=300").scenarios().stream()
                .map(Matrix.Scenario::name).toList());
        Matrix.Scenario big = s.get(1);
        assertTrue(WsRows.idle(big) && WsRows.h2(big) && !big.h2(), "an idle WebSocket row, not an HTTP/2 HTTP row");
        assertEquals(List.of("libcurl", "hiper", "hiper-jdk", "jdk", "jetty", "ahc", "apache", "okhttp"), m.tools(big));
        List<String> hiper = m.command("hiper", big);
        assertTrue(hiper.containsAll(List.of("url=wss://127.0.0.1:18092/echo", "ws=idle", "concurrency=100000",
                "requests=100000", "http2=tls", "streams=100", "connections=1000", "ca=/tmp/cert.pem", "sample=3.0")),
                hiper.toString());
        assertTrue(m.command("jetty", s.get(0)).contains("connections=10"));
        for (String tool : List.of("jdk", "hiper-jdk", "okhttp", "ahc", "libcurl", "apache")) {
            List<String> na = m.command(tool, big);
            assertEquals("echo", na.get(0), tool);
            Map<String, Object> line = Json.parse(na.get(1));
            assertEquals(Boolean.TRUE, line.get("unsupported"), tool);
            if (!tool.equals("libcurl") && !tool.equals("apache")) {
                assertTrue(((String) line.get("error")).contains("HTTP/1.1 only"), line.toString());
            }
        }
        Workload w = Workload.parse(hiper.subList(hiper.indexOf("dev.hiper.bench.Driver") + 1, hiper.size())
                .toArray(String[]::new));
        assertTrue(w.h2() && w.https() && w.connections == 1000 && w.streams == 100);
    }

    @Test
    void theReportGivesTheHttp2RowsHeapApart() {
        Matrix m = matrix("ws-idle1k,ws-idle1k-h2", "wsh2idle=1000", "tools=hiper,jdk");
        Map<String, Map<String, List<Map<String, Object>>>> r = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> plain = new LinkedHashMap<>();
        plain.put("hiper", List.of(idle("hiper", 1000, 1.5, 40)));
        r.put("ws-idle1k", plain);
        Map<String, List<Map<String, Object>>> h2 = new LinkedHashMap<>();
        h2.put("hiper", List.of(idle("hiper", 1000, 3.25, 40)));
        h2.put("jdk", List.of(Json.parse("{\"tool\":\"jdk\",\"unsupported\":true,\"error\":\"h1 only\"}")));
        r.put("ws-idle1k-h2", h2);
        String md = Report.markdown(m, m.scenarios(), m.tools(), r);
        assertTrue(md.contains("| hiper | 1.50 / - |"), md);
        assertTrue(md.contains("Over HTTP/2 (RFC 8441, at most 100 sessions a connection)"), md);
        assertTrue(md.contains("| hiper | 3.25 |"), md);
        assertTrue(md.contains("| jdk | n/a |"), md);
        assertTrue(md.contains("| hiper | 1,000 | 0 | 4.50 | 30 | 3.25 |"), md);
    }

    static Map<String, Object> echo(String tool, double rps, double cpu) {
        return Json.parse("{\"tool\":\"" + tool + "\",\"rps\":" + rps + ",\"mibps\":1,\"cpu_us_per_req\":" + cpu
                + ",\"failures\":0,\"peak_rss_mib\":90,\"threads\":20,\"concurrency\":256}");
    }

    static Map<String, Object> idle(String tool, int n, double kib, double pings) {
        return Json.parse("{\"tool\":\"" + tool + "\",\"requests\":" + n + ",\"concurrency\":" + n + ",\"sessions_open\":"
                + n + ",\"failures\":0,\"seconds\":4.5,\"heap_mib\":30,\"heap_kib_per_session\":" + kib
                + ",\"rss_kib_per_session\":" + (kib * 3) + ",\"peak_rss_mib\":120,\"threads\":22,\"pings\":" + pings
                + ",\"pongs\":" + pings + "}");
    }

    static final String NA = "{\"tool\":\"libcurl\",\"unsupported\":true,\"error\":\"no ws here\"}";

    static Map<String, Map<String, List<Map<String, Object>>>> results() {
        Map<String, Map<String, List<Map<String, Object>>>> r = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> e = new LinkedHashMap<>();
        e.put("libcurl", List.of(Json.parse(NA)));
        e.put("hiper", List.of(echo("hiper", 30000, 20), echo("hiper", 32000, 21), echo("hiper", 31000, 22)));
        e.put("hiper-jdk", List.of(echo("hiper-jdk", 20000, 40), echo("hiper-jdk", 20000, 40), echo("hiper-jdk", 20000, 40)));
        e.put("jdk", List.of(echo("jdk", 10000, 60), echo("jdk", 10000, 60), echo("jdk", 10000, 60)));
        e.put("okhttp", List.of(echo("okhttp", 12000, 50), echo("okhttp", 16000, 50), echo("okhttp", 14000, 50)));
        r.put("ws-echo1k-c256", e);
        Map<String, List<Map<String, Object>>> i = new LinkedHashMap<>();
        i.put("libcurl", List.of(Json.parse(NA)));
        i.put("hiper", List.of(idle("hiper", 1000, 1.5, 40)));
        i.put("jdk", List.of(idle("jdk", 1000, 60, 40)));
        i.put("okhttp", List.of(idle("okhttp", 1000, 19, -1)));
        r.put("ws-idle1k", i);
        Map<String, List<Map<String, Object>>> big = new LinkedHashMap<>();
        big.put("hiper", List.of(idle("hiper", 18000, 2.5, 600)));
        big.put("jdk", List.of(Json.parse("{\"tool\":\"jdk\",\"crashed\":true,\"exit\":1}")));
        r.put("ws-idle18k", big);
        Map<String, List<Map<String, Object>>> tls = new LinkedHashMap<>();
        tls.put("hiper", List.of(idle("hiper", 1000, 98.8, 40)));
        r.put("wss-idle1k", tls);
        return r;
    }

    @Test
    void theReportHasTheSummaryTheTargetsAndATablePerRow() {
        Matrix m = matrix("ws-echo1k-c256,ws-idle1k,ws-idle18k,wss-idle1k", "tools=libcurl,hiper,hiper-jdk,jdk,okhttp");
        String md = Report.markdown(m, m.scenarios(), m.tools(), results());
        // the summary: hiper against the best Java client (okhttp's median 14,000), per-round ratios' median
        assertTrue(md.contains("| WebSocket echo of 1 KiB messages, 256 sessions | 31,000 msg/s | okhttp 14,000 msg/s | "
                + "2.21 | 0.42 | 2.00 |"), md);
        assertTrue(md.contains("hiper at least 2 times the best Java client's messages/s: met (2.21)."), md);
        // heap per idle session, plain / TLS, and the 2 KiB target broken at 18,000
        assertTrue(md.contains("| hiper | 1.50 / 98.80 | 2.50 / - |"), md);
        assertTrue(md.contains("| jdk | 60 / - | crashed / - |"), md);
        assertTrue(md.contains("at most 2 KiB of heap a session at every size: not met (18,000: 2.50 KiB)."), md);
        // the rows' own tables
        assertTrue(md.contains("| hiper | 31,000 | 1.00 | 6% | 21 | 0 | 90 | 20 |"), md);
        assertTrue(md.contains("| jdk | 10,000 | 0.32 | 0% | 60 | 0 | 90 | 20 |"), md);
        assertTrue(md.contains("| hiper | 1,000 | 0 | 4.50 | 30 | 1.50 | 4.50 | 120 | 22 | 40 / 40 |"), md);
        assertTrue(md.contains("| okhttp | 1,000 | 0 | 4.50 | 30 | 19 | 57 | 120 | 22 | its own [1] |"), md);
        assertTrue(md.contains("| libcurl | n/a |"), md);
        assertTrue(md.contains("- n/a libcurl: no ws here"), md);
        // not in the HTTP summary, nor in the HTTP losses
        assertFalse(md.contains("| WebSocket echo of 1 KiB messages, 256 sessions | 31,000 req/s"), md);
        assertFalse(md.contains("hiper is slower than"), md);
    }

    @Test
    void theChartsDrawTheEchoAndTheIdleMemory(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> lines = new ArrayList<>();
        results().forEach((scenario, byTool) -> byTool.forEach((tool, rounds) -> {
            for (int i = 0; i < rounds.size(); i++) {
                String json = rounds.get(i).containsKey("unsupported") ? NA : rounds.get(i).containsKey("crashed")
                        ? "{\"tool\":\"jdk\",\"crashed\":true,\"exit\":1}" : toJson(rounds.get(i));
                lines.add(json.substring(0, json.length() - 1) + ",\"scenario\":\"" + scenario + "\",\"round\":" + (i + 1)
                        + "}");
            }
        }));
        // a second size for the echo family
        lines.add(toJson(echo("hiper", 9000, 30)).replace("}", ",\"scenario\":\"ws-echo1k-c1\",\"round\":1}"));
        Path f = dir.resolve("2026-12-07T000000Z-quick.jsonl");
        Files.write(f, lines);
        Charts c = ChartsTest.charts(f, dir.resolve("charts"));
        List<String> names = c.written.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("throughput-ws-echo1k.svg", "cpu-ws-echo1k.svg", "memory-ws-heap.svg",
                "memory-ws-rss.svg", "memory-wss-heap.svg")), names.toString());
        SvgCheck t = SvgCheck.parse(dir.resolve("charts/throughput-ws-echo1k.svg"));
        t.assertText("messages/s");
        t.assertText("WebSocket echo of 1 KiB messages");
        assertEquals(List.of("1", "256"), t.series().get("hiper"));
        SvgCheck heap = SvgCheck.parse(dir.resolve("charts/memory-ws-heap.svg"));
        heap.assertText("heap growth per session after a full GC, KiB");
        assertEquals(List.of("1000", "18000"), heap.series().get("hiper"));
        assertTrue(heap.missing().containsKey("jdk"), "the crash at 18,000 is marked");
    }

    @Test
    void whereHiperLosesNamesTheWebSocketRowsToo() {
        Matrix m = matrix("ws-stream64k,ws-idle1k", "tools=hiper,jdk,ahc");
        Map<String, Map<String, List<Map<String, Object>>>> r = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> stream = new LinkedHashMap<>();
        stream.put("hiper", List.of(Json.parse("{\"mibps\":300,\"failures\":0}")));
        stream.put("jdk", List.of(Json.parse("{\"mibps\":600,\"failures\":0}")));
        stream.put("ahc", List.of(Json.parse("{\"mibps\":200,\"failures\":0}")));
        r.put("ws-stream64k", stream);
        Map<String, List<Map<String, Object>>> idle = new LinkedHashMap<>();
        idle.put("hiper", List.of(idle("hiper", 1000, 25, 40)));
        idle.put("jdk", List.of(idle("jdk", 1000, 60, 40)));
        idle.put("ahc", List.of(idle("ahc", 1000, 5, 40)));
        r.put("ws-idle1k", idle);
        StringBuilder b = new StringBuilder();
        Report.losses(b, m.scenarios(), r);
        String md = b.toString();
        assertTrue(md.contains("1 session: hiper is slower than jdk (0.50 of its MiB/s)."), md);
        assertFalse(md.contains("slower than ahc"), md);
        assertTrue(md.contains("each pinged every 30 s: hiper holds 5.00 times ahc's heap a session."), md);
        assertFalse(md.contains("jdk's heap"), md);
    }

    @Test
    void benchCompareJudgesEachRowByItsOwnFigure() {
        assertEquals(List.of("heap_kib_per_session", "heap KiB a session", "lower"),
                List.of(Compare.figure("wss-idle5k", List.of(idle("hiper", 5000, 3, 10)))));
        assertEquals("mibps", Compare.figure("ws-stream64k", List.of(Json.parse("{\"mibps\":500}")))[0]);
        assertEquals(List.of("rps", "messages/s", "higher"),
                List.of(Compare.figure("ws-echo1k-c256", List.of(echo("hiper", 1, 1)))));
    }

    private static String toJson(Map<String, Object> r) {
        StringBuilder j = new StringBuilder("{");
        r.forEach((k, v) -> Driver.field(j, k, v));
        j.setLength(j.length() - 1);
        return j.append('}').toString();
    }
}
