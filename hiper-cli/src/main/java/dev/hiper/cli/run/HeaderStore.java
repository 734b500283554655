package dev.hiper.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of the last response, as libcurl's header API keeps them for
 * {@code %header{name}} and {@code %{header_json}}: names in their first spelling, values with
 * surrounding blanks removed, a new response (a status line) clearing the previous one's.
 */
final class HeaderStore {
    private record Field(String name, String value) {
    }

    private final List<Field> fields = new ArrayList<>();

    /** Takes one header line as the header callback got it. */
    void line(String line) {
        String l = line;
        while (l.endsWith("\n") || l.endsWith("\r")) {
            l = l.substring(0, l.length() - 1);
        }
        if (l.startsWith("HTTP/")) {
            fields.clear();
            return;
        }
        int colon = l.indexOf(':');
        if (colon <= 0) {
            return;
        }
        fields.add(new Field(l.substring(0, colon), l.substring(colon + 1).strip()));
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
