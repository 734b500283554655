package dev.hiper.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's HTTP/2 section: hiper against libcurl, the best Java client and h2load (the
 * server's ceiling) in each HTTP/2 row, hiper's targets there, and the memory per transfer of
 * the slow HTTP/2 transfers. The rows' own tables are the report's usual ones.
 */
final class H2Report {
    /** hiper's targets: at least libcurl's requests/s and 2x the best Java client's, CPU at most libcurl's. */
    static final double JAVA_TARGET = 2;

    private H2Report() {
    }

    static void summary(StringBuilder b, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        List<Matrix.Scenario> rows = scenarios.stream().filter(s -> s.h2() && results.containsKey(s.name())).toList();
        if (rows.isEmpty()) {
            return;
        }
        b.append("### HTTP/2: hiper against libcurl, the best Java client and h2load\n\n");
        b.append("| scenario | hiper | libcurl | hiper / libcurl | best Java peer | hiper / best Java | "
                + "hiper CPU/req / libcurl's | h2load (ceiling) | hiper / h2load |\n");
        b.append("|---|---:|---:|---:|---|---:|---:|---:|---:|\n");
        StringBuilder targets = new StringBuilder();
        StringBuilder memory = new StringBuilder();
        for (Matrix.Scenario s : rows) {
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            boolean slow = s.requests() > 0;
            boolean mib = s.name().startsWith("download");
            String metric = slow ? "seconds" : mib ? "mibps" : "rps";
            String unit = slow ? " s" : mib ? " MiB/s" : " req/s";
            List<Map<String, Object>> h = byTool.get("hiper");
            List<Map<String, Object>> c = byTool.get("libcurl");
            String best = bestPeer(byTool, metric, slow);
            List<Map<String, Object>> ceiling = byTool.get(H2Rows.H2LOAD);
            double vsCurl = Report.pairedValue(h, c, metric, slow);
            double vsBest = best == null ? Double.NaN : Report.pairedValue(h, byTool.get(best), metric, slow);
            double cpu = slow ? Double.NaN : Report.pairedValue(h, c, "cpu_us_per_req", false);
            b.append("| ").append(s.title()).append(" | ").append(figure(h, metric, unit)).append(" | ")
                    .append(figure(c, metric, unit)).append(" | ").append(num(vsCurl)).append(" | ")
                    .append(best == null ? "-" : best + " " + figure(byTool.get(best), metric, unit)).append(" | ")
                    .append(num(vsBest)).append(" | ").append(num(cpu)).append(" | ")
                    .append(ceiling == null ? "-" : figure(ceiling, metric, unit)).append(" | ")
                    .append(ceiling == null ? "-" : num(Report.pairedValue(h, ceiling, metric, false))).append(" |\n");
            if (s.name().startsWith("h2-https1k")) {
                targets.append("- ").append(s.title()).append(": requests/s over libcurl's ")
                        .append(target(vsCurl, 1, true)).append("; over the best Java client's (")
                        .append(best == null ? "none measured" : best).append(") ")
                        .append(target(vsBest, JAVA_TARGET, true)).append("; CPU per request over libcurl's ")
                        .append(target(cpu, 1, false)).append(".\n");
            } else if (mib) {
                targets.append("- ").append(s.title()).append(": MiB/s over libcurl's ").append(target(vsCurl, 1, true))
                        .append(".\n");
            }
            if (slow) {
                memory.append(perTransfer(s, Report.median(h), Report.median(c)));
            }
        }
        b.append("\nThe HTTP/2 rows: every client asks for HTTP/2 and multiplexes (libcurl with CURLPIPE_MULTIPLEX "
                + "and CURLOPT_PIPEWAIT, hiper likewise; in the slow rows a cap of one connection per 100 transfers "
                + "instead of PIPEWAIT); AsyncHttpClient 3 has no HTTP/2 (n/a). Ratios as above: "
                + "the median of the per-round ratios, above 1 means hiper is faster; the CPU column below 1 means "
                + "hiper spends less. h2load, nghttp2's load generator in C on one thread, with as many streams "
                + "on one connection, shows what the server answers here: the ceiling of these rows, as wrk is "
                + "for HTTP/1.1.\n\n");
        if (targets.length() > 0) {
            b.append("hiper's HTTP/2 targets (meaningful only from a quiet run):\n\n").append(targets).append("\n");
        }
        b.append(memory);
    }

    /** The best Java client of a row by its main figure, or null. */
    static String bestPeer(Map<String, List<Map<String, Object>>> byTool, String metric, boolean lowerIsBetter) {
        String best = null;
        double bestV = Double.NaN;
        for (String peer : Matrix.JAVA_PEERS) {
            Map<String, Object> r = Report.median(byTool.get(peer));
            double v = Report.ok(r) ? Json.num(r, metric) : Double.NaN;
            if (!Double.isNaN(v) && v > 0 && (best == null || (lowerIsBetter ? v < bestV : v > bestV))) {
                best = peer;
                bestV = v;
            }
        }
        return best;
    }

    /** The memory a slow HTTP/2 transfer costs: hiper's heap after GC and each one's peak RSS over the transfers. */
    static String perTransfer(Matrix.Scenario s, Map<String, Object> hiper, Map<String, Object> curl) {
        StringBuilder b = new StringBuilder("Memory per transfer, ").append(s.title()).append(": ");
        int n = s.concurrency();
        if (Report.ok(hiper) && Json.num(hiper, "heap_mib") >= 0) {
            b.append(String.format(Locale.ROOT, "hiper %.1f KiB of heap (after a full GC, %s s in) and %.1f KiB of peak "
                    + "RSS", Json.num(hiper, "heap_mib") * 1024 / n, Report.fmt(s.sample()),
                    Json.num(hiper, "peak_rss_mib") * 1024 / n));
        } else {
            b.append("hiper not measured");
        }
        if (Report.ok(curl) && Json.num(curl, "peak_rss_mib") >= 0) {
            b.append(String.format(Locale.ROOT, "; libcurl %.1f KiB of peak RSS", Json.num(curl, "peak_rss_mib") * 1024 / n));
        }
        return b.append(".\n\n").toString();
    }

    /** "1.05 (at least 1: **met**)". */
    static String target(double v, double goal, boolean atLeast) {
        String want = (atLeast ? "at least " : "at most ") + Report.fmt(goal);
        if (Double.isNaN(v)) {
            return "- (" + want + ": not measured)";
        }
        boolean ok = atLeast ? v >= goal : v <= goal;
        return num(v) + " (" + want + ": " + (ok ? "**met**" : "**not met**") + ")";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String figure(List<Map<String, Object>> rs, String metric, String unit) {
        Map<String, Object> r = Report.median(rs);
        if (r == null) {
            return "-";
        }
        if (r.containsKey("unsupported")) {
            return "n/a";
        }
        if (r.containsKey("crashed")) {
            return "crashed";
        }
        return Report.fmt(Json.num(r, metric)) + unit;
    }
}
