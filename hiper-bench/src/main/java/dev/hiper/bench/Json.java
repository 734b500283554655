package dev.hiper.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the drivers' flat JSON lines: string, number and boolean values, no nesting. */
final class Json {
    private Json() {
    }

    static Map<String, Object> parse(String s) {
        Map<String, Object> m = new LinkedHashMap<>();
        int i = s.indexOf('{') + 1;
        while (i < s.length()) {
            i = skip(s, i);
            if (s.charAt(i) == '}') {
                break;
            }
            int[] end = new int[1];
            String key = string(s, i, end);
            i = skip(s, end[0]);
            i = skip(s, i + 1); // the colon
            Object value;
            char c = s.charAt(i);
            if (c == '"') {
                value = string(s, i, end);
                i = end[0];
            } else {
                int j = i;
                while (j < s.length() && ",}".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                String t = s.substring(i, j).trim();
                value = t.equals("true") || t.equals("false") ? (Object) Boolean.valueOf(t) : (Object) number(t);
                i = j;
            }
            m.put(key, value);
            i = skip(s, i);
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
        return m;
    }

    static double num(Map<String, Object> m, String k) {
        Object v = m == null ? null : m.get(k);
        return v instanceof Double d ? d : Double.NaN;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String string(String s, int i, int[] end) {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (s.charAt(j) != '"') {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
                c = s.charAt(j);
            }
            b.append(c);
            j++;
        }
        end[0] = j + 1;
        return b.toString();
    }

    /** A number as a C printf may write it: "nan", "-nan" and "inf" (not JSON) read as NaN, not a failed run. */
    private static Double number(String t) {
        String l = t.toLowerCase(java.util.Locale.ROOT);
        return l.endsWith("nan") || l.endsWith("inf") ? Double.NaN : Double.valueOf(t);
    }
}
