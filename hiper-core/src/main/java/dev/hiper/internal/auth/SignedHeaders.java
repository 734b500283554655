package dev.hiper.internal.auth;

import dev.hiper.curl.CurlCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The headers an AWS V4 signature covers, as libcurl 8 picks them: the Host line (the
 * application's own when it sets one), the content hash line hiper adds, every header line the
 * application sets (a "Name:" that removes a header and a value of blanks only are left out; a
 * "Name;" counts as "Name:" with an empty value), and the date line unless the application sets
 * {@code X-<Provider>-Date} or {@code Date} itself (then the timestamp is taken from its value
 * when that is 16 letters and digits, and is empty otherwise).
 * Each as {@code name:value}, the name in lower case, the value with leading and trailing
 * blanks removed and each run of blanks inside made one space; sorted by name (a stable sort),
 * repeated names merged into one line with their values comma-separated.
 */
final class SignedHeaders {
    /** The canonical header block, each line ending with a newline. */
    final String canonical;
    /** The signed header names, ';'-separated. */
    final String names;
    /** The date line hiper sends ({@code X-Amz-Date: ...}), or null when the application sends one. */
    final String dateLine;
    /** The request's timestamp (perhaps the application's, perhaps empty). */
    final String timestamp;

    private SignedHeaders(String canonical, String names, String dateLine, String timestamp) {
        this.canonical = canonical;
        this.names = names;
        this.dateLine = dateLine;
        this.timestamp = timestamp;
    }

    static SignedHeaders make(AwsSigV4.Request r, String provider, String timestamp, String contentHeader)
            throws AwsSigV4.Failure {
        List<String> lines = new ArrayList<>();
        if (AwsSigV4.find(r.headers(), "Host") == null && r.hostHeader() != null) {
            lines.add("Host: " + r.hostHeader());
        }
        if (!contentHeader.isEmpty()) {
            lines.add(contentHeader);
        }
        if (r.headers() != null) {
            for (String h : r.headers()) {
                int sep = h.indexOf(':');
                if (sep < 0) {
                    sep = h.indexOf(';');
                }
                if (sep < 0 || h.charAt(sep) == ':' && sep + 1 == h.length()) {
                    continue; // not a header, or "Name:" that removes one
                }
                int v = sep + 1;
                while (v < h.length() && AwsSigV4.blank(h.charAt(v))) {
                    v++;
                }
                if (v == h.length() && v != sep + 1) {
                    continue; // a value of blanks only
                }
                lines.add(h.substring(0, sep) + ":" + h.substring(sep + 1));
            }
        }
        List<String> trimmed = new ArrayList<>(lines.size() + 1);
        for (String l : lines) {
            trimmed.add(fold(l));
        }
        String lower = provider.toLowerCase(Locale.ROOT);
        String dateName = "X-" + Character.toUpperCase(provider.charAt(0)) + lower.substring(1) + "-Date";
        String own = AwsSigV4.find(r.headers(), dateName);
        if (own == null) {
            own = AwsSigV4.find(r.headers(), "Date");
        }
        String dateLine = null;
        String stamp = timestamp;
        if (own == null) {
            trimmed.add("x-" + lower + "-date:" + timestamp);
            dateLine = dateName + ": " + timestamp;
        } else {
            int colon = own.indexOf(':');
            if (colon < 0) {
                // libcurl cannot read a date out of "Name;" and gives up on the request
                throw new AwsSigV4.Failure(CurlCode.CURLE_OUT_OF_MEMORY, "aws-sigv4: no value in the " + dateName
                        + " header");
            }
            int a = colon + 1;
            while (a < own.length() && AwsSigV4.blank(own.charAt(a))) {
                a++;
            }
            int e = a;
            while (e < own.length() && Character.isLetterOrDigit(own.charAt(e)) && own.charAt(e) < 0x80) {
                e++;
            }
            stamp = e - a == 16 ? own.substring(a, e) : "";
        }
        // a stable sort by name, as libcurl's bubble sort
        trimmed.sort((x, y) -> name(x).compareTo(name(y)));
        StringBuilder canonical = new StringBuilder(256);
        StringBuilder names = new StringBuilder(64);
        int i = 0;
        while (i < trimmed.size()) {
            String line = trimmed.get(i);
            String n = name(line);
            StringBuilder merged = new StringBuilder(line);
            while (i + 1 < trimmed.size() && name(trimmed.get(i + 1)).equals(n)) {
                String next = trimmed.get(++i);
                merged.append(',').append(next, next.indexOf(':') + 1, next.length());
            }
            i++;
            canonical.append(merged).append('\n');
            if (names.length() > 0) {
                names.append(';');
            }
            names.append(n);
        }
        return new SignedHeaders(canonical.toString(), names.toString(), dateLine, stamp);
    }

    private static String name(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    /** The name in lower case; the value's blanks trimmed and each run inside made one space. */
    private static String fold(String line) {
        int colon = line.indexOf(':');
        StringBuilder sb = new StringBuilder(line.length());
        sb.append(line.substring(0, colon).toLowerCase(Locale.ROOT)).append(':');
        int i = colon + 1;
        while (i < line.length() && AwsSigV4.blank(line.charAt(i))) {
            i++;
        }
        while (i < line.length()) {
            if (AwsSigV4.blank(line.charAt(i))) {
                while (i < line.length() && AwsSigV4.blank(line.charAt(i))) {
                    i++;
                }
                if (i < line.length()) {
                    sb.append(' ');
                }
            } else {
                sb.append(line.charAt(i++));
            }
        }
        return sb.toString();
    }
}
