package dev.hiper.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket rows in the report ({@link WsRows}): a summary (hiper against the best Java
 * client in the echo and stream rows, the heap of an idle session plain and over TLS at each
 * size, hiper's targets), then each row's table.
 */
final class WsReport {
    /** hiper's target at 256 sessions: at least this many times the best Java client's messages/s. */
    static final double ECHO_TARGET = 2;
    /** hiper's target for an idle plain session: at most this much heap after GC, KiB. */
    static final double IDLE_HEAP_TARGET_KIB = 2;

    private WsReport() {
    }

    /** The main figure of a WebSocket row, as the spread and the ratios read it. */
    static String metric(Matrix.Scenario s) {
        return WsRows.idle(s) ? "heap_kib_per_session" : WsRows.stream(s) ? "mibps" : "rps";
    }

    /** The Java clients of the WebSocket rows, hiper's two aside. */
    static final List<String> JAVA_PEERS = List.of("jdk", "jetty", "ahc", "okhttp", "apache");

    static void summary(StringBuilder b, List<Matrix.Scenario> scenarios,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        List<Matrix.Scenario> rows = scenarios.stream().filter(s -> WsRows.is(s) && results.containsKey(s.name())).toList();
        if (rows.isEmpty()) {
            return;
        }
        b.append("### WebSocket\n\n");
        StringBuilder t = new StringBuilder();
        List<String> targets = new ArrayList<>();
        for (Matrix.Scenario s : rows) {
            if (WsRows.idle(s)) {
                continue;
            }
            Map<String, List<Map<String, Object>>> byTool = results.get(s.name());
            String metric = metric(s);
            String unit = WsRows.stream(s) ? " MiB/s" : " msg/s";
            String best = bestPeer(byTool, metric);
            Map<String, Object> h = Report.median(byTool.get("hiper"));
            double ratio = best == null ? Double.NaN : Report.pairedValue(byTool.get("hiper"), byTool.get(best), metric, false);
            t.append("| ").append(s.title()).append(" | ").append(Report.ok(h) ? Report.fmt(Json.num(h, metric)) + unit : "-")
                    .append(" | ").append(best == null ? "-" : best + " " + Report.fmt(Json.num(Report.median(byTool.get(best)),
                            metric)) + unit)
                    .append(" | ").append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio))
                    .append(" | ").append(best == null ? "-" : Report.paired(byTool.get("hiper"), byTool.get(best),
                            "cpu_us_per_req", false))
                    .append(" | ").append(Report.paired(byTool.get("hiper-jdk"), byTool.get("jdk"), metric, false))
                    .append(" |\n");
            if (s.concurrency() == 256 && !WsRows.stream(s)) {
                targets.add(String.format(Locale.ROOT, "- %s: hiper at least %.0f times the best Java client's "
                        + "messages/s: %s.", s.title(), ECHO_TARGET, Double.isNaN(ratio) ? "not measured"
                                : ratio >= ECHO_TARGET ? "met (" + fmt2(ratio) + ")" : "not met (" + fmt2(ratio) + ")"));
            }
        }
        if (t.length() > 0) {
            b.append("| row | hiper | best Java client | hiper / best Java | hiper CPU per message / best Java's | "
                    + "hiper-jdk / jdk |\n|---|---:|---|---:|---:|---:|\n").append(t).append("\n");
        }
        idleSummary(b, rows, results, targets);
        h2Summary(b, rows, results);
        if (!targets.isEmpty()) {
            b.append("hiper's targets (only a quiet `full pinned` run can tell):\n\n").append(String.join("\n", targets))
                    .append("\n\n");
        }
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The Java client with the best median of {@code metric}, or null. */
    static String bestPeer(Map<String, List<Map<String, Object>>> byTool, String metric) {
        String best = null;
        double bestV = Double.NaN;
        for (String peer : JAVA_PEERS) {
            Map<String, Object> r = Report.median(byTool.get(peer));
            double v = Report.ok(r) ? Json.num(r, metric) : Double.NaN;
            if (!Double.isNaN(v) && v > 0 && (best == null || v > bestV)) {
                best = peer;
                bestV = v;
            }
        }
        return best;
    }

    /** Heap after GC per idle session, plain and over TLS, each tool at each size. */
    private static void idleSummary(StringBuilder b, List<Matrix.Scenario> rows,
            Map<String, Map<String, List<Map<String, Object>>>> results, List<String> targets) {
        Map<Integer, Matrix.Scenario[]> bySize = new LinkedHashMap<>();
        List<String> tools = new ArrayList<>();
        for (Matrix.Scenario s : rows) {
            if (WsRows.idle(s) && !WsRows.h2(s)) {
                bySize.computeIfAbsent(s.concurrency(), k -> new Matrix.Scenario[2])[s.https() ? 1 : 0] = s;
                results.get(s.name()).keySet().stream().filter(x -> !tools.contains(x)).forEach(tools::add);
            }
        }
        if (bySize.isEmpty()) {
            return;
        }
        b.append("Heap after a full GC per idle session, KiB: plain / over TLS (\"-\" where that row did not run).\n\n");
        b.append("| tool |");
        bySize.keySet().forEach(n -> b.append(String.format(Locale.ROOT, " %,d |", n)));
        b.append("\n|---|").append("---:|".repeat(bySize.size())).append("\n");
        for (String tool : tools) {
            b.append("| ").append(tool).append(" |");
            for (Matrix.Scenario[] pair : bySize.values()) {
                b.append(' ').append(idleCell(results, pair[0], tool)).append(" / ").append(idleCell(results, pair[1], tool))
                        .append(" |");
            }
            b.append("\n");
        }
        b.append("\n");
        List<String> over = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<Integer, Matrix.Scenario[]> e : bySize.entrySet()) {
            Matrix.Scenario plain = e.getValue()[0];
            Map<String, Object> h = plain == null ? null : Report.median(results.get(plain.name()).get("hiper"));
            if (Report.ok(h)) {
                any = true;
                double kib = Json.num(h, "heap_kib_per_session");
                if (!(kib <= IDLE_HEAP_TARGET_KIB)) {
                    over.add(String.format(Locale.ROOT, "%,d: %s KiB", e.getKey(), Report.fmt(kib)));
                }
            }
        }
        if (any) {
            targets.add(String.format(Locale.ROOT, "- Idle plain sessions: hiper at most %.0f KiB of heap a session at "
                    + "every size: %s.", IDLE_HEAP_TARGET_KIB, over.isEmpty() ? "met" : "not met (" + String.join(", ", over)
                    + ")"));
        }
    }

    /** Heap after GC per idle session over HTTP/2 (the {@code -h2} rows), each tool at each size. */
    private static void h2Summary(StringBuilder b, List<Matrix.Scenario> rows,
            Map<String, Map<String, List<Map<String, Object>>>> results) {
        List<Matrix.Scenario> h2 = rows.stream().filter(WsRows::h2).toList();
        if (h2.isEmpty()) {
            return;
        }
        List<String> tools = new ArrayList<>();
        h2.forEach(s -> results.get(s.name()).keySet().stream().filter(x -> !tools.contains(x)).forEach(tools::add));
        b.append(String.format(Locale.ROOT, "Over HTTP/2 (RFC 8441, at most %d sessions a connection): heap after a full "
                + "GC per idle session, KiB.\n\n| tool |", WsRows.H2_STREAMS));
        h2.forEach(s -> b.append(String.format(Locale.ROOT, " %,d |", s.concurrency())));
        b.append("\n|---|").append("---:|".repeat(h2.size())).append("\n");
        for (String tool : tools) {
            b.append("| ").append(tool).append(" |");
            h2.forEach(s -> b.append(' ').append(idleCell(results, s, tool)).append(" |"));
            b.append("\n");
        }
        b.append("\n");
    }

    private static String idleCell(Map<String, Map<String, List<Map<String, Object>>>> results, Matrix.Scenario s,
            String tool) {
        if (s == null) {
            return "-";
        }
        Map<String, Object> r = Report.median(results.get(s.name()).get(tool));
        if (r == null) {
            return "-";
        }
        if (!Report.ok(r)) {
            return r.containsKey("unsupported") ? "n/a" : "crashed";
        }
        return Report.fmt(Json.num(r, "heap_kib_per_session"));
    }

    /**
     * The lines of "Where hiper loses" for a WebSocket row: each client faster than hiper (echo,
     * stream), or holding less heap a session (idle).
     */
    static void losses(List<String> lines, Matrix.Scenario s, Map<String, List<Map<String, Object>>> byTool) {
        boolean idle = WsRows.idle(s);
        String metric = metric(s);
        for (String other : byTool.keySet()) {
            if (other.startsWith("hiper")) {
                continue;
            }
            // idle: the other's heap over hiper's, so that below 1 is a loss there too
            double r = Report.pairedValue(byTool.get("hiper"), byTool.get(other), metric, idle);
            if (r < 1) {
                lines.add(idle ? String.format(Locale.ROOT, "- %s: hiper holds %.2f times %s's heap a session.",
                        s.title(), 1 / r, other) : String.format(Locale.ROOT, "- %s: hiper is slower than %s (%.2f of its "
                                + "%s).", s.title(), other, r, WsRows.stream(s) ? "MiB/s" : "messages/s"));
            }
        }
    }

    /** One WebSocket row's table. */
    static void table(StringBuilder b, Matrix m, Matrix.Scenario s, Map<String, List<Map<String, Object>>> byTool) {
        boolean idle = WsRows.idle(s);
        String metric = metric(s);
        Map<String, Object> hiper = Report.median(byTool.get("hiper"));
        if (idle) {
            b.append("| tool | sessions open | failures | s to open | heap after GC, MiB | heap KiB/session | "
                    + "RSS KiB/session | peak RSS, MiB | threads | pings / pongs |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        } else {
            b.append(WsRows.stream(s) ? "| tool | MiB/s | x hiper | spread | CPU ms/MiB | failures | peak RSS, MiB | "
                    + "threads |\n" : "| tool | messages/s | x hiper | spread | CPU us/message | failures | peak RSS, MiB | "
                    + "threads |\n").append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        }
        List<String> na = new ArrayList<>();
        boolean ownPings = false;
        for (String tool : m.tools(s)) {
            List<Map<String, Object>> rs = byTool.get(tool);
            Map<String, Object> r = Report.median(rs);
            b.append("| ").append(tool).append(" | ");
            if (!Report.ok(r)) {
                b.append(r == null ? "not run" : r.containsKey("unsupported") ? "n/a" : "crashed")
                        .append(" |".repeat(idle ? 9 : 7)).append("\n");
                if (r != null && r.containsKey("unsupported")) {
                    na.add(tool + ": " + r.get("error"));
                }
                continue;
            }
            if (idle) {
                double pings = Json.num(r, "pings");
                ownPings |= pings < 0;
                b.append(Report.fmt(Json.num(r, "sessions_open"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "failures"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "seconds"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "heap_mib"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "heap_kib_per_session"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "rss_kib_per_session"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "peak_rss_mib"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "threads"))).append(" | ")
                        .append(pings < 0 ? "its own [1]" : Report.fmt(pings) + " / " + Report.fmt(Json.num(r, "pongs")))
                        .append(" |\n");
            } else {
                boolean stream = WsRows.stream(s);
                b.append(Report.fmt(Json.num(r, metric))).append(" | ")
                        .append(Report.ratio(Json.num(r, metric), Json.num(hiper, metric))).append(" | ")
                        .append(RowTables.spreadCell(rs, metric)).append(" | ")
                        .append(Report.fmt(Json.num(r, stream ? "cpu_ms_per_mib" : "cpu_us_per_req"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "failures"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "peak_rss_mib"))).append(" | ")
                        .append(Report.fmt(Json.num(r, "threads"))).append(" |\n");
            }
        }
        b.append("\n");
        if (idle) {
            b.append("Each session is pinged once every 30 s (a 300th of them every 100 ms); the heap after a full GC and "
                    + "the resident set are read before the first session opens and 3 s after the last, and their growth "
                    + "over the sessions open is the memory of one." + (ownPings ? " [1] OkHttp has no call to send a "
                    + "PING: it pings by itself (`pingInterval` 30 s) and does not report the PONGs." : "") + "\n\n");
        }
        for (String line : na) {
            b.append("- n/a ").append(line).append("\n");
        }
        if (!na.isEmpty()) {
            b.append("\n");
        }
    }
}
