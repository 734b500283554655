package dev.hiper.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * {@code bench/compare OLD NEW}: two results files row by row. For every scenario and tool in
 * both, the row's main figure (requests/s, MiB/s, seconds to finish, or the open loop's p99) as
 * a ratio oriented so that above 1 is better, beside the spread between rounds in each file.
 * A row is <b>worse</b> when its ratio falls below 1 by more than the larger of the two spreads
 * (a file with one round of the row has no spread there: it counts as
 * {@link RowTables#SPREAD_LIMIT} percent). The text lists those rows last; {@code compare.svg} draws every ratio as a bar,
 * one colour per client, its whisker the spread: a bar whose whisker does not reach the line at
 * 1 moved by more than the noise.
 */
public final class Compare {
    /** One scenario and tool present in both files. */
    record Row(String scenario, String tool, String figure, boolean lowerBetter, double before, double after,
            double ratio, double spreadBefore, double spreadAfter, double threshold, boolean assumed,
            double cpuRatio, String trouble, String was) {
        /** Fell by more than the spread, or crashed or failed where it did not before. */
        boolean worse() {
            return trouble != null && !trouble.startsWith("still") || ratio < 1 - threshold / 100;
        }

        /** Rose by more than the spread, or measured cleanly where it crashed or failed before. */
        boolean better() {
            return trouble == null && (was != null || ratio > 1 + threshold / 100);
        }
    }

    private Compare() {
    }

    /** The figure a row is judged by, and whether lower is better. */
    static String[] figure(String scenario, List<Map<String, Object>> rounds) {
        if (rounds.stream().anyMatch(r -> r.containsKey("p99_us"))) {
            return new String[] {"p99_us", "p99 latency, µs", "lower"};
        }
        if (scenario.startsWith("slow")) { // a counted cell: every request at once, timed to the last
            return new String[] {"seconds", "seconds to finish", "lower"};
        }
        if (scenario.startsWith("download") || scenario.startsWith("ws-stream")) {
            return new String[] {"mibps", "MiB/s", "higher"};
        }
        if (rounds.stream().anyMatch(r -> r.containsKey("heap_kib_per_session"))) { // idle WebSocket sessions
            return new String[] {"heap_kib_per_session", "heap KiB a session", "lower"};
        }
        return new String[] {"rps", scenario.startsWith("close") ? "connections/s" : scenario.startsWith("ws-")
                ? "messages/s" : "requests/s", "higher"};
    }

    static List<Row> rows(Results before, Results after) {
        List<Row> rows = new ArrayList<>();
        for (String s : after.byScenario.keySet()) {
            if (!before.byScenario.containsKey(s)) {
                continue;
            }
            for (String tool : after.byScenario.get(s).keySet()) {
                List<Map<String, Object>> a = after.rounds(s, tool);
                List<Map<String, Object>> b = before.rounds(s, tool);
                if (b.isEmpty()) {
                    continue;
                }
                String[] f = figure(s, a);
                boolean lower = f[2].equals("lower");
                double[] vb = Results.spread(b, f[0]);
                double[] va = Results.spread(a, f[0]);
                String trouble = null;
                String was = null;
                if (Results.trouble(a) != null) {
                    trouble = Results.trouble(b) == null ? Results.trouble(a) + " now"
                            : "still " + Results.trouble(a) + ", was " + Results.trouble(b);
                } else if (Results.trouble(b) != null) {
                    was = "was " + Results.trouble(b);
                }
                double sb = RowTables.spread(b.stream().filter(Results::clean).toList(), f[0]);
                double sa = RowTables.spread(a.stream().filter(Results::clean).toList(), f[0]);
                boolean assumed = Double.isNaN(sb) || Double.isNaN(sa);
                // a side of one round has no spread: it counts as the report's limit
                double threshold = Math.max(Double.isNaN(sb) ? RowTables.SPREAD_LIMIT : sb,
                        Double.isNaN(sa) ? RowTables.SPREAD_LIMIT : sa);
                double before1 = vb == null ? Double.NaN : vb[0];
                double after1 = va == null ? Double.NaN : va[0];
                double ratio = before1 > 0 && after1 > 0 ? (lower ? before1 / after1 : after1 / before1) : Double.NaN;
                double[] cb = Results.spread(b, "cpu_us_per_req");
                double[] ca = Results.spread(a, "cpu_us_per_req");
                double cpu = cb != null && ca != null && cb[0] > 0 && ca[0] > 0 ? cb[0] / ca[0] : Double.NaN;
                rows.add(new Row(s, tool, f[1], lower, before1, after1, ratio, sb, sa, threshold, assumed, cpu,
                        trouble, was));
            }
        }
        return rows;
    }

    static String text(Results before, Results after, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("bench/compare: ").append(before.fileName).append(" (").append(before.date()).append(") -> ")
                .append(after.fileName).append(" (").append(after.date()).append(")\n");
        List<String> scenarios = new ArrayList<>(after.byScenario.keySet());
        b.append("old: ").append(before.load(scenarios)).append("; new: ").append(after.load(scenarios))
                .append("\n");
        b.append("new vs old: above 1 is better (for seconds and latency, old over new); CPU: old CPU/req over "
                + "new, above 1 spends less now. A row is WORSE when it fell by more than the larger spread "
                + "between rounds of the two files (*: a file has one round of the row, its spread counted as "
                + Report.fmt(RowTables.SPREAD_LIMIT) + "%).\n\n");
        b.append(String.format(Locale.ROOT, "%-18s %-14s %-18s %12s %12s %8s %7s %7s %6s  %s%n", "scenario", "tool",
                "figure", "old", "new", "new/old", "spr.old", "spr.new", "CPU", "verdict"));
        List<Row> worse = new ArrayList<>();
        for (Row r : rows) {
            String verdict = r.worse() ? "WORSE" : r.better() ? "better" : "same";
            if (r.worse()) {
                worse.add(r);
            }
            b.append(String.format(Locale.ROOT, "%-18s %-14s %-18s %12s %12s %8s %7s %7s %6s  %s%s%n", r.scenario,
                    r.tool, r.figure, Report.fmt(r.before), Report.fmt(r.after), ratio(r.ratio), pct(r.spreadBefore),
                    pct(r.spreadAfter), ratio(r.cpuRatio), verdict + (r.assumed ? " *" : ""),
                    r.trouble != null ? " (" + r.trouble + ")" : r.was != null ? " (" + r.was + ")" : ""));
        }
        b.append('\n');
        if (worse.isEmpty()) {
            b.append("No row got worse by more than its rounds' spread.\n");
        } else {
            b.append("Worse by more than the rounds' spread (").append(worse.size()).append("):\n");
            for (Row r : worse) {
                b.append(String.format(Locale.ROOT, "- %s, %s: %s %s -> %s (%s of before; spread %s / %s)%s%n",
                        r.scenario, r.tool, r.figure, Report.fmt(r.before), Report.fmt(r.after), ratio(r.ratio),
                        pct(r.spreadBefore), pct(r.spreadAfter), r.trouble == null ? "" : ", " + r.trouble));
            }
        }
        return b.toString();
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    /** The bars: one category per scenario, one series (colour) per client. */
    static JFreeChart chart(Results before, Results after, List<Row> rows, Map<String, String> a) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        List<String> tools = new ArrayList<>();
        double max = 1.2;
        for (Row r : rows) {
            if (!Double.isNaN(r.ratio)) {
                if (!tools.contains(r.tool)) {
                    tools.add(r.tool);
                }
                double t = r.threshold / 100;
                data.add(r.ratio, t, r.tool, r.scenario);
                max = Math.max(max, r.ratio + Math.min(t, 0.5)); // a whisker of a huge spread may leave the plot
            }
        }
        NumberAxis value = ChartStyle.style(new NumberAxis("new over old, above 1 is better (whisker: the rounds' "
                + "spread)"));
        value.setRange(0, max * 1.05);
        CategoryAxis cats = new CategoryAxis("scenario");
        cats.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        cats.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        CategoryPlot plot = new CategoryPlot(data, cats, value, new RatioRenderer(tools));
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        ValueMarker one = new ValueMarker(1, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(one);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart("bench/compare: " + before.fileName + " → " + after.fileName,
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        List<String> worse = rows.stream().filter(Row::worse).map(r -> r.scenario + " " + r.tool).toList();
        String reading = "Each bar: the row's main figure, new over old (seconds and latency: old over new). "
                + (worse.isEmpty() ? "No row got worse by more than its rounds' spread."
                        : "Worse by more than the rounds' spread: " + String.join(", ", worse) + ".");
        String run = "old " + before.date() + " (" + before.fileName + "), new " + after.date() + " ("
                + after.fileName + ")";
        List<String> scenarios = new ArrayList<>(after.byScenario.keySet());
        String load = "old: " + before.load(scenarios) + "; new: " + after.load(scenarios);
        ChartStyle.caption(chart, null, run, a.getOrDefault("machine", "not recorded in the results files"), load,
                a.getOrDefault("command", "bench/compare " + before.fileName + " " + after.fileName), reading);
        return chart;
    }

    /** Bars in each client's colour, each bar an SVG group naming its series and scenario. */
    static final class RatioRenderer extends StatisticalBarRenderer {
        private static final long serialVersionUID = 1L;

        RatioRenderer(List<String> tools) {
            for (int i = 0; i < tools.size(); i++) {
                setSeriesPaint(i, ChartStyle.colour(tools.get(i)));
            }
            setErrorIndicatorPaint(new Color(0x444444));
            setDrawBarOutline(false);
            setShadowVisible(false);
            setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
            setItemMargin(0.05);
        }

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                org.jfree.chart.axis.CategoryAxis domainAxis, org.jfree.chart.axis.ValueAxis rangeAxis,
                CategoryDataset dataset, int row, int column, int pass) {
            if (dataset.getValue(row, column) == null) {
                return;
            }
            ChartStyle.beginGroup(g2, "series=" + dataset.getRowKey(row) + ";x=" + dataset.getColumnKey(column));
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
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
        if (plain.size() < 2) {
            System.err.println("usage: bench/compare OLD.jsonl NEW.jsonl [out=DIR] [machine=...]");
            System.exit(2);
        }
        Results before = Results.load(Path.of(plain.get(0)));
        Results after = Results.load(Path.of(plain.get(1)));
        List<Row> rows = rows(before, after);
        System.out.print(text(before, after, rows));
        if (a.containsKey("out")) {
            Path svg = Path.of(a.get("out")).resolve("compare.svg");
            long cats = rows.stream().map(Row::scenario).distinct().count();
            long tools = rows.stream().map(Row::tool).distinct().count();
            int height = (int) Math.max(ChartStyle.HEIGHT, 260 + cats * (tools * 9 + 14));
            ChartStyle.write(chart(before, after, rows, a), svg, ChartStyle.WIDTH, height);
            System.out.println("\nchart: " + svg);
        }
    }
}
