package dev.hiper.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * What every chart of the benchmark shares: one colour per client from the Okabe-Ito palette
 * (distinguishable with the common colour-vision deficiencies), one marker shape per client as
 * a second cue, the caption that names the run, logarithmic axes where the values span more
 * than a factor of {@link #LOG_SPAN}, and the SVG file.
 *
 * <p>Each drawn point is an SVG group whose {@code jfreesvg:ref} attribute reads
 * {@code series=TOOL;x=X}, and each point a client could not reach reads
 * {@code missing=TOOL;x=X}: what the tests count, and a reader of the SVG's source can find.
 */
final class ChartStyle {
    /** Above this ratio between the largest and smallest value, a value axis is logarithmic. */
    static final double LOG_SPAN = 30;
    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    /** Okabe & Ito (2008), "Color Universal Design": black, then the seven colours. */
    private static final Map<String, Color> COLOURS = Map.ofEntries(Map.entry(H2Rows.H2LOAD, new Color(0xCC79A7)),
            Map.entry("wrk", new Color(0xCC79A7)), // wrk's colour: the ceiling of the HTTP/2 rows
            // the HTTP/2 rows' two more Java clients, past the palette's eight: grey and brown
            Map.entry("vertx", new Color(0x666666)), Map.entry("reactor", new Color(0x8B5A2B)));
    private static final Map<String, Color> CLIENT_COLOURS = Map.of(
            "libcurl", new Color(0x000000),
            "hiper", new Color(0xD55E00), // vermillion
            "hiper -Xmx64m", new Color(0xD55E00),
            "hiper-jdk", new Color(0xD55E00), // hiper's colour, its own shape and dash
            "jdk", new Color(0xE69F00), // orange
            "jetty", new Color(0x56B4E9), // sky blue
            "ahc", new Color(0x009E73), // bluish green
            "apache", new Color(0xB8A500), // the palette's yellow (F0E442), darkened to read on white
            "okhttp", new Color(0x0072B2), // blue
            "wrk", new Color(0xCC79A7)); // reddish purple
    private static final List<String> ORDER = List.of("libcurl", "hiper", "hiper -Xmx64m", "jdk", "jetty", "ahc",
            "apache", "okhttp", "wrk", "hiper-jdk", H2Rows.H2LOAD, "vertx", "reactor");
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ChartStyle() {
    }

    static Color colour(String tool) {
        return CLIENT_COLOURS.getOrDefault(tool, COLOURS.getOrDefault(tool, Color.GRAY));
    }

    static Shape shape(String tool) {
        int i = ORDER.indexOf(tool);
        return switch (i < 0 ? 8 : i % 6) {
            case 0 -> new Ellipse2D.Double(-4, -4, 8, 8);
            case 1 -> new Rectangle2D.Double(-4, -4, 8, 8);
            case 2 -> ShapeUtils.createDiamond(5);
            case 3 -> ShapeUtils.createUpTriangle(5);
            case 4 -> ShapeUtils.createDownTriangle(5);
            default -> ShapeUtils.createDiagonalCross(4, 1);
        };
    }

    /**
     * A dashed line for the ceiling/floor (wrk) and the capped variant of hiper, a dotted one for
     * the JDK's API on hiper, solid otherwise.
     */
    static BasicStroke stroke(String tool) {
        if (tool.equals("hiper-jdk")) {
            return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
        }
        if (tool.equals("wrk") || tool.equals(H2Rows.H2LOAD) || tool.endsWith("-Xmx64m")) {
            return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
        }
        return new BasicStroke(2f);
    }

    /**
     * A value axis: logarithmic when the values span more than {@link #LOG_SPAN}, else linear from
     * zero (a bar of the chart's height is then the figure itself).
     */
    static ValueAxis valueAxis(String label, double min, double max, boolean forceLog) {
        if (forceLog || (min > 0 && max / min > LOG_SPAN)) {
            LogAxis a = new PlainLogAxis(label + " (log scale)");
            a.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
            a.setSmallestValue(Math.max(1e-6, min / 2));
            a.setTickUnit(new NumberTickUnit(1)); // a tick a decade, the minor ticks between
            a.setMinorTickCount(9);
            a.setMinorTickMarksVisible(true);
            if (min > 0 && max > 0) {
                // at least one decade's tick inside the range
                double lower = Math.min(min / 1.6, Math.pow(10, Math.floor(Math.log10(min))));
                a.setRange(lower, max * 1.6);
            }
            return style(a);
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(true);
        a.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        if (max > 0) {
            a.setRange(0, max * 1.1);
        }
        return style(a);
    }

    /**
     * A logarithmic axis of counts (concurrency, open transfers) from {@code min} to {@code max},
     * ticked at powers of 10 ({@code decades}) or of 4.
     */
    static ValueAxis countAxis(String label, double min, double max, boolean decades) {
        LogAxis a = new PlainLogAxis(label + " (log scale)");
        a.setNumberFormatOverride(new DecimalFormat("#,##0"));
        if (decades) {
            a.setTickUnit(new NumberTickUnit(1)); // 1,000, 10,000, 100,000 ...
        } else {
            a.setBase(2);
            a.setTickUnit(new NumberTickUnit(2)); // 1, 4, 16, 64, 256, 1,024 ...
        }
        a.setSmallestValue(0.5);
        a.setRange(min / 2, max * 2);
        return style(a);
    }

    static <A extends ValueAxis> A style(A a) {
        a.setLabelFont(TEXT.deriveFont(Font.BOLD, 13f));
        a.setTickLabelFont(TEXT);
        return a;
    }

    /**
     * The lines under the title that name the run: date, mode, machine, load average and command,
     * then how to read the points.
     */
    static void caption(JFreeChart chart, String subtitle, String run, String machine, String load, String command,
            String reading) {
        chart.getTitle().setFont(TEXT.deriveFont(Font.BOLD, 16f));
        if (subtitle != null) {
            chart.addSubtitle(line(subtitle, RectangleEdge.TOP, 13f));
        }
        chart.addSubtitle(line("Run: " + run + ". Command: " + command + ".", RectangleEdge.TOP, 11f));
        chart.addSubtitle(line("Machine: " + machine + ".", RectangleEdge.TOP, 11f));
        chart.addSubtitle(line(load.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + load.substring(1) + ".",
                RectangleEdge.TOP, 11f));
        chart.addSubtitle(line(reading, RectangleEdge.BOTTOM, 11f));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot p) {
            p.setDomainGridlinePaint(new Color(0xDDDDDD));
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TEXT);
        }
    }

    private static TextTitle line(String text, RectangleEdge edge, float size) {
        TextTitle t = new TextTitle(text, TEXT.deriveFont(size));
        t.setPosition(edge);
        t.setHorizontalAlignment(HorizontalAlignment.LEFT);
        t.setTextAlignment(HorizontalAlignment.LEFT); // a wrapped line starts at the left too
        t.setPaint(new Color(0x333333));
        return t;
    }

    /** Writes the chart as an SVG document of {@code width} by {@code height} pixels. */
    static void write(JFreeChart chart, Path file, int width, int height) throws IOException {
        // rotated labels as <text> under a rotation rather than as glyph outlines: selectable,
        // searchable, and what the tests read
        TextUtils.setUseDrawRotatedStringWorkaround(false);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(width, height));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, g.getSVGDocument() + "\n");
    }

    /** Opens an SVG group carrying {@code ref}; see the class comment. */
    static void beginGroup(Graphics2D g2, String ref) {
        g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("ref", ref));
    }

    static void endGroup(Graphics2D g2) {
        g2.setRenderingHint(SVGHints.KEY_END_GROUP, "");
    }

    /**
     * The x at which series {@code index} of {@code count} draws a point of {@code x}: set apart
     * from the others' by a few percent on a logarithmic axis ({@code log}), a few hundredths
     * on a symbol axis, so that bars at one x stay visible.
     */
    static double dodge(double x, int index, int count, boolean log) {
        double t = (index - (count - 1) / 2.0);
        return log ? x * Math.pow(2, t * 0.05) : x + t * 0.04;
    }

    /** The x that {@link #dodge} moved, rounded: the x of the row (a count, or a symbol's index). */
    static long undodge(double x, int index, int count, boolean log) {
        double t = (index - (count - 1) / 2.0);
        return Math.round(log ? x / Math.pow(2, t * 0.05) : x - t * 0.04);
    }

    /**
     * A logarithmic axis whose tick labels are plain strings: LogAxis draws its own (attributed
     * strings, for exponents) as glyph outlines in SVG, which neither a reader nor a test can
     * select or search.
     */
    static final class PlainLogAxis extends LogAxis {
        private static final long serialVersionUID = 1L;

        PlainLogAxis(String label) {
            super(label);
        }

        @Override
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return plain(super.refreshTicksHorizontal(g2, dataArea, edge));
        }

        @Override
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return plain(super.refreshTicksVertical(g2, dataArea, edge));
        }

        private List<NumberTick> plain(List<?> ticks) {
            List<NumberTick> out = new ArrayList<>();
            for (Object o : ticks) {
                LogTick t = (LogTick) o;
                String text = t.getAttributedLabel() == null ? "" : getNumberFormatOverride().format(t.getValue());
                out.add(new NumberTick(t.getTickType(), t.getValue(), text, t.getTextAnchor(), t.getRotationAnchor(),
                        t.getAngle()));
            }
            return out;
        }
    }

    /**
     * Lines through the medians, a marker at each, and a bar from the lowest to the highest round;
     * each point's marker in an SVG group naming its series.
     */
    static final class ClientRenderer extends XYErrorRenderer {
        private static final long serialVersionUID = 1L;

        private final int count;
        private final boolean log;

        ClientRenderer(List<String> tools, boolean log) {
            this.count = tools.size();
            this.log = log;
            setDefaultLinesVisible(true);
            setDefaultShapesVisible(true);
            setDrawXError(false);
            setCapLength(8);
            setErrorStroke(new BasicStroke(1.5f));
            for (int i = 0; i < tools.size(); i++) {
                String t = tools.get(i);
                setSeriesPaint(i, colour(t));
                setSeriesStroke(i, stroke(t));
                setSeriesShape(i, shape(t));
                setSeriesShapesFilled(i, !t.endsWith("-Xmx64m"));
            }
        }

        @Override
        public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                CrosshairState crosshairState, int pass) {
            boolean marker = pass == 1;
            if (marker) {
                beginGroup(g2, "series=" + dataset.getSeriesKey(series) + ";x="
                        + undodge(dataset.getXValue(series, item), series, count, log));
            }
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
                    crosshairState, pass);
            if (marker) {
                endGroup(g2);
            }
        }
    }
}
