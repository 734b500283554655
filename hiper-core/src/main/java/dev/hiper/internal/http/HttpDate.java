package dev.hiper.internal.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7) for the time condition ({@code CURLOPT_TIMECONDITION}):
 * the {@code If-Modified-Since} family of request lines, written in IMF-fixdate as curl writes
 * them, and {@code Last-Modified} read in any of the three formats HTTP allows.
 */
public final class HttpDate {
    /** Made at the first time condition: every request asks {@link #condition}, few have one. */
    private static final class Imf {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
                Locale.ROOT);
    }

    private HttpDate() {
    }

    /**
     * Seconds since the epoch of a date in a header ({@code Last-Modified}, a cookie's
     * {@code Expires}), or -1 when it is not one: read by {@link DateParser}, libcurl's
     * {@code curl_getdate} rules, as libcurl reads them.
     */
    public static long parse(String value) {
        return DateParser.parse(value);
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
        return name + ": " + Imf.FORMAT.format(Instant.ofEpochSecond(time).atZone(ZoneOffset.UTC));
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
