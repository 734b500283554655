package dev.hiper.cli.curltests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comparisons of curl's harness after a run, in its order: stdout, stderr, the protocol
 * (what the server received), the received data, the named files, the exit code, the paths that
 * must not exist. Returns the first difference, or null when all match.
 */
final class Checker {
    private static final Pattern ALTERNATIVES = Pattern.compile("%alternatives\\[([^,]*),([^\\]]*)\\]");

    private final TestFile t;
    private final Path work;
    private final int n;
    private final int exitCode;

    Checker(TestFile t, Path work, int n, int exitCode) {
        this.t = t;
        this.work = work;
        this.n = n;
        this.exitCode = exitCode;
    }

    private String read(Path p) throws IOException {
        return Files.exists(p) && !Files.isDirectory(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                : "";
    }

    private static List<String> ops(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String s = l.endsWith("\n") ? l.substring(0, l.length() - 1) : l;
            if (!s.isBlank() && !s.trim().startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /** A verify part with nonewline and crlf applied, in the order the harness applies them. */
    private String expected(String part) {
        String text = t.text("verify", part);
        if (text.equals("%EMPTY\n")) {
            return "";
        }
        return shaped("verify", part, text);
    }

    /** A part's text with its nonewline and crlf attributes applied. */
    private String shaped(String section, String part, String text) {
        Map<String, String> attrs = t.attributes(section, part);
        if (CaseRunner.truthy(attrs.get("nonewline")) && text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        String crlf = attrs.get("crlf");
        if (crlf != null) {
            text = CaseRunner.crlf(text, !crlf.equals("headers"));
        }
        return text;
    }

    private boolean present(String part) {
        return !t.text("verify", part).isEmpty();
    }

    String check() throws IOException {
        Path tmp = work.resolve("log");
        List<String> stripfile = ops(t.part("verify", "stripfile"));
        if (present("stdout")) {
            String actual = Perl.file(stripfile, read(work.resolve("log/stdout" + n)), tmp);
            String d = compare("stdout", expected("stdout"), actual);
            if (d != null) {
                return d;
            }
        }
        if (present("stderr")) {
            String actual = Perl.file(stripfile, read(work.resolve("log/stderr" + n)), tmp);
            String expected = expected("stderr");
            if ("warn".equals(t.attributes("verify", "stderr").get("mode"))) {
                // warnings wrap at the terminal's width: compare them unwrapped
                actual = unwrap(actual);
                expected = unwrap(expected);
            }
            String d = compare("stderr", expected, actual);
            if (d != null) {
                return d;
            }
        }
        String d = sent("protocol", "server.input");
        if (d != null) {
            return d;
        }
        String reply = replyCheck();
        Map<String, String> dataAttrs = t.attributes("reply", "data");
        if (!CaseRunner.truthy(dataAttrs.get("nocheck")) && (!reply.isEmpty() || CaseRunner.truthy(dataAttrs.get("sendzero")))) {
            d = compare("data", reply, read(work.resolve("log/curl" + n + ".out")));
            if (d != null) {
                return d;
            }
        }
        d = sent("proxy", "proxy.input");
        if (d != null) {
            return d;
        }
        if (present("socks")) {
            d = compare("socks", expected("socks"), read(work.resolve("log/socksd-request.log")));
            if (d != null) {
                return d;
            }
        }
        for (String suffix : new String[] {"", "1", "2", "3", "4"}) {
            String part = "file" + suffix;
            if (!t.exists("verify", part)) {
                continue;
            }
            Map<String, String> attrs = t.attributes("verify", part);
            String name = attrs.get("name");
            if (name == null) {
                return "verify " + part + " has no name";
            }
            String expected = t.text("verify", part);
            String crlf = attrs.get("crlf");
            if (crlf != null) {
                expected = CaseRunner.crlf(expected, !crlf.equals("headers"));
            }
            if (CaseRunner.truthy(attrs.get("nonewline")) && expected.endsWith("\n")) {
                expected = expected.substring(0, expected.length() - 1);
            }
            String actual = Perl.file(ops(t.part("verify", "stripfile" + suffix)), read(work.resolve(name)), tmp);
            d = compare("output (" + name + ")", expected, actual);
            if (d != null) {
                return d;
            }
        }
        String codes = t.text("verify", "errorcode").trim();
        if (codes.isEmpty()) {
            codes = "0";
        }
        boolean ok = false;
        for (String c : codes.split(" *, *")) {
            try {
                if (Integer.parseInt(c.trim()) == exitCode) {
                    ok = true;
                }
            } catch (NumberFormatException e) {
                // not a number: no match
            }
        }
        if (!ok) {
            return "exit code " + exitCode + ", expected " + codes;
        }
        for (String p : t.words("verify", "notexists")) {
            if (Files.exists(work.resolve(p))) {
                return p + " exists";
            }
        }
        return null;
    }

    /**
     * What a server recorded in {@code log/FILE} against the verify part {@code part}
     * ({@code protocol}: the HTTP server; {@code proxy}: the HTTP proxy), after {@code <strip>}
     * and {@code <strippart>}; null when they match or the case has no such part.
     */
    private String sent(String part, String file) throws IOException {
        if (!present(part)) {
            return null;
        }
        Path tmp = work.resolve("log");
        List<String> strip = ops(t.part("verify", "strip"));
        List<String> strippart = ops(t.part("verify", "strippart"));
        String out = read(work.resolve("log/" + file));
        String expected = t.text("verify", part);
        Map<String, String> attrs = t.attributes("verify", part);
        if (CaseRunner.truthy(attrs.get("nonewline")) && expected.endsWith("\n")) {
            expected = expected.substring(0, expected.length() - 1);
        }
        out = Perl.strip(strip, out, tmp);
        expected = Perl.strip(strip, expected, tmp);
        out = Perl.part(strippart, out, tmp);
        String crlf = attrs.get("crlf");
        if (crlf != null) {
            expected = CaseRunner.crlf(expected, !crlf.equals("headers"));
        }
        if (out.isEmpty() && !expected.isEmpty()) {
            return part + ": the " + (part.equals("proxy") ? "proxy" : "server") + " received nothing";
        }
        return compare(part, expected, out);
    }

    /** Warning lines joined: each continuation (with or without its "Warning: ") is glued back. */
    static String unwrap(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : TestFile.splitLines(text)) {
            String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            if (sb.length() > 0) {
                l = l.startsWith("Warning: ") ? l.substring(9) : l;
            }
            sb.append(l);
        }
        return sb.toString();
    }

    /** The datacheck parts concatenated, or the data part, as the harness builds them. */
    private String replyCheck() {
        StringBuilder sb = new StringBuilder();
        if (t.exists("reply", "datacheck")) {
            for (String suffix : new String[] {"", "1", "2", "3", "4"}) {
                String part = "datacheck" + suffix;
                String text = t.text("reply", part);
                if (text.isEmpty()) {
                    continue;
                }
                Map<String, String> attrs = t.attributes("reply", part);
                if (CaseRunner.truthy(attrs.get("nonewline")) && text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
                String crlf = attrs.get("crlf");
                if (crlf != null) {
                    text = CaseRunner.crlf(text, !crlf.equals("headers"));
                }
                sb.append(text);
            }
            return sb.toString();
        }
        return shaped("reply", "data", t.text("reply", "data"));
    }

    /** Null when equal (with %alternatives[a,b] in expected matching either); else a description. */
    static String compare(String what, String expected, String actual) {
        if (matches(expected, actual)) {
            return null;
        }
        int i = 0;
        int max = Math.min(expected.length(), actual.length());
        while (i < max && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return what + " differs at byte " + i + ": expected «" + show(expected, i) + "» got «" + show(actual, i) + "»";
    }

    private static boolean matches(String expected, String actual) {
        Matcher m = ALTERNATIVES.matcher(expected);
        if (!m.find()) {
            return expected.equals(actual);
        }
        String a = expected.substring(0, m.start()) + m.group(1) + expected.substring(m.end());
        String b = expected.substring(0, m.start()) + m.group(2) + expected.substring(m.end());
        return matches(a, actual) || matches(b, actual);
    }

    private static String show(String s, int at) {
        int from = Math.max(0, at - 20);
        int to = Math.min(s.length(), at + 40);
        return s.substring(from, to).replace("\r", "\\r").replace("\n", "\\n");
    }
}
