package dev.hiper.bench;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts of a {@code bench/run} results file, as SVG: {@code bench/charts RESULTS OUTDIR}
 * (or the last step of {@code bench/run}).
 *
 * <ol>
 *   <li>{@code throughput-FAMILY.svg}: requests/s against concurrency, one line per client, for
 *       each family of rows that differ only by concurrency ({@code get1k-c1 ... -c1024} is
 *       {@code get1k}: HTTP/1.1; {@code https1k}: HTTPS; later HTTP/2 and WebSocket rows).
 *       wrk's, where it ran, as the dashed ceiling line.
 *   <li>{@code cpu-FAMILY.svg}: process CPU per request against concurrency; wrk's, where it ran,
 *       as the dashed floor line.
 *   <li>{@code memory-rss.svg}, {@code memory-heap.svg}: peak RSS and heap after a full GC against
 *       the number of slow transfers open at once; {@code memory-ws-heap.svg},
 *       {@code memory-ws-rss.svg} (and {@code memory-wss-*} over TLS): heap and resident set per idle
 *       WebSocket session against the sessions open.
 *   <li>{@code latency-SCENARIO.svg}: for each open-loop rate, the latency percentiles.
 * </ol>
 *
 * <p>Every point is the median of the rounds with a bar from the lowest to the highest round; a
 * client that crashed, failed transfers or does not support a row is marked at that point with
 * a cross and the reason. Arguments ({@code key=value}, or two plain arguments: results file and
 * output directory): results, out, and optionally date, machine, command (what the caption says
 * of the run when the results file does not).
 */
public final class Charts {
    /** How every chart's points are read; each adds what is particular to it. */
    static final String POINTS = "Each point: the median of the rounds; bar: the lowest to the highest round; the "
            + "clients' points at one x are set slightly apart so that their bars do not hide each other.";
    private static final Pattern BY_CONCURRENCY = Pattern.compile("^(.+)-c(\\d+)$");
    /** The open-loop percentiles in the order drawn, with their JSON fields. */
    static final String[][] PERCENTILES = {{"p50", "p50_us"}, {"p90", "p90_us"}, {"p99", "p99_us"},
        {"p99.9", "p999_us"}, {"p99.99", "p9999_us"}, {"max", "max_us"}};

    private final Results r;
    private final Path out;
    private final String run;
    private final String machine;
    private final String command;
    /** The files written, in order. */
    final List<Path> written = new ArrayList<>();

    Charts(Results r, Path out, Map<String, String> a) {
        this.r = r;
        this.out = out;
        String mode = (r.mode().isEmpty() ? "" : ", " + r.mode() + " mode") + (r.pinned() ? ", pinned" : "");
        this.run = a.getOrDefault("date", r.date()) + mode + " (" + r.fileName + ")";
        this.machine = a.getOrDefault("machine", "not recorded in the results file (its runtimes: "
                + String.join(", ", r.runtimes()) + ")");
        this.command = a.getOrDefault("command", "not recorded in the results file");
    }

