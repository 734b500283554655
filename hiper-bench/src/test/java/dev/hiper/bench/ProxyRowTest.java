package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The row through the CONNECT proxy: its cells' commands, and its report section beside the direct row. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProxyRowTest {
    private static Matrix matrix() {
        return new Matrix(new HashMap<>(Map.of("tools", "libcurl,hiper,jdk,wrk", "scenarios",
                "https1k-c16,proxy-https1k-c16", "https", "https://127.0.0.1:18443", "ca", "/tmp/cert.pem",
                "proxy", "http://127.0.0.1:18088", "curl", "/tmp/curl-driver", "cp", "x.jar")));
    }

    @Test
    void theProxyRowSendsEveryClientThroughTheProxyAndTheDirectRowDoesNot() {
        Matrix m = matrix();
        List<Matrix.Scenario> scenarios = m.scenarios();
        assertEquals(List.of("https1k-c16", "proxy-https1k-c16"), scenarios.stream().map(Matrix.Scenario::name).toList());
        Matrix.Scenario direct = scenarios.get(0);
        Matrix.Scenario proxied = scenarios.get(1);
        assertFalse(direct.proxied());
        assertTrue(proxied.proxied());
        assertEquals(16, proxied.concurrency());
        assertTrue(proxied.https());
        assertEquals(List.of("libcurl", "hiper", "jdk"), m.tools(proxied), "wrk cannot go through a proxy");
        assertEquals(List.of("libcurl", "hiper", "jdk", "wrk"), m.tools(direct));
        for (String tool : List.of("libcurl", "hiper", "jdk")) {
            List<String> via = m.command(tool, proxied);
            assertTrue(via.contains("proxy=http://127.0.0.1:18088"), via.toString());
            assertTrue(via.contains("url=https://127.0.0.1:18443/1k"), via.toString());
            assertTrue(via.contains("concurrency=16"), via.toString());
            assertTrue(m.command(tool, direct).stream().noneMatch(a -> a.startsWith("proxy=")));
        }
        assertEquals("/tmp/curl-driver", m.command("libcurl", proxied).get(0));
    }

    @Test
    void aDriverReadsTheProxy() {
        Workload w = Workload.parse(new String[] {"url=https://127.0.0.1:18443/1k", "proxy=http://127.0.0.1:18088"});
        assertEquals("http://127.0.0.1:18088", w.proxy);
        assertEquals(18088, w.proxyAddress().getPort());
        assertEquals("127.0.0.1", w.proxyAddress().getHostString());
        assertEquals(null, Workload.parse(new String[] {"url=http://x/"}).proxyAddress());
    }

    private static Map<String, Object> line(double rps, double cpu) {
        return Json.parse("{\"rps\":" + rps + ",\"cpu_us_per_req\":" + cpu + ",\"failures\":0}");
    }

    @Test
    void theReportSetsTheRowBesideTheDirectFigure() {
        Matrix m = matrix();
        Map<String, Map<String, List<Map<String, Object>>>> results = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> direct = new LinkedHashMap<>();
        direct.put("libcurl", List.of(line(20000, 40)));
        direct.put("hiper", List.of(line(22000, 38)));
        direct.put("jdk", List.of(line(10000, 90)));
        direct.put("wrk", List.of(line(30000, 20)));
        Map<String, List<Map<String, Object>>> via = new LinkedHashMap<>();
        via.put("libcurl", List.of(line(10000, 60)));
        via.put("hiper", List.of(line(9000, 70)));
        via.put("jdk", List.of(Json.parse("{\"crashed\":true}")));
        results.put("https1k-c16", direct);
        results.put("proxy-https1k-c16", via);
        String md = Report.markdown(m, m.scenarios(), m.tools(), results);
        assertTrue(md.contains("### Through a CONNECT proxy: HTTPS 1 KiB GET through a CONNECT proxy, 16 at once"), md);
        // tool | through | x libcurl | direct | x libcurl | through / direct | CPU through | CPU direct | failures
        assertTrue(md.contains("| libcurl | 10,000 | 1.00 | 20,000 | 1.00 | 0.50 | 60 | 40 | 0 |"), md);
        assertTrue(md.contains("| hiper | 9,000 | 0.90 | 22,000 | 1.10 | 0.41 | 70 | 38 | 0 |"), md);
        assertTrue(md.contains("| jdk | crashed | - | 10,000 | 0.50 | - | crashed | 90 | - |"), md);
        assertFalse(md.contains("| wrk | not run"), md);
        assertTrue(md.contains("hiper / libcurl: 0.90 through the proxy, 1.10 direct."), md);
        // the proxy row is also in the summary, as every row is
        assertTrue(md.contains("| HTTPS 1 KiB GET through a CONNECT proxy, 16 at once | 9,000 req/s | 10,000 req/s | 0.90 |"),
                md);
    }

    @Test
    void withoutTheDirectRowTheReportSaysSo() {
        Matrix m = new Matrix(new HashMap<>(Map.of("tools", "libcurl,hiper", "scenarios", "proxy-https1k-c16")));
        Map<String, Map<String, List<Map<String, Object>>>> results = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> via = new LinkedHashMap<>();
        via.put("libcurl", List.of(line(10000, 60)));
        via.put("hiper", List.of(line(12000, 50)));
        results.put("proxy-https1k-c16", via);
        StringBuilder b = new StringBuilder();
        ProxyTable.section(b, m.scenarios(), results);
        assertTrue(b.toString().contains("| hiper | 12,000 | 1.20 | not run | - | - | 50 | not run | 0 |"), b.toString());
        assertTrue(b.toString().contains("hiper / libcurl: 1.20 through the proxy, - direct."), b.toString());
    }
}
