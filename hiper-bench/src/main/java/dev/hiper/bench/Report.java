package dev.hiper.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown of a matrix run: warnings about the machine's load, a summary of hiper's ratios,
 * then one table per scenario with the spread between rounds ({@link RowTables} draws the churn
 * and open-loop tables).
 */
final class Report {
    private Report() {
    }

    static String markdown(Matrix m, List<Matrix.Scenario> scenarios, List<String> tools,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        StringBuilder b = new StringBuilder();
        if (!m.arg("loadWarning").isEmpty()) {
            b.append("**Warning: ").append(m.arg("loadWarning")).append("**\n\n");
        }
        double maxLoad = RowTables.maxLoad(results);
        if (maxLoad > 1) {
            b.append(String.format(Locale.ROOT, "**Warning: the load average (1 min) reached %.2f during the run "
                    + "(above 1): other work shared the machine, and the figures below are not those of a quiet "
                    + "machine.**%n%n", maxLoad));
        }
        b.append("Run of ").append(m.arg("date")).append(", ").append(m.quick() ? "quick" : "full").append(" mode")
                .append(m.pinned() ? ", pinned (nginx on core 0, each client on core 1)" : "").append(" (")
                .append(fmt(m.warmup())).append(" s warm-up, ").append(fmt(m.seconds())).append(" s measured, ")
                .append(m.rounds()).append(m.rounds() == 1 ? " round" : " rounds, interleaved, medians")
                .append(").\n\n");
        int[] spread = RowTables.spreadCount(scenarios, results);
        if (spread[0] > 0) {
            b.append(String.format(Locale.ROOT, "Spread between rounds: %d of %d cells above %.0f%%%s.%n%n", spread[1],
                    spread[0], RowTables.SPREAD_LIMIT, spread[1] == 0 ? "" : " (in **bold** in the tables)"));
        }
        b.append("Machine: ").append(m.arg("machine")).append("\n\n");
        b.append("Command: `").append(m.arg("command")).append("`\n\n");
        b.append("Raw results: `").append(m.arg("resultsName")).append("`\n\n");

        b.append("### hiper against libcurl and the best Java client\n\n");
        b.append("| scenario | hiper | libcurl | hiper / libcurl | best Java peer | hiper / best Java | hiper CPU/req / libcurl's | wrk (ceiling) |\n");
        b.append("|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (byTool == null || s.open() || s.h2() || WsRows.is(s)) {
                continue;
            }
            boolean slow = s.requests() > 0;
            boolean mib = s.name().startsWith("download");
            String metric = slow ? "seconds" : mib ? "mibps" : "rps";
            Map<String, Object> hiper = median(byTool.get("hiper"));
            Map<String, Object> curl = median(byTool.get("libcurl"));
            String best = null;
            double bestV = Double.NaN;
            for (String peer : Matrix.JAVA_PEERS) {
                Map<String, Object> r = median(byTool.get(peer));
                double v = ok(r) ? Json.num(r, metric) : Double.NaN;
                if (!Double.isNaN(v) && (best == null || (slow ? v < bestV : v > bestV))) {
                    best = peer;
                    bestV = v;
                }
            }
            double hv = ok(hiper) ? Json.num(hiper, metric) : Double.NaN;
            double cv = ok(curl) ? Json.num(curl, metric) : Double.NaN;
            String unit = slow ? " s" : mib ? " MiB/s" : " req/s";
            List<Map<String, Object>> hs = byTool.get("hiper");
            b.append("| ").append(s.title()).append(" | ").append(cell(hiper, hv, unit)).append(" | ")
                    .append(cell(curl, cv, unit)).append(" | ")
                    .append(paired(hs, byTool.get("libcurl"), metric, slow)).append(" | ")
                    .append(best == null ? "-" : best + " " + fmt(bestV) + unit).append(" | ")
                    .append(best == null ? "-" : paired(hs, byTool.get(best), metric, slow)).append(" | ")
                    .append(slow ? "-" : paired(hs, byTool.get("libcurl"), "cpu_us_per_req", false)).append(" | ")
                    .append(cell(median(byTool.get("wrk")), Json.num(median(byTool.get("wrk")), metric), unit))
                    .append(" |\n");
        }
        b.append("\nFigures are medians over the rounds. Ratios are the median of the per-round ratios (in "
                + "a round the tools run one after the other, under the same load), hiper's figure over the "
                + "other's, so above 1 means hiper is faster; for the slow transfers (seconds until all "
                + "finished) it is the other's time over hiper's. The CPU column is hiper's process CPU per "
                + "request over libcurl's: below 1 means hiper spends less. wrk, a C load generator on one "
                + "thread with as many connections, shows what nginx can answer here: the server's ceiling. "
                + "The tables below give each tool's medians, their ratio to libcurl's medians, and the "
                + "spread between rounds (max - min over the median; **bold** above "
                + fmt(RowTables.SPREAD_LIMIT) + "%).\n\n");
        H2Report.summary(b, scenarios, results);
        WsReport.summary(b, scenarios, results);
        RowTables.openVerdict(b, m, scenarios, results);
        RowTables.jdkApi(b, scenarios, results);
        ProxyTable.section(b, scenarios, results);
        losses(b, scenarios, results);

        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (byTool == null) {
                continue;
            }
            Map<String, Object> curl = median(byTool.get("libcurl"));
            b.append("### ").append(s.title()).append("\n\n");
            b.append(RowTables.loads(byTool));
            if (s.churn()) {
                RowTables.churn(b, m, s, byTool);
                continue;
            }
            if (WsRows.is(s)) {
                WsReport.table(b, m, s, byTool);
                continue;
            }
            if (s.open()) {
                RowTables.open(b, m, s, byTool);
                continue;
            }
            boolean slow = s.requests() > 0;
            if (slow) {
                b.append("| tool | seconds to finish | x libcurl | failures | threads | heap after GC, MiB | peak RSS, MiB | CPU s |\n");
                b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            } else {
                b.append("| tool | req/s | x libcurl | spread | MiB/s | CPU us/req | x libcurl | failures | peak RSS, MiB | threads |\n");
                b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            }
            for (String tool : m.tools(s)) {
                List<Map<String, Object>> rs = byTool.get(tool);
                Map<String, Object> r = median(rs);
                b.append("| ").append(tool).append(" | ");
                if (r == null || r.containsKey("unsupported") || r.containsKey("crashed")) {
                    String why = r == null ? "not run" : r.containsKey("unsupported") ? "n/a" : "crashed";
                    b.append(why).append(" |".repeat(slow ? 7 : 9)).append("\n");
                    continue;
                }
                if (slow) {
                    b.append(fmt(Json.num(r, "seconds"))).append(" | ")
                            .append(ratio(Json.num(curl, "seconds"), Json.num(r, "seconds"))).append(" | ")
                            .append(fmt(Json.num(r, "failures"))).append(" | ")
                            .append(fmt(Json.num(r, "threads"))).append(" | ")
                            .append(Json.num(r, "heap_mib") < 0 ? "-" : fmt(Json.num(r, "heap_mib"))).append(" | ")
                            .append(fmt(Json.num(r, "peak_rss_mib"))).append(" | ")
                            .append(fmt(Json.num(r, "cpu_seconds"))).append(" |\n");
                } else {
                    String metric = s.name().startsWith("download") ? "mibps" : "rps";
                    b.append(fmt(Json.num(r, "rps"))).append(" | ")
                            .append(ratio(Json.num(r, "rps"), Json.num(curl, "rps"))).append(" | ")
                            .append(RowTables.spreadCell(rs, metric)).append(" | ")
                            .append(fmt(Json.num(r, "mibps"))).append(" | ")
                            .append(fmt(Json.num(r, "cpu_us_per_req"))).append(" | ")
                            .append(ratio(Json.num(r, "cpu_us_per_req"), Json.num(curl, "cpu_us_per_req"))).append(" | ")
                            .append(fmt(Json.num(r, "failures"))).append(" | ")
                            .append(Json.num(r, "peak_rss_mib") < 0 ? "-" : fmt(Json.num(r, "peak_rss_mib"))).append(" | ")
                            .append(fmt(Json.num(r, "threads"))).append(" |\n");
                }
            }
            b.append("\n");
        }
        return b.toString();
    }

    /** The median over rounds of a[r] / b[r] (b[r] / a[r] when {@code inverse}). */
    static String paired(List<Map<String, Object>> a, List<Map<String, Object>> b, String metric, boolean inverse) {
        double m = pairedValue(a, b, metric, inverse);
        return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, "%.2f", m);
    }

    /** {@link #paired} as a number; NaN when no round has both. */
    static double pairedValue(List<Map<String, Object>> a, List<Map<String, Object>> b, String metric, boolean inverse) {
        if (a == null || b == null) {
            return Double.NaN;
        }
        List<Double> rs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!ok(a.get(i)) || !ok(b.get(i))) {
                continue;
            }
            double x = Json.num(a.get(i), metric);
            double y = Json.num(b.get(i), metric);
            if (x > 0 && y > 0) {
                rs.add(inverse ? y / x : x / y);
            }
        }
        if (rs.isEmpty()) {
            return Double.NaN;
        }
        rs.sort(null);
        int n = rs.size();
        return n % 2 == 1 ? rs.get(n / 2) : (rs.get(n / 2 - 1) + rs.get(n / 2)) / 2;
    }

    /** The share of new connections whose TLS session was resumed; NaN where not counted. */
    static double resumption(Map<String, Object> r) {
        double resumed = Json.num(r, "resumed");
        double connects = Json.num(r, "connects");
        return resumed >= 0 && connects > 0 ? resumed / connects : Double.NaN;
    }

    /** Every cell where hiper is slower, or spends more CPU a request, than libcurl or the best Java peer. */
    static void losses(StringBuilder b, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        List<String> lines = new ArrayList<>();
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            if (byTool == null || byTool.get("hiper") == null) {
                continue;
            }
            if (WsRows.is(s)) {
                WsReport.losses(lines, s, byTool);
                continue;
            }
            if (s.open()) {
                double hp = Json.num(median(byTool.get("hiper")), "p99_us");
                double cp = Json.num(median(byTool.get("libcurl")), "p99_us");
                if (hp > cp) {
                    lines.add(String.format(Locale.ROOT, "- %s: hiper's p99 is %s us, libcurl's %s us.", s.title(),
                            fmt(hp), fmt(cp)));
                }
                if (!byTool.get("hiper").stream().allMatch(x -> Boolean.TRUE.equals(x.get("sustained")))) {
                    lines.add("- " + s.title() + ": hiper did not keep up in every round.");
                }
                continue;
            }
            boolean slow = s.requests() > 0;
            String metric = slow ? "seconds" : s.name().startsWith("download") ? "mibps" : "rps";
            List<Map<String, Object>> h = byTool.get("hiper");
            for (String other : byTool.keySet()) {
                if (other.startsWith("hiper") || other.equals("wrk") || other.equals(H2Rows.H2LOAD)) {
                    continue;
                }
                double r = pairedValue(h, byTool.get(other), metric, slow);
                if (r < 1) {
                    lines.add(String.format(Locale.ROOT, "- %s: hiper is slower than %s (%.2f of its %s).", s.title(),
                            other, r, slow ? "speed" : metric.equals("rps") ? "requests/s" : "MiB/s"));
                }
                if (s.churn() && s.https() && other.equals("libcurl")) {
                    double hr = resumption(median(h));
                    double cr = resumption(median(byTool.get(other)));
                    if (hr < cr) {
                        lines.add(String.format(Locale.ROOT, "- %s: hiper resumed %.0f%% of its TLS sessions, libcurl "
                                + "%.0f%%.", s.title(), hr * 100, cr * 100));
                    }
                }
                double cpu = slow ? Double.NaN : pairedValue(h, byTool.get(other), "cpu_us_per_req", false);
                if (other.equals("libcurl") && cpu > 1) {
                    lines.add(String.format(Locale.ROOT, "- %s: hiper spends %.2f times libcurl's CPU per request.",
                            s.title(), cpu));
                }
            }
        }
        b.append("### Where hiper loses\n\n");
        b.append(lines.isEmpty() ? "Nowhere in the cells above: in every one hiper is at least as fast as each other "
                + "client and spends no more CPU per request than libcurl.\n" : String.join("\n", lines) + "\n");
        b.append("\n");
    }

    static boolean ok(Map<String, Object> r) {
        return r != null && !r.containsKey("unsupported") && !r.containsKey("crashed");
    }

    private static String cell(Map<String, Object> r, double v, String unit) {
        if (r == null) {
            return "-";
        }
        if (r.containsKey("unsupported")) {
            return "n/a";
        }
        if (r.containsKey("crashed")) {
            return "crashed";
        }
        return fmt(v) + unit;
    }

    /** Field by field median of the rounds (the first round's strings). */
    static Map<String, Object> median(List<Map<String, Object>> rs) {
        if (rs == null || rs.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> good = new ArrayList<>();
        for (Map<String, Object> r : rs) {
            if (ok(r)) {
                good.add(r);
            }
        }
        if (good.isEmpty()) {
            return rs.get(0);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(good.get(0));
        for (String k : out.keySet()) {
            if (out.get(k) instanceof Double) {
                double[] v = good.stream().mapToDouble(r -> Json.num(r, k)).toArray();
                Arrays.sort(v);
                int n = v.length;
                out.put(k, n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
            }
        }
        return out;
    }

    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b <= 0 || a < 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
