package dev.hiper.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's section on the rows through the CONNECT proxy ({@code proxy-https1k-c16}): per
 * tool, the figure through the proxy beside the same row measured directly ({@code https1k-c16}),
 * what the proxy costs (through / direct), CPU per request both ways, and hiper against libcurl
 * through the same proxy.
 */
final class ProxyTable {
    private ProxyTable() {
    }

    static void section(StringBuilder b, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        for (Matrix.Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> via = results.get(s.name());
            if (!s.proxied() || via == null) {
                continue;
            }
            String directName = s.name().substring(Matrix.PROXY_PREFIX.length());
            Map<String, List<Map<String, Object>>> direct = results.getOrDefault(directName, Map.of());
            b.append("### Through a CONNECT proxy: ").append(s.title()).append("\n\n");
            b.append("| tool | through the proxy, req/s | x libcurl | direct (").append(directName)
                    .append("), req/s | x libcurl | through / direct | CPU us/req through | CPU us/req direct | failures through |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String> tools = new ArrayList<>(via.keySet());
            for (String tool : direct.keySet()) {
                if (!tools.contains(tool) && !tool.equals("wrk")) {
                    tools.add(tool);
                }
            }
            for (String tool : tools) {
                Map<String, Object> p = Report.median(via.get(tool));
                Map<String, Object> d = Report.median(direct.get(tool));
                b.append("| ").append(tool).append(" | ").append(figure(p, "rps")).append(" | ")
                        .append(Report.paired(via.get(tool), via.get("libcurl"), "rps", false)).append(" | ")
                        .append(figure(d, "rps")).append(" | ")
                        .append(Report.paired(direct.get(tool), direct.get("libcurl"), "rps", false)).append(" | ")
                        .append(Report.ok(p) && Report.ok(d) ? Report.ratio(Json.num(p, "rps"), Json.num(d, "rps")) : "-")
                        .append(" | ").append(figure(p, "cpu_us_per_req")).append(" | ")
                        .append(figure(d, "cpu_us_per_req")).append(" | ")
                        .append(Report.ok(p) ? Report.fmt(Json.num(p, "failures")) : "-").append(" |\n");
            }
            double viaRatio = Report.pairedValue(via.get("hiper"), via.get("libcurl"), "rps", false);
            double directRatio = Report.pairedValue(direct.get("hiper"), direct.get("libcurl"), "rps", false);
            b.append(String.format(Locale.ROOT, "%nhiper / libcurl: %s through the proxy, %s direct. Every client goes "
                    + "through the same tinyproxy on loopback (CONNECT, then TLS to nginx inside the tunnel; "
                    + "connections and tunnels kept alive); \"not run\" where the direct row was not part of this "
                    + "run.%n%n", num(viaRatio), num(directRatio)));
        }
    }

    private static String figure(Map<String, Object> r, String field) {
        if (r == null) {
            return "not run";
        }
        if (r.containsKey("unsupported")) {
            return "n/a";
        }
        if (r.containsKey("crashed")) {
            return "crashed";
        }
        return Report.fmt(Json.num(r, field));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
