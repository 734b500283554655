package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The arithmetic of the report: reading the drivers' lines, medians, paired ratios. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportTest {
    @Test
    void aCDriversNanReadsAsNaNInsteadOfStoppingTheRun() {
        Map<String, Object> r = Json.parse("{\"tool\":\"libcurl\",\"rps\":-nan,\"mibps\":nan,\"requests\":0}");
        assertTrue(Double.isNaN(Json.num(r, "rps")));
        assertTrue(Double.isNaN(Json.num(r, "mibps")));
        assertEquals(0.0, Json.num(r, "requests"));
    }

    @Test
    void readsADriverLine() {
        Map<String, Object> r = Json.parse("{\"tool\":\"libcurl\",\"rps\":1234.5000,\"failures\":0,"
                + "\"unsupported\":true,\"error\":\"say \\\"no\\\"\"}");
        assertEquals("libcurl", r.get("tool"));
        assertEquals(1234.5, Json.num(r, "rps"));
        assertEquals(0.0, Json.num(r, "failures"));
        assertEquals(Boolean.TRUE, r.get("unsupported"));
        assertEquals("say \"no\"", r.get("error"));
        assertTrue(Double.isNaN(Json.num(r, "missing")));
    }

    @Test
    void medianIsTakenFieldByField() {
        List<Map<String, Object>> rounds = List.of(
                Json.parse("{\"tool\":\"a\",\"rps\":30,\"cpu\":1}"),
                Json.parse("{\"tool\":\"a\",\"rps\":10,\"cpu\":3}"),
                Json.parse("{\"tool\":\"a\",\"rps\":20,\"cpu\":2}"));
        Map<String, Object> m = Report.median(rounds);
        assertEquals(20.0, Json.num(m, "rps"));
        assertEquals(2.0, Json.num(m, "cpu"));
        assertEquals("a", m.get("tool"));
    }

    @Test
    void pairedRatioIsTheMedianOfPerRoundRatios() {
        List<Map<String, Object>> a = List.of(Json.parse("{\"rps\":10}"), Json.parse("{\"rps\":40}"),
                Json.parse("{\"rps\":30}"));
        List<Map<String, Object>> b = List.of(Json.parse("{\"rps\":20}"), Json.parse("{\"rps\":20}"),
                Json.parse("{\"rps\":10}"));
        // per round 0.5, 2, 3: the median is 2, where the medians' ratio would be 30 / 20
        assertEquals("2.00", Report.paired(a, b, "rps", false));
        assertEquals("0.50", Report.paired(a, b, "rps", true));
    }

    @Test
    void roundsThatCrashedAreLeftOut() {
        List<Map<String, Object>> a = List.of(Json.parse("{\"crashed\":true}"), Json.parse("{\"rps\":30}"));
        List<Map<String, Object>> b = List.of(Json.parse("{\"rps\":20}"), Json.parse("{\"rps\":10}"));
        assertEquals("3.00", Report.paired(a, b, "rps", false));
        assertEquals("-", Report.paired(List.of(Json.parse("{\"unsupported\":true}")), b, "rps", false));
        assertEquals(30.0, Json.num(Report.median(a), "rps"));
    }

    @Test
    void spreadIsMaxMinusMinOverTheMedian() {
        List<Map<String, Object>> rounds = List.of(Json.parse("{\"rps\":90}"), Json.parse("{\"rps\":100}"),
                Json.parse("{\"rps\":105}"), Json.parse("{\"crashed\":true}"));
        assertEquals(15.0, RowTables.spread(rounds, "rps"), 1e-9);
        assertEquals("**15%**", RowTables.spreadCell(rounds, "rps"));
        assertEquals("-", RowTables.spreadCell(List.of(Json.parse("{\"rps\":90}")), "rps"));
    }

    @Test
    void wrkTotalsBecomeADriverLine() {
        Matrix.Scenario s = new Matrix.Scenario("get1k-c16", "t", "/1k", 16, 0, 0, false, new String[0], 0);
        Map<String, Object> r = Json.parse(Ceiling.line("{\"wrk_requests\":2002,\"wrk_duration_us\":2000000,"
                + "\"wrk_bytes\":2097152,\"err_connect\":0,\"err_read\":1,\"err_write\":0,\"err_status\":2,"
                + "\"err_timeout\":0,\"cpu_seconds\":0.5}", s));
        assertEquals(1000.0, Json.num(r, "rps"));
        assertEquals(3.0, Json.num(r, "failures"));
        assertEquals(250.0, Json.num(r, "cpu_us_per_req"));
        assertEquals(1.0, Json.num(r, "mibps"));
    }

    @Test
    void openLoopVerdictTakesTheHighestRateEveryClientSustained() {
        Matrix m = new Matrix(new java.util.HashMap<>(Map.of("tools", "libcurl,hiper", "rates", "200,1000",
                "scenarios", "open1k-r200,open1k-r1000")));
        List<Matrix.Scenario> scenarios = m.scenarios();
        Map<String, Map<String, List<Map<String, Object>>>> results = new java.util.LinkedHashMap<>();
        results.put("open1k-r200", Map.of(
                "libcurl", List.of(Json.parse("{\"rate\":200,\"p99_us\":300,\"sustained\":true}")),
                "hiper", List.of(Json.parse("{\"rate\":200,\"p99_us\":250,\"sustained\":true}"))));
        results.put("open1k-r1000", Map.of(
                "libcurl", List.of(Json.parse("{\"rate\":1000,\"p99_us\":400,\"sustained\":true}")),
                "hiper", List.of(Json.parse("{\"rate\":1000,\"p99_us\":900,\"sustained\":false}"))));
        StringBuilder b = new StringBuilder();
        RowTables.openVerdict(b, m, scenarios, results);
        assertTrue(b.toString().contains("is 200 req/s; there hiper's p99 is 250 us against libcurl's 300 us: at most"),
                b.toString());
        StringBuilder losses = new StringBuilder();
        Report.losses(losses, scenarios, results);
        assertTrue(losses.toString().contains("at 1,000 req/s: hiper's p99 is 900 us, libcurl's 400 us"), losses.toString());
        assertTrue(losses.toString().contains("hiper did not keep up"), losses.toString());
    }
}
