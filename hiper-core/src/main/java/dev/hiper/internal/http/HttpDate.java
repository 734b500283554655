package dev.hiper.internal.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7) for the time condition ({@code CURLOPT_TIMECONDITION}):
 * the {@code If-Modified-Since} family of request lines, written in IMF-fixdate as curl writes
 * them, and {@code Last-Modified} read in any of the three formats HTTP allows.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT);

    private HttpDate() {
    }

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};

    /**
     * Seconds since the epoch of an HTTP date, or -1 when it is not one. Lenient as curl's
     * parser is: the weekday is not checked, the three formats of RFC 9110 section 5.6.7 are
     * read by their fields (day, month name, year, HH:MM:SS), any order.
     */
    public static long parse(String value) {
        int day = -1;
        int month = -1;
        int year = -1;
        int[] hms = null;
        for (String tok : value.trim().split("[\\s,]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.indexOf(':') > 0) {
                String[] p = tok.split(":");
                if (p.length < 2 || p.length > 3) {
                    return -1;
                }
                try {
                    hms = new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), p.length == 3 ? Integer.parseInt(p[2]) : 0};
                } catch (NumberFormatException e) {
                    return -1;
                }
                continue;
            }
            if (tok.indexOf('-') > 0) {
                // RFC 850: dd-Mon-yy
                String[] p = tok.split("-");
                if (p.length == 3) {
                    try {
                        day = Integer.parseInt(p[0]);
                        month = month(p[1]);
                        year = Integer.parseInt(p[2]);
                        if (year < 100) {
                            year += year < 70 ? 2000 : 1900;
                        }
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
                continue;
            }
            if (Character.isDigit(tok.charAt(0))) {
                int n;
                try {
                    n = Integer.parseInt(tok);
                } catch (NumberFormatException e) {
                    return -1;
                }
                if (day < 0 && tok.length() <= 2) {
                    day = n;
                } else {
                    year = n;
                }
            } else if (month < 0 && month(tok) >= 0) {
                month = month(tok);
            }
        }
        if (day < 1 || month < 0 || year < 0 || hms == null) {
            return -1;
        }
        try {
            return LocalDateTime.of(year, month + 1, day, hms[0], hms[1], Math.min(hms[2], 59))
                    .toEpochSecond(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static int month(String tok) {
        String t = tok.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (t.startsWith(MONTHS[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The request line for a time condition (curl's Curl_add_timecondition), or null for none. */
    public static String condition(long cond, long time) {
        String name;
        if (cond == 1) {
            name = "If-Modified-Since";
        } else if (cond == 2) {
            name = "If-Unmodified-Since";
        } else if (cond == 3) {
            name = "Last-Modified";
        } else {
            return null;
        }
        return name + ": " + IMF.format(Instant.ofEpochSecond(time).atZone(ZoneOffset.UTC));
    }

    /**
     * Whether a document last modified at {@code lastModified} meets the condition (curl's
     * Curl_meets_timecondition); an unknown time always does.
     */
    public static boolean meets(long cond, long time, long lastModified) {
        if (lastModified <= 0 || time == 0) {
            return true;
        }
        if (cond == 2) {
            return lastModified < time;
        }
        return lastModified > time;
    }

    /** Whether a Content-Range value ("bytes N-M/T") starts where a resumed download asked. */
    public static boolean rangeStartsAt(String contentRange, long offset) {
        String v = contentRange.trim();
        int i = 0;
        while (i < v.length() && !Character.isDigit(v.charAt(i)) && v.charAt(i) != '*') {
            i++;
        }
        int j = i;
        while (j < v.length() && Character.isDigit(v.charAt(j))) {
            j++;
        }
        if (j == i) {
            return false;
        }
        try {
            return Long.parseLong(v.substring(i, j)) == offset;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
