package dev.hiper.cli.run;

import java.util.ArrayList;
import java.util.List;

/**
 * curl's URL globbing: {@code {a,b,c}} sets and {@code [1-10]}, {@code [a-z]},
 * {@code [001-100:5]} ranges expand one pattern into many URLs (the rightmost pattern varying
 * fastest); a backslash makes {@code { } [ ]} literal. {@code #N} in an output name stands for
 * the text the Nth pattern produced.
 */
final class Glob {
    /** A pattern failed to parse: curl's message and the position (0-based) it points at. */
    static final class GlobException extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        GlobException(String message, int position) {
            super(message);
            this.position = position;
        }
    }

    /** One piece of the pattern: literal text, or a list of alternatives. */
    private record Part(String literal, List<String> values) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final List<Integer> patternIndexes = new ArrayList<>();
    /** Named sets ({@code {<name>a,b}}): name to part index. */
    private final java.util.Map<String, Integer> named = new java.util.HashMap<>();
    private final int[] counters;
    private final long total;
    private long produced;

    private Glob(String pattern) throws GlobException {
        parse(pattern);
        counters = new int[parts.size()];
        long t = 1;
        for (Part p : parts) {
            if (p.values != null) {
                t *= p.values.size();
                if (t > 100_000_000L) {
                    throw new GlobException("too many ranges", 0);
                }
            }
        }
        total = t;
    }

    static Glob parse(String pattern, boolean enabled) throws GlobException {
        if (!enabled) {
            Glob g = new Glob("");
            g.parts.clear();
            g.parts.add(new Part(pattern, null));
            return g;
        }
        return new Glob(pattern);
    }

    /** How many URLs the pattern expands to. */
    long count() {
        return total;
    }

    boolean hasNext() {
        return produced < total;
    }

    /** Whether the pattern holds any set or range. */
    boolean inUse() {
        return !patternIndexes.isEmpty();
    }

    String next() {
        if (produced > 0) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                Part p = parts.get(i);
                if (p.values == null) {
                    continue;
                }
                counters[i]++;
                if (counters[i] < p.values.size()) {
                    break;
                }
                counters[i] = 0;
            }
        }
        produced++;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            sb.append(p.values == null ? p.literal : p.values.get(counters[i]));
        }
        return sb.toString();
    }

    /**
     * Replaces {@code #N} and {@code #<name>} in an output name with the current text of the Nth
     * or the named pattern; a well-formed {@code #<name>} naming none fails ("no glob exists with
     * this name", at the offset past its {@code >}).
     */
    String matchOutput(String name) throws GlobException {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '#' && i + 1 < name.length() && name.charAt(i + 1) == '<') {
                int close = nameEnd(name, i + 1);
                if (close > 0) {
                    Integer part = named.get(name.substring(i + 2, close));
                    if (part == null) {
                        throw new GlobException("no glob exists with this name", close);
                    }
                    sb.append(parts.get(part).values.get(counters[part]));
                    i = close + 1;
                    continue;
                }
            }
            if (c == '#' && i + 1 < name.length() && Character.isDigit(name.charAt(i + 1))) {
                int j = i + 1;
                while (j < name.length() && Character.isDigit(name.charAt(j))) {
                    j++;
                }
                int n;
                try {
                    n = Integer.parseInt(name.substring(i + 1, j));
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n >= 1 && n <= patternIndexes.size()) {
                    int part = patternIndexes.get(n - 1);
                    sb.append(parts.get(part).values.get(counters[part]));
                    i = j;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private void parse(String s) throws GlobException {
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "{}[]".indexOf(s.charAt(i + 1)) >= 0) {
                lit.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '{') {
                flush(lit);
                i = parseSet(s, i);
            } else if (c == '[') {
                int literal = bracketLiteral(s, i);
                if (literal > 0) {
                    lit.append(s, i, i + literal);
                    i += literal;
                    continue;
                }
                flush(lit);
                i = parseRange(s, i);
            } else if (c == '}' || c == ']') {
                throw new GlobException("unmatched close brace/bracket", i);
            } else {
                lit.append(c);
                i++;
            }
        }
        flush(lit);
    }

    private void flush(StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new Part(lit.toString(), null));
            lit.setLength(0);
        }
    }

    private void addPattern(List<String> values) {
        patternIndexes.add(parts.size());
        parts.add(new Part(null, values));
    }

    private int parseSet(String s, int open) throws GlobException {
        List<String> values = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = readName(s, open + 1);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '{' || c == '[') {
                throw new GlobException("nested brace", i);
            }
            if (c == ',' || c == '}') {
                if (c == '}' && values.isEmpty() && cur.length() == 0) {
                    throw new GlobException("empty string within braces", i);
                }
                values.add(cur.toString());
                cur.setLength(0);
                if (c == '}') {
                    addPattern(values);
                    return i + 1;
                }
                i++;
                continue;
            }
            cur.append(c);
            i++;
        }
        throw new GlobException("unmatched brace", open);
    }

    /** The {@code >} that ends a glob name whose {@code <} is at {@code lt}, or -1 (no name). */
    private static int nameEnd(String s, int lt) {
        int close = s.indexOf('>', lt + 1);
        return close > lt && close - lt - 1 <= MAX_NAME_LEN ? close : -1;
    }

    /**
     * After a set's or range's opening character: an optional {@code <name>} names the pattern
     * about to be added (a malformed one is no name: the text is content). Returns where the
     * content starts.
     */
    private int readName(String s, int from) throws GlobException {
        if (from >= s.length() || s.charAt(from) != '<') {
            return from;
        }
        int close = nameEnd(s, from);
        if (close < 0) {
            return from;
        }
        String name = s.substring(from + 1, close);
        if (named.containsKey(name)) {
            throw new GlobException("Duplicate glob name", close);
        }
        named.put(name, parts.size());
        return close + 1;
    }

    /**
     * How many characters from the '[' at {@code open} are literal: "[]", or an IPv6 address
     * in brackets (hex digits, dots and at least two colons, maybe a zone), as curl's glob
     * skips them; 0 for a range.
     */
    private static int bracketLiteral(String s, int open) {
        int close = s.indexOf(']', open);
        if (close < 0) {
            return 0;
        }
        if (close == open + 1) {
            return 2;
        }
        int colons = 0;
        int end = close;
        int zone = s.indexOf('%', open);
        if (zone > open && zone < close) {
            end = zone;
        }
        for (int i = open + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!(c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return 0;
            }
        }
        return colons >= 2 ? close - open + 1 : 0;
    }

    private static final int MAX_NAME_LEN = 64;

    private int parseRange(String s, int bracket) throws GlobException {
        int close = s.indexOf(']', bracket);
        if (close < 0) {
            throw new GlobException("unmatched brace", bracket);
        }
        int open = readName(s, bracket + 1) - 1;
        String spec = s.substring(open + 1, close);
        int step = 1;
        int colon = spec.indexOf(':');
        String body = spec;
        if (colon >= 0) {
            try {
                step = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new GlobException("bad range", open + 1 + colon);
            }
            if (step <= 0) {
                throw new GlobException("bad range", open + 1 + colon);
            }
            body = spec.substring(0, colon);
        }
        List<String> values = new ArrayList<>();
        if (body.length() == 3 && Character.isLetter(body.charAt(0)) && body.charAt(1) == '-'
                && Character.isLetter(body.charAt(2))) {
            char a = body.charAt(0);
            char b = body.charAt(2);
            if (a > b || Character.isUpperCase(a) != Character.isUpperCase(b)) {
                throw new GlobException("bad range", close + 1);
            }
            for (char c = a; c <= b; c += (char) step) {
                values.add(String.valueOf(c));
            }
        } else {
            int dash = body.indexOf('-');
            if (dash <= 0) {
                throw new GlobException("bad range", close + 1);
            }
            String from = body.substring(0, dash);
            String to = body.substring(dash + 1);
            long a;
            long b;
            try {
                a = Long.parseLong(from);
                b = Long.parseLong(to);
            } catch (NumberFormatException e) {
                throw new GlobException("bad range", close + 1);
            }
            if (a > b || b - a > 100_000_000L || b > Long.MAX_VALUE - step) {
                throw new GlobException("bad range", close + 1);
            }
            int width = from.startsWith("0") && from.length() > 1 ? from.length() : 0;
            for (long v = a;; v += step) {
                String t = Long.toString(v);
                while (t.length() < width) {
                    t = "0" + t;
                }
                values.add(t);
                if (b - v < step) {
                    break;
                }
            }
        }
        addPattern(values);
        return close + 1;
    }
}
