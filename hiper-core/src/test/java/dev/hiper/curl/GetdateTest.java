package dev.hiper.curl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * {@code Curl.getdate}, libcurl's {@code curl_getdate}: the one date parser of cookie expiry,
 * {@code Last-Modified} and the command line's {@code -z}. 784111777 is RFC 9110's example
 * date, Sun, 06 Nov 1994 08:49:37 GMT, in seconds since the epoch.
 */
class GetdateTest {
    private static final long SUN_06_NOV_1994_08_49_37 = 784111777L;

    @Test
    void httpsThreeFormats() {
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void looseVariantsZonesAndCompactDates() {
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("06 Nov 1994 08:49:37"));
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("Sun, 06 Nov 1994 09:49:37 +0100"));
        assertEquals(SUN_06_NOV_1994_08_49_37, Curl.getdate("Sun, 06 Nov 1994 00:49:37 PST"));
        assertEquals(784080000L, Curl.getdate("19941106"), "a date alone is its midnight");
        assertEquals(784080000L, Curl.getdate("6 Nov 1994"));
    }

    @Test
    void notADate() {
        assertEquals(-1, Curl.getdate(""));
        assertEquals(-1, Curl.getdate("yesterday"));
        // long runs of digits in a time (found by the cookie parser's fuzz target): -1, not an exception
        assertEquals(-1, Curl.getdate("06 Nov 1994 1:10000000000000001900004 GMT"));
        assertEquals(-1, Curl.getdate("06 Nov 1994 10000000000000001900004:49 GMT"));
        assertEquals(-1, Curl.getdate("06 Nov 1994 08:49:10000000000000001900004 GMT"));
        assertEquals(-1, Curl.getdate("Sun, 06 Nov 1994 25:49:37 GMT"), "hour 25");
        assertEquals(-1, Curl.getdate("06 Nov 1400 08:49:37"), "before 1583");
    }
}
