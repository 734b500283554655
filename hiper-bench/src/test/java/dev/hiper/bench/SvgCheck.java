package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An SVG chart as the tests read it: parsed as XML, its points found by the {@code jfreesvg:ref}
 * groups {@link ChartStyle} writes, its text, and a rendering to PNG by {@code rsvg-convert}
 * (librsvg, Debian's {@code librsvg2-bin}, which {@code bin/setup} installs).
 */
final class SvgCheck {
    final Path file;
    final Document doc;

    private SvgCheck(Path file, Document doc) {
        this.file = file;
        this.doc = doc;
    }

    static SvgCheck parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // the DOCTYPE names the W3C's DTD: never fetch it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document d = b.parse(file.toFile());
        assertEquals("svg", d.getDocumentElement().getLocalName(), file + ": the root is not <svg>");
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI(), file + ": namespace");
        return new SvgCheck(file, d);
    }

    /** The points of each series, by the x each ref names, in drawing order. */
    Map<String, List<String>> series() {
        return refs("series=");
    }

    /** The points each client could not reach, with the reason drawn beside them. */
    Map<String, List<String>> missing() {
        return refs("missing=");
    }

    private Map<String, List<String>> refs(String kind) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        NodeList gs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            String ref = ((Element) gs.item(i)).getAttributeNS("http://www.jfree.org/jfreesvg/svg", "ref");
            if (ref.startsWith(kind)) {
                String[] parts = ref.substring(kind.length()).split(";x=");
                out.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
        }
        return out;
    }

    /** The fill colour of a series' first marker, as "rgb(r,g,b)". */
    String fill(String series) {
        NodeList gs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttributeNS("http://www.jfree.org/jfreesvg/svg", "ref").startsWith("series=" + series + ";")) {
                NodeList inner = g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
                for (int j = 0; j < inner.getLength(); j++) {
                    String style = ((Element) inner.item(j)).getAttribute("style");
                    int at = style.indexOf("fill:rgb(");
                    int at2 = style.indexOf("stroke:rgb(");
                    if (at >= 0) {
                        return style.substring(at + 5, style.indexOf(')', at) + 1);
                    }
                    if (at2 >= 0) {
                        return style.substring(at2 + 7, style.indexOf(')', at2) + 1);
                    }
                }
            }
        }
        return null;
    }

    /** Every text drawn, in order. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        NodeList ts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < ts.getLength(); i++) {
            out.add(ts.item(i).getTextContent());
        }
        return out;
    }

    void assertText(String expected) {
        assertTrue(texts().stream().anyMatch(t -> t.contains(expected)), file.getFileName() + " has no text \""
                + expected + "\"; it has " + texts());
    }

    /** Asserts each series and the x of its points. */
    void assertSeries(Map<String, List<String>> expected) {
        assertEquals(expected, series(), file.getFileName() + ": the series and their points");
    }

    /** Renders the SVG to PNG with rsvg-convert and fails on any error or message. */
    static void render(Path svg) throws IOException, InterruptedException {
        Path png = svg.resolveSibling(svg.getFileName().toString().replaceFirst("\\.svg$", ".png"));
        Process p;
        try {
            p = new ProcessBuilder("rsvg-convert", "-o", png.toString(), svg.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("rsvg-convert is missing: the chart tests render each SVG with it. Install it with bin/setup "
                    + "(Debian's librsvg2-bin). " + e.getMessage());
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rsvg-convert did not finish");
        assertEquals(0, p.exitValue(), "rsvg-convert failed on " + svg + ": " + output);
        assertEquals("", output.trim(), "rsvg-convert complained about " + svg);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png + " is no PNG");
        assertTrue(Files.size(png) > 5_000, png + " is too small to hold a chart: " + Files.size(png) + " bytes");
    }
}
