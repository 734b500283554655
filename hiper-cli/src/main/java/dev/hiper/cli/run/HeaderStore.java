package dev.hiper.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of the responses, as libcurl's header API keeps them for
 * {@code %header{name}}, {@code %header{name:all:separator}} and {@code %{header_json}}: names
 * in their first spelling, values with surrounding blanks removed. A new response (a status
 * line) starts a new set; the one before is kept as an earlier request's when it was a final
 * response that led to another request (3xx, 401, 407: a status of 300 and up), and dropped when
 * it was an interim or a CONNECT one.
 */
final class HeaderStore {
    private record Field(String name, String value) {
    }

    private final List<Field> fields = new ArrayList<>();
    /** The final responses' fields of the earlier requests, oldest first. */
    private final List<Field> earlier = new ArrayList<>();
    private int status;

    /** Takes one header line as the header callback got it. */
    void line(String line) {
        String l = line;
        while (l.endsWith("\n") || l.endsWith("\r")) {
            l = l.substring(0, l.length() - 1);
        }
        if (l.startsWith("HTTP/")) {
            if (status >= 300) {
                earlier.addAll(fields);
            }
            fields.clear();
            int sp = l.indexOf(' ');
            status = sp > 0 && l.length() >= sp + 4 && l.substring(sp + 1, sp + 4).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(l.substring(sp + 1, sp + 4)) : 0;
            return;
        }
        int colon = l.indexOf(':');
        if (colon <= 0) {
            return;
        }
        fields.add(new Field(l.substring(0, colon), l.substring(colon + 1).strip()));
    }

    /**
     * What {@code %header{spec}} writes: the first value of the field of the last response, or
     * with {@code name:all:separator} every value of every request's, the separator between them
     * (its {@code \n \r \t \}} escapes undone); null for none.
     */
    String writeOut(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0 || !spec.startsWith("all:", colon + 1)) {
            return first(spec);
        }
        String name = spec.substring(0, colon);
        String sep = unescape(spec.substring(colon + 5));
        StringBuilder sb = null;
        for (List<Field> set : List.of(earlier, fields)) {
            for (Field f : set) {
                if (f.name.equalsIgnoreCase(name)) {
                    sb = sb == null ? new StringBuilder() : sb.append(sep);
                    sb.append(f.value);
                }
            }
        }
        return sb == null ? null : sb.toString();
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '}' -> sb.append('}');
                default -> sb.append(c).append(n);
            }
        }
        return sb.toString();
    }

    /** The first value of a field, or null. */
    String first(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return f.value;
            }
        }
        return null;
    }

    /** Values by field, in the order the fields first appeared; keys in their first spelling. */
    Map<String, List<String>> grouped() {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> byLower = new LinkedHashMap<>();
        for (Field f : fields) {
            String key = f.name.toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, f.name);
            byLower.computeIfAbsent(key, k -> new ArrayList<>()).add(f.value);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byLower.entrySet()) {
            out.put(spelling.get(e.getKey()), e.getValue());
        }
        return out;
    }
}
