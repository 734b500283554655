package dev.hiper.cli.curltests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One curl test case file, as lines, read the way curl's harness reads it: a part is the lines
 * between {@code <part ...>} and {@code </part>} inside {@code <section>}, tag lines recognised
 * only at the start of a line (after spaces), their content kept byte for byte.
 *
 * <p>Lines are byte strings: each char is one byte (ISO-8859-1), so {@code %hex[]} content and
 * CR bytes survive unchanged.
 */
final class TestFile {
    private static final Pattern ATTR = Pattern.compile(" *([^=]*)= *(\"([^\"]*)\"|'([^']*)')");

    private final List<String> lines;

    TestFile(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Splits bytes into lines, each keeping its "\n". */
    static TestFile parse(byte[] bytes) {
        return new TestFile(splitLines(new String(bytes, StandardCharsets.ISO_8859_1)));
    }

    static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(from, end));
            from = end;
        }
        return out;
    }

    List<String> lines() {
        return lines;
    }

    private static boolean opens(String line, String tag) {
        int i = skipSpaces(line);
        return line.startsWith("<" + tag, i);
    }

    /** {@code ^ *<tag[ >]}. */
    private static boolean opensExactly(String line, String tag) {
        int i = skipSpaces(line);
        if (!line.startsWith("<" + tag, i)) {
            return false;
        }
        int after = i + 1 + tag.length();
        return after < line.length() && (line.charAt(after) == ' ' || line.charAt(after) == '>');
    }

    /** {@code ^ *</tag[ >]}. */
    private static boolean closesExactly(String line, String tag) {
        int i = skipSpaces(line);
        if (!line.startsWith("</" + tag, i)) {
            return false;
        }
        int after = i + 2 + tag.length();
        return after < line.length() && (line.charAt(after) == ' ' || line.charAt(after) == '>');
    }

    private static int skipSpaces(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The lines of {@code <section><part>}; empty when there is none. */
    List<String> part(String section, String part) {
        List<String> out = new ArrayList<>();
        int inside = 0;
        for (String line : lines) {
            if (inside == 0 && opens(line, section)) {
                inside = 1;
            } else if (inside >= 1 && opensExactly(line, part)) {
                if (inside > 1) {
                    out.add(line);
                }
                inside++;
            } else if (inside >= 2 && closesExactly(line, part)) {
                if (inside > 2) {
                    out.add(line);
                }
                inside--;
            } else if (inside >= 1 && line.startsWith("</" + section, skipSpaces(line))) {
                return out;
            } else if (inside >= 2) {
                out.add(line);
            }
        }
        return out;
    }

    /** The part's content as one byte string. */
    String text(String section, String part) {
        return String.join("", part(section, part));
    }

    boolean exists(String section, String part) {
        int inside = 0;
        for (String line : lines) {
            if (inside == 0 && opens(line, section)) {
                inside = 1;
            } else if (inside == 1 && opensExactly(line, part)) {
                return true;
            } else if (inside == 1 && line.startsWith("</" + section, skipSpaces(line))) {
                return false;
            }
        }
        return false;
    }

    /** The attributes of {@code <section><part ...>}. */
    Map<String, String> attributes(String section, String part) {
        Map<String, String> out = new HashMap<>();
        int inside = 0;
        for (String line : lines) {
            if (inside == 0 && opens(line, section)) {
                inside = 1;
            }
            if (inside == 1) {
                int i = skipSpaces(line);
                String open = "<" + part + " ";
                if (line.startsWith(open, i)) {
                    int end = line.indexOf('>', i);
                    String attr = line.substring(i + open.length(), end < 0 ? line.length() : end);
                    Matcher m = ATTR.matcher(attr);
                    while (m.find()) {
                        out.put(m.group(1).trim(), m.group(3) != null ? m.group(3) : m.group(4));
                    }
                    return out;
                }
                if (line.startsWith("</" + section, i)) {
                    return out;
                }
            }
        }
        return out;
    }

    /** Non-blank, trimmed lines of a part (keywords, servers, features). */
    List<String> words(String section, String part) {
        List<String> out = new ArrayList<>();
        for (String line : part(section, part)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }
}