    /** The families of rows that differ by concurrency: prefix to its scenarios, lowest first. */
    Map<String, List<String>> families() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String s : r.byScenario.keySet()) {
            Matcher m = BY_CONCURRENCY.matcher(s);
            if (m.matches() && !f.containsKey(m.group(1))) {
                f.put(m.group(1), r.family(m.group(1) + "-c", ""));
            }
        }
        return f;
    }

    static String familyTitle(String prefix) {
        return switch (prefix) {
            case "get1k" -> "HTTP/1.1, GET of 1 KiB";
            case "https1k" -> "HTTPS (HTTP/1.1), GET of 1 KiB";
            case "upload64k" -> "HTTP/1.1, POST of 64 KiB";
            case "close1k" -> "HTTP/1.1 connection churn (Connection: close), GET of 1 KiB";
            case "close-https1k" -> "TLS connection churn (Connection: close), GET of 1 KiB";
            case "h2-https1k" -> "HTTP/2 over TLS, GET of 1 KiB";
            case "h2c1k" -> "h2c (nghttpd), GET of 1 KiB";
            case "ws-echo1k" -> "WebSocket echo of 1 KiB messages";
            default -> prefix;
        };
    }

    void all() throws Exception {
        for (Map.Entry<String, List<String>> f : families().entrySet()) {
            String prefix = f.getKey();
            boolean ws = prefix.startsWith("ws-");
            String per = ws ? "message" : prefix.startsWith("close") ? "connection" : "request";
            String x = ws ? "sessions, one message in flight each" : "concurrency, requests in flight";
            byConcurrency("throughput-" + prefix + ".svg", familyTitle(prefix) + ": " + per + "s/s by concurrency",
                    f.getValue(), "rps", per + "s/s", false, x);
            byConcurrency("cpu-" + prefix + ".svg", familyTitle(prefix) + ": CPU per " + per + " by concurrency",
                    f.getValue(), "cpu_us_per_req", "process CPU per " + per + ", µs", true, x);
        }
        for (String ws : List.of("ws", "wss")) {
            List<String> idle = r.family(ws + "-idle", "k");
            String over = ws.equals("wss") ? " over TLS" : "";
            if (!idle.isEmpty()) {
                memory("memory-" + ws + "-heap.svg", "Java heap after a full GC per idle WebSocket session" + over, idle,
                        "heap_kib_per_session", "heap growth per session after a full GC, KiB", "idle sessions open");
                memory("memory-" + ws + "-rss.svg", "Resident set per idle WebSocket session" + over, idle,
                        "rss_kib_per_session", "resident set growth per session, KiB", "idle sessions open");
            }
        }
        List<String> slow = r.family("slow", "k");
        if (!slow.isEmpty()) {
            memory("memory-rss.svg", "Peak RSS by slow transfers open at once", slow, "peak_rss_mib",
                    "peak resident set size, MiB", SLOW_X);
            memory("memory-heap.svg", "Java heap after a full GC by slow transfers open at once", slow, "heap_mib",
                    "heap in use after a full GC, MiB", SLOW_X);
        }
        List<String> slowH2 = r.family("slow", "k-h2");
        if (!slowH2.isEmpty()) {
            memory("memory-rss-h2.svg", "Peak RSS by slow HTTP/2 transfers open at once", slowH2, "peak_rss_mib",
                    "peak resident set size, MiB", SLOW_X);
            memory("memory-heap-h2.svg", "Java heap after a full GC by slow HTTP/2 transfers open at once", slowH2,
                    "heap_mib", "heap in use after a full GC, MiB", SLOW_X);
        }
        for (String s : r.byScenario.keySet()) {
            if (r.byScenario.get(s).values().stream().flatMap(List::stream).anyMatch(x -> x.containsKey("p99_us"))) {
                latency(s);
            }
        }
    }

    private static double concurrency(String scenario) {
        Matcher m = BY_CONCURRENCY.matcher(scenario);
        return m.matches() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }

    private static final String SLOW_X = "slow transfers open at once";

    private void byConcurrency(String file, String title, List<String> scenarios, String metric, String unit,
            boolean wrkFloor, String xLabel) throws Exception {
        Map<String, Double> x = new LinkedHashMap<>();
        scenarios.forEach(s -> x.put(s, concurrency(s)));
        String reading = POINTS
                + (!r.tools(scenarios).contains("wrk") ? ""
                        : wrkFloor ? " Dashed wrk line: wrk's CPU per request against the same nginx, the floor."
                        : " Dashed wrk line: what this nginx answers wrk, the server's ceiling.")
                + (!r.tools(scenarios).contains(H2Rows.H2LOAD) ? ""
                        : " Dashed h2load line: the same for HTTP/2, h2load on one connection, the server's ceiling.")
                + " A cross marks a client that could not measure that point, and why.";
        draw(file, title, scenarios, x, metric, xLabel, unit, reading, false);
    }

    private void memory(String file, String title, List<String> scenarios, String metric, String unit, String xLabel)
            throws Exception {
        Map<String, Double> x = new LinkedHashMap<>();
        for (String s : scenarios) {
            double c = r.byScenario.get(s).values().stream().flatMap(List::stream)
                    .mapToDouble(l -> Json.num(l, "concurrency")).filter(v -> v > 0).findFirst().orElse(Double.NaN);
            x.put(s, c);
        }
        String reading = POINTS + " A cross marks a client that could not " + (xLabel.equals(SLOW_X)
                ? "finish that many transfers" : "hold that many sessions") + ", and why."
                + (metric.startsWith("heap_") ? " libcurl has no Java heap and is not drawn." : "");
        draw(file, title, scenarios, x, metric, xLabel, unit, reading, false);
    }

    private void latency(String scenario) throws Exception {
        List<String[]> present = new ArrayList<>();
        for (String[] p : PERCENTILES) {
            if (r.byScenario.get(scenario).values().stream().flatMap(List::stream).anyMatch(l -> l.containsKey(p[1]))) {
                present.add(p);
            }
        }
        double rate = r.byScenario.get(scenario).values().stream().flatMap(List::stream)
                .mapToDouble(l -> Json.num(l, "rate")).filter(v -> v > 0).findFirst().orElse(Double.NaN);
        String title = "Open loop at " + Report.fmt(rate) + " requests/s (GET of 1 KiB): latency percentiles";
        List<String> tools = r.tools(List.of(scenario));
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Missing> missing = new ArrayList<>();
        double[] range = {Double.MAX_VALUE, 0};
        for (String tool : tools) {
            YIntervalSeries series = new YIntervalSeries(tool, false, true);
            int index = data.getSeriesCount();
            List<Map<String, Object>> rounds = r.rounds(scenario, tool);
            String why = Results.trouble(rounds);
            for (int i = 0; i < present.size(); i++) {
                double[] v = why == null ? Results.spread(rounds, present.get(i)[1]) : null;
                if (v != null) {
                    series.add(ChartStyle.dodge(i, index, tools.size(), false), v[0], v[1], v[2]);
                    range[0] = Math.min(range[0], Math.max(v[1], 1));
                    range[1] = Math.max(range[1], v[2]);
                } else if (why != null && i == 0) {
                    missing.add(new Missing(tool, i, why));
                }
            }
            data.addSeries(series);
        }
        String[] labels = present.stream().map(p -> p[0]).toArray(String[]::new);
        SymbolAxis xAxis = ChartStyle.style(new SymbolAxis("percentile of the latency (from the intended send time)",
                labels));
        String reading = POINTS + " Latency runs from each request's intended time (open loop), so a stall is "
                + "charged in full.";
        plot("latency-" + scenario + ".svg", title, data, tools, missing, xAxis, "latency, µs", range, true, reading,
                List.of(scenario));
    }

    /** A point a client could not reach: where, and why. */
    record Missing(String tool, double x, String why) {
    }

    private void draw(String file, String title, List<String> scenarios, Map<String, Double> x, String metric,
            String xLabel, String unit, String reading, boolean forceLog) throws Exception {
        List<String> tools = new ArrayList<>(r.tools(scenarios));
        if (metric.equals("heap_mib")) {
            tools.remove("libcurl");
        }
        if (metric.endsWith("_mib")) {
            tools.remove("wrk"); // a load generator has no counted run: nothing to draw
            tools.remove(H2Rows.H2LOAD);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Missing> missing = new ArrayList<>();
        double[] range = {Double.MAX_VALUE, 0};
        for (String tool : tools) {
            YIntervalSeries series = new YIntervalSeries(tool, false, true);
            int index = data.getSeriesCount();
            for (String s : scenarios) {
                List<Map<String, Object>> rounds = r.rounds(s, tool);
                if (rounds.isEmpty()) {
                    continue; // not asked to run here: nothing to mark
                }
                String why = Results.trouble(rounds);
                double[] v = why == null ? Results.spread(rounds, metric) : null;
                if (v == null) {
                    missing.add(new Missing(tool, x.get(s), why == null ? "not measured" : why));
                    continue;
                }
                series.add(ChartStyle.dodge(x.get(s), index, tools.size(), true), v[0], v[1], v[2]);
                range[0] = Math.min(range[0], v[1]);
                range[1] = Math.max(range[1], v[2]);
            }
            data.addSeries(series);
        }
        double lo = x.values().stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double hi = x.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        boolean decades = x.values().stream().allMatch(v -> v >= 10 && Math.log10(v) == Math.rint(Math.log10(v)));
        ValueAxis xAxis = ChartStyle.countAxis(xLabel, lo, hi, decades);
        plot(file, title, data, tools, missing, xAxis, unit, range, forceLog, reading, scenarios);
    }

    private void plot(String file, String title, YIntervalSeriesCollection data, List<String> tools,
            List<Missing> missing, ValueAxis xAxis, String unit, double[] range, boolean forceLog, String reading,
            List<String> scenarios) throws Exception {
        if (range[1] <= 0) {
            range[0] = 1;
            range[1] = 10;
        }
        ValueAxis yAxis = ChartStyle.valueAxis(unit, range[0], range[1], forceLog);
        boolean log = !(xAxis instanceof SymbolAxis);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, new ChartStyle.ClientRenderer(tools, log));
        // crosses at the bottom of the plot, stacked when several clients miss the same point
        double bottom = yAxis.getLowerBound();
        double step = (yAxis.getUpperBound() - bottom) * 0.05;
        Map<Double, Integer> stacked = new HashMap<>();
        for (Missing m : missing) {
            int k = stacked.merge(m.x, 1, Integer::sum);
            double y = yAxis instanceof org.jfree.chart.axis.LogAxis
                    ? Math.max(bottom, range[0] / 1.6) * Math.pow(1.25, k)
                    : bottom + step * k;
            plot.addAnnotation(new MissingMark(m, y));
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        ChartStyle.caption(chart, null, run, machine, r.load(scenarios), command, reading);
        java.nio.file.Path f = out.resolve(file);
        ChartStyle.write(chart, f, ChartStyle.WIDTH, ChartStyle.HEIGHT);
        written.add(f);
    }

    /** A cross and the reason, in the client's colour, at a point it could not reach. */
    static final class MissingMark extends XYTextAnnotation {
        private static final long serialVersionUID = 1L;
        private final Missing m;

        MissingMark(Missing m, double y) {
            super("✕ " + m.tool + ": " + m.why, m.x, y);
            this.m = m;
            setPaint(ChartStyle.colour(m.tool));
            setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            setTextAnchor(TextAnchor.CENTER_LEFT);
        }

        @Override
        public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                int rendererIndex, PlotRenderingInfo info) {
            ChartStyle.beginGroup(g2, "missing=" + m.tool + ";x=" + Report.fmt(m.x).replace(",", ""));
            super.draw(g2, plot, dataArea, domainAxis, rangeAxis, rendererIndex, info);
            ChartStyle.endGroup(g2);
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> a = new HashMap<>();
        List<String> plain = new ArrayList<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                a.put(s.substring(0, eq), s.substring(eq + 1));
            } else {
                plain.add(s);
            }
        }
        if (!plain.isEmpty()) {
            a.putIfAbsent("results", plain.get(0));
        }
        if (plain.size() > 1) {
            a.putIfAbsent("out", plain.get(1));
        }
        if (!a.containsKey("results") || !a.containsKey("out")) {
            System.err.println("usage: bench/charts RESULTS.jsonl OUTDIR [date=...] [machine=...] [command=...]");
            System.exit(2);
        }
        Charts c = new Charts(Results.load(Path.of(a.get("results"))), Path.of(a.get("out")), a);
        c.all();
        for (Path p : c.written) {
            System.out.println(p);
        }
    }
}
