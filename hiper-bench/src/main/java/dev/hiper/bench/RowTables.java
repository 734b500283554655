package dev.hiper.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's tables beyond throughput: the JDK's API on hiper, connection churn, the open loop,
 * the load average of every round, and the spread between rounds.
 */
final class RowTables {
    /** Above this spread between rounds (max - min over the median) a cell is flagged. */
    static final double SPREAD_LIMIT = 10;

    private RowTables() {
    }

    /**
     * The JDK's {@code HttpClient} API on hiper ({@code hiper-jdk}) beside the JDK's own
     * implementation and raw hiper, per throughput row that ran it.
     */
    static void jdkApi(StringBuilder b, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        StringBuilder rows = new StringBuilder();
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (byTool == null || s.open() || s.churn() || WsRows.is(s) || byTool.get("hiper-jdk") == null) {
                continue;
            }
            boolean slow = s.requests() > 0;
            String metric = slow ? "seconds" : s.name().startsWith("download") ? "mibps" : "rps";
            List<Map<String, Object>> api = byTool.get("hiper-jdk");
            Map<String, Object> r = Report.median(api);
            rows.append("| ").append(s.title()).append(" | ")
                    .append(Report.ok(r) ? Report.fmt(Json.num(r, metric)) : "-").append(" | ")
                    .append(Report.paired(api, byTool.get("jdk"), metric, slow)).append(" | ")
                    .append(Report.paired(api, byTool.get("hiper"), metric, slow)).append(" | ")
                    .append(slow ? "-" : Report.paired(api, byTool.get("hiper"), "cpu_us_per_req", false))
                    .append(" |\n");
        }
        if (rows.length() == 0) {
            return;
        }
        b.append("### The JDK's HttpClient API on hiper\n\n");
        b.append("The same driver code on `HiperHttpClient` (hiper-jdk) and on the JDK's own client (jdk); "
                + "raw hiper drives the engine directly. Ratios as above: above 1 means hiper-jdk is faster; "
                + "the CPU column is hiper-jdk's CPU per request over raw hiper's.\n\n");
        b.append("| scenario | hiper-jdk | hiper-jdk / jdk | hiper-jdk / hiper | CPU/req over hiper's |\n");
        b.append("|---|---:|---:|---:|---:|\n");
        b.append(rows).append("\n");
    }

    /** The spread of {@code metric} over the rounds that ran, in percent; NaN under 2 rounds. */
    static double spread(List<Map<String, Object>> rounds, String metric) {
        if (rounds == null) {
            return Double.NaN;
        }
        double[] v = rounds.stream().filter(Report::ok).mapToDouble(r -> Json.num(r, metric))
                .filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return median <= 0 ? Double.NaN : (v[v.length - 1] - v[0]) / median * 100;
    }

    /** A spread as the report shows it: "4%", or "**14%**" above the limit, "-" for one round. */
    static String spreadCell(List<Map<String, Object>> rounds, String metric) {
        double s = spread(rounds, metric);
        if (Double.isNaN(s)) {
            return "-";
        }
        String t = String.format(Locale.ROOT, "%.0f%%", s);
        return s > SPREAD_LIMIT ? "**" + t + "**" : t;
    }

    /** The 1-minute load before and after each round of a scenario, from the drivers' lines. */
    static String loads(Map<String, List<Map<String, Object>>> byTool) {
        int rounds = byTool.values().stream().mapToInt(List::size).max().orElse(0);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double before = Double.NaN;
            double after = Double.NaN;
            for (List<Map<String, Object>> rs : byTool.values()) {
                if (i < rs.size()) {
                    double b = Json.num(rs.get(i), "load_before");
                    double a = Json.num(rs.get(i), "load_after");
                    if (Double.isNaN(before) && !Double.isNaN(b)) {
                        before = b; // the first tool of the round
                    }
                    if (!Double.isNaN(a)) {
                        after = a; // the last
                    }
                }
            }
            if (!Double.isNaN(before)) {
                parts.add(String.format(Locale.ROOT, "round %d %.2f to %.2f", i + 1, before, after));
            }
        }
        return parts.isEmpty() ? "" : "Load average (1 min) before and after each round: " + String.join(", ", parts)
                + ".\n\n";
    }

    /** The highest 1-minute load read before or after any cell, or NaN. */
    static double maxLoad(Map<String, Map<String, List<Map<String, Object>>>> results) {
        return results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .flatMapToDouble(r -> Arrays.stream(new double[] {Json.num(r, "load_before"), Json.num(r, "load_after")}))
                .filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
    }

    /** How many cells (tool and scenario) ran 2 rounds or more, and how many spread above the limit. */
    static int[] spreadCount(List<Matrix.Scenario> scenarios, Map<String, Map<String, List<Map<String, Object>>>> results) {
        int[] n = new int[2];
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (byTool == null) {
                continue;
            }
            String metric = s.open() ? "p99_us" : WsRows.is(s) ? WsReport.metric(s) : s.requests() > 0 ? "seconds"
                    : s.name().startsWith("download") ? "mibps" : "rps";
            for (List<Map<String, Object>> rs : byTool.values()) {
                double sp = spread(rs, metric);
                if (!Double.isNaN(sp)) {
                    n[0]++;
                    n[1] += sp > SPREAD_LIMIT ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** A churn row: connections a second, CPU per connection, TLS resumption. */
    static void churn(StringBuilder b, Matrix m, Matrix.Scenario s, Map<String, List<Map<String, Object>>> byTool) {
        Map<String, Object> curl = Report.median(byTool.get("libcurl"));
        b.append("| tool | connections/s | x libcurl | spread | CPU us/connection | x libcurl | failures |")
                .append(s.https() ? " TLS sessions resumed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
                        : "\n|---|---:|---:|---:|---:|---:|---:|\n");
        boolean naResumption = false;
        for (String tool : m.tools(s)) {
            Map<String, Object> r = Report.median(byTool.get(tool));
            b.append("| ").append(tool).append(" | ");
            if (!Report.ok(r)) {
                b.append(r == null ? "not run" : r.containsKey("unsupported") ? "n/a" : "crashed")
                        .append(" |".repeat(s.https() ? 7 : 6)).append("\n");
                continue;
            }
            b.append(Report.fmt(Json.num(r, "rps"))).append(" | ")
                    .append(Report.ratio(Json.num(r, "rps"), Json.num(curl, "rps"))).append(" | ")
                    .append(spreadCell(byTool.get(tool), "rps")).append(" | ")
                    .append(Report.fmt(Json.num(r, "cpu_us_per_req"))).append(" | ")
                    .append(Report.ratio(Json.num(r, "cpu_us_per_req"), Json.num(curl, "cpu_us_per_req"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "failures"))).append(" |");
            if (s.https()) {
                double share = Report.resumption(r);
                if (Double.isNaN(share)) {
                    b.append(" n/a [1] |");
                    naResumption = true;
                } else {
                    b.append(String.format(Locale.ROOT, " %.0f%% |", share * 100));
                }
            }
            b.append("\n");
        }
        b.append("\nnginx closes the connection after each answer, so a request is a connection: connections/s is "
                + "requests/s, CPU per connection the client's CPU per request.");
        if (naResumption) {
            b.append(" [1] Not measured: the JSSE clients (jdk, jetty, ahc, apache, okhttp) do not say whether a "
                    + "handshake resumed a session, and wrk does not report it.");
        }
        b.append("\n\n");
    }

    /** An open-loop row: the rate achieved, the latency percentiles, whether the client kept up. */
    static void open(StringBuilder b, Matrix m, Matrix.Scenario s, Map<String, List<Map<String, Object>>> byTool) {
        b.append("| tool | achieved req/s | p50, us | p99, us | p99.9, us | max, us | p99 spread | sustained | "
                + "CPU us/req | failures |\n|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        for (String tool : m.tools(s)) {
            List<Map<String, Object>> rs = byTool.get(tool);
            Map<String, Object> r = Report.median(rs);
            b.append("| ").append(tool).append(" | ");
            if (!Report.ok(r)) {
                b.append(r == null ? "not run" : r.containsKey("unsupported") ? "n/a" : "crashed")
                        .append(" |".repeat(9)).append("\n");
                continue;
            }
            long kept = rs.stream().filter(x -> Boolean.TRUE.equals(x.get("sustained"))).count();
            b.append(Report.fmt(Json.num(r, "rps"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "p50_us"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "p99_us"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "p999_us"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "max_us"))).append(" | ")
                    .append(spreadCell(rs, "p99_us")).append(" | ")
                    .append(kept == rs.size() ? "yes" : kept + " of " + rs.size() + " rounds").append(" | ")
                    .append(Report.fmt(Json.num(r, "cpu_us_per_req"))).append(" | ")
                    .append(Report.fmt(Json.num(r, "failures"))).append(" |\n");
        }
        b.append("\n");
    }

    /**
     * The open loop's verdict: the highest rate every client sustained in every round, and hiper's
     * p99 there against libcurl's.
     */
    static void openVerdict(StringBuilder b, Matrix m, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        Matrix.Scenario best = null;
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (!s.open() || byTool == null) {
                continue;
            }
            boolean all = !m.tools(s).isEmpty();
            for (String tool : m.tools(s)) {
                List<Map<String, Object>> rs = byTool.get(tool);
                all &= rs != null && !rs.isEmpty() && rs.stream().allMatch(x -> Boolean.TRUE.equals(x.get("sustained")));
            }
            if (all && (best == null || s.rate() > best.rate())) {
                best = s;
            }
        }
        if (scenarios.stream().noneMatch(s -> s.open() && results.containsKey(s.name()))) {
            return;
        }
        if (best == null) {
            b.append("**Open loop: no rate was sustained by every client in every round.**\n\n");
            return;
        }
        Map<String, List<Map<String, Object>>> byTool = results.get(best.name());
        double h = Json.num(Report.median(byTool.get("hiper")), "p99_us");
        double c = byTool.get("libcurl") == null ? Double.NaN : Json.num(Report.median(byTool.get("libcurl")), "p99_us");
        b.append("**Open loop: the highest rate every client sustained is ").append(Report.fmt(best.rate()))
                .append(" req/s; there hiper's p99 is ").append(Report.fmt(h)).append(" us");
        if (!Double.isNaN(c)) {
            b.append(" against libcurl's ").append(Report.fmt(c)).append(" us: ")
                    .append(h <= c ? "at most libcurl's" : "above libcurl's (hiper loses here)");
        }
        b.append(".**\n\n");
    }
}
