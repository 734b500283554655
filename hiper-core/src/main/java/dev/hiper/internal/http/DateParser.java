package dev.hiper.internal.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Dates as curl's {@code curl_getdate} reads them: the formats of HTTP (RFC 1123, RFC 850,
 * asctime) and loose variants ("dec 12 12:00:00 1999 GMT"): weekday and month names, a time
 * {@code HH:MM[:SS]}, a day, a year (two digits: 1970-2069), an 8-digit {@code YYYYMMDD}, a
 * zone name or {@code +HHMM}. No zone means GMT. One parser for every date hiper reads, as
 * libcurl has one: cookie expiry, {@code Last-Modified}, the command line's {@code -z} and
 * {@code Retry-After}; public as {@code Curl.getdate}.
 */
public final class DateParser {
    private static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    /** Zone offsets in minutes west... given here as minutes east of UTC. */
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("gmt", 0), Map.entry("ut", 0),
            Map.entry("utc", 0), Map.entry("wet", 0), Map.entry("bst", 60), Map.entry("wat", -60),
            Map.entry("ast", -240), Map.entry("adt", -180), Map.entry("est", -300), Map.entry("edt", -240),
            Map.entry("cst", -360), Map.entry("cdt", -300), Map.entry("mst", -420), Map.entry("mdt", -360),
            Map.entry("pst", -480), Map.entry("pdt", -420), Map.entry("yst", -540), Map.entry("ydt", -480),
            Map.entry("hst", -600), Map.entry("hdt", -540), Map.entry("cat", -600), Map.entry("ahst", -600),
            Map.entry("nt", -660), Map.entry("idlw", -720), Map.entry("cet", 60), Map.entry("met", 60),
            Map.entry("mewt", 60), Map.entry("mest", 120), Map.entry("cest", 120), Map.entry("mesz", 120),
            Map.entry("fwt", 60), Map.entry("fst", 120), Map.entry("eet", 120), Map.entry("wast", 420),
            Map.entry("wadt", 480), Map.entry("cct", 480), Map.entry("jst", 540), Map.entry("east", 600),
            Map.entry("eadt", 660), Map.entry("gst", 600), Map.entry("nzt", 720), Map.entry("nzst", 720),
            Map.entry("nzdt", 780), Map.entry("idle", 720), Map.entry("z", 0));

    private DateParser() {
    }

    /** Seconds since the epoch, or -1 when the text is not a date. */
    public static long parse(String text) {
        int wday = -1;
        int mon = -1;
        int mday = -1;
        int year = -1;
        int hour = -1;
        int min = -1;
        int sec = -1;
        int tzoff = Integer.MIN_VALUE;
        String s = text;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                int st = i;
                while (i < n && Character.isLetter(s.charAt(i))) {
                    i++;
                }
                String w = s.substring(st, i).toLowerCase(Locale.ROOT);
                int k;
                if (wday < 0 && (k = find(WEEKDAYS, w)) >= 0) {
                    wday = k;
                } else if (mon < 0 && (k = find(MONTHS, w)) >= 0) {
                    mon = k;
                } else if (tzoff == Integer.MIN_VALUE && ZONES.containsKey(w)) {
                    tzoff = ZONES.get(w);
                } else {
                    return -1;
                }
            } else if (Character.isDigit(c)) {
                int st = i;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                String num = s.substring(st, i);
                if (hour < 0 && i < n && s.charAt(i) == ':') {
                    // HH:MM[:SS]
                    int j = i + 1;
                    int m1 = j;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    if (j == m1 || num.length() > 2 || j - m1 > 2) {
                        return -1; // H:MM or HH:MM, as libcurl's time pattern; no run of digits overflows
                    }
                    hour = Integer.parseInt(num);
                    min = Integer.parseInt(s.substring(m1, j));
                    sec = 0;
                    if (j < n && s.charAt(j) == ':') {
                        int s1 = j + 1;
                        int k = s1;
                        while (k < n && Character.isDigit(s.charAt(k))) {
                            k++;
                        }
                        if (k == s1 || k - s1 > 2) {
                            return -1;
                        }
                        sec = Integer.parseInt(s.substring(s1, k));
                        j = k;
                    }
                    i = j;
                    if (hour > 23 || min > 59 || sec > 60) {
                        return -1;
                    }
                    continue;
                }
                char prev = st > 0 ? s.charAt(st - 1) : ' ';
                if ((prev == '+' || prev == '-') && num.length() == 4 && tzoff == Integer.MIN_VALUE && hour >= 0) {
                    int v = Integer.parseInt(num);
                    int off = (v / 100) * 60 + v % 100;
                    tzoff = prev == '+' ? off : -off;
                } else if (num.length() == 8 && year < 0 && mon < 0 && mday < 0) {
                    int v = Integer.parseInt(num);
                    year = v / 10000;
                    mon = (v / 100) % 100 - 1;
                    mday = v % 100;
                } else if (mday < 0 && num.length() <= 2 && Integer.parseInt(num) >= 1 && Integer.parseInt(num) <= 31) {
                    mday = Integer.parseInt(num);
                } else if (year < 0) {
                    int v = Integer.parseInt(num.length() > 9 ? num.substring(0, 9) : num);
                    if (num.length() <= 2) {
                        v += v < 70 ? 2000 : 1900;
                    }
                    year = v;
                } else {
                    return -1;
                }
            } else {
                i++;
            }
        }
        if (sec < 0) {
            hour = 0;
            min = 0;
            sec = 0;
        }
        if (mday < 0 || mon < 0 || year < 0 || mon > 11) {
            return -1;
        }
        if (year < 1583) {
            return -1;
        }
        if (sec == 60) {
            sec = 59;
        }
        try {
            long t = LocalDateTime.of(year, mon + 1, mday, hour, min, sec).toEpochSecond(ZoneOffset.UTC);
            if (tzoff != Integer.MIN_VALUE) {
                t -= tzoff * 60L;
            }
            return t;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static int find(String[] names, String w) {
        for (int k = 0; k < names.length; k++) {
            if (w.startsWith(names[k]) && (w.length() == 3 || fullName(names[k], w))) {
                return k;
            }
        }
        return -1;
    }

    private static boolean fullName(String abbrev, String w) {
        String[] full = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
            "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december"};
        for (String f : full) {
            if (f.startsWith(abbrev) && f.equals(w)) {
                return true;
            }
        }
        return false;
    }
}
