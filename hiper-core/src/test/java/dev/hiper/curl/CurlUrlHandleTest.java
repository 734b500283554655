package dev.hiper.curl;

import org.junit.jupiter.api.Test;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurlUrlHandleTest {

    private static CurlUrlHandle parsed(String url, int flags) {
        CurlUrlHandle h = CurlUrlHandle.init();
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, url, flags), url);
        return h;
    }

    private static String get(CurlUrlHandle h, int part, int flags) {
        CurlUrlHandle.Result r = h.get(part, flags);
        assertEquals(CurlUCode.CURLUE_OK, r.code(), "part " + part);
        return r.value();
    }

    private static CurlUCode code(CurlUrlHandle h, int part) {
        return h.get(part, 0).code();
    }

    @Test
    void everyPartOfAFullUrl() {
        CurlUrlHandle h = parsed("HTTPS://us%65r:p%40ss@Example.COM:8443/a/./b/../c?x=1&y=2#frag%20ment", 0);
        assertEquals("https", get(h, CURLUPART_SCHEME, 0));
        assertEquals("us%65r", get(h, CURLUPART_USER, 0));
        assertEquals("user", get(h, CURLUPART_USER, CURLU_URLDECODE));
        assertEquals("p%40ss", get(h, CURLUPART_PASSWORD, 0));
        assertEquals("p@ss", get(h, CURLUPART_PASSWORD, CURLU_URLDECODE));
        assertEquals("example.com", get(h, CURLUPART_HOST, 0));
        assertEquals("8443", get(h, CURLUPART_PORT, 0));
        assertEquals("/a/c", get(h, CURLUPART_PATH, 0));
        assertEquals("x=1&y=2", get(h, CURLUPART_QUERY, 0));
        assertEquals("frag%20ment", get(h, CURLUPART_FRAGMENT, 0));
        assertEquals("frag ment", get(h, CURLUPART_FRAGMENT, CURLU_URLDECODE));
        assertEquals(CurlUCode.CURLUE_NO_OPTIONS, code(h, CURLUPART_OPTIONS));
        assertEquals(CurlUCode.CURLUE_NO_ZONEID, code(h, CURLUPART_ZONEID));
        assertEquals("https://us%65r:p%40ss@example.com:8443/a/c?x=1&y=2#frag%20ment",
                get(h, CURLUPART_URL, 0));
    }

    @Test
    void missingPartsGiveTheirCodes() {
        CurlUrlHandle h = parsed("http://example.com", 0);
        assertEquals(CurlUCode.CURLUE_NO_USER, code(h, CURLUPART_USER));
        assertEquals(CurlUCode.CURLUE_NO_PASSWORD, code(h, CURLUPART_PASSWORD));
        assertEquals(CurlUCode.CURLUE_NO_PORT, code(h, CURLUPART_PORT));
        assertEquals(CurlUCode.CURLUE_NO_QUERY, code(h, CURLUPART_QUERY));
        assertEquals(CurlUCode.CURLUE_NO_FRAGMENT, code(h, CURLUPART_FRAGMENT));
        assertEquals("/", get(h, CURLUPART_PATH, 0));
        assertEquals("http://example.com/", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_UNKNOWN_PART, code(h, 42));

        CurlUrlHandle empty = CurlUrlHandle.init();
        assertEquals(CurlUCode.CURLUE_NO_SCHEME, code(empty, CURLUPART_URL));
        assertEquals(CurlUCode.CURLUE_NO_HOST, code(empty, CURLUPART_HOST));
        assertEquals(CurlUCode.CURLUE_NO_SCHEME, code(empty, CURLUPART_SCHEME));
        assertTrue(empty.set(CURLUPART_SCHEME, "http", 0) == CurlUCode.CURLUE_OK);
        assertEquals(CurlUCode.CURLUE_NO_HOST, code(empty, CURLUPART_URL));
    }

    @Test
    void userWithoutPasswordAndEmptyUser() {
        CurlUrlHandle h = parsed("ftp://anon@ftp.example.org/pub/", 0);
        assertEquals("anon", get(h, CURLUPART_USER, 0));
        assertEquals(CurlUCode.CURLUE_NO_PASSWORD, code(h, CURLUPART_PASSWORD));
        assertEquals("ftp", get(h, CURLUPART_SCHEME, 0));
        CurlUrlHandle e = parsed("http://:secret@h/", 0);
        assertEquals("", get(e, CURLUPART_USER, 0));
        assertEquals("secret", get(e, CURLUPART_PASSWORD, 0));
    }

    @Test
    void ipv6WithAndWithoutZoneId() {
        CurlUrlHandle h = parsed("http://[FE80::0:1%25eth0]:8080/x", 0);
        assertEquals("[fe80::1]", get(h, CURLUPART_HOST, 0));
        assertEquals("eth0", get(h, CURLUPART_ZONEID, 0));
        assertEquals("8080", get(h, CURLUPART_PORT, 0));
        assertEquals("http://[fe80::1%25eth0]:8080/x", get(h, CURLUPART_URL, 0));

        CurlUrlHandle plain = parsed("https://[::1]/", 0);
        assertEquals("[::1]", get(plain, CURLUPART_HOST, 0));
        assertEquals(CurlUCode.CURLUE_NO_ZONEID, code(plain, CURLUPART_ZONEID));
        assertEquals(CurlUCode.CURLUE_OK, plain.set(CURLUPART_ZONEID, "lo", 0));
        assertEquals("https://[::1%25lo]/", get(plain, CURLUPART_URL, 0));
    }

    @Test
    void defaultPortFlags() {
        CurlUrlHandle h = parsed("https://example.com/", 0);
        assertEquals(CurlUCode.CURLUE_NO_PORT, code(h, CURLUPART_PORT));
        assertEquals("443", get(h, CURLUPART_PORT, CURLU_DEFAULT_PORT));
        assertEquals("https://example.com:443/", get(h, CURLUPART_URL, CURLU_DEFAULT_PORT));
        assertEquals("21", get(parsed("ftp://h/", 0), CURLUPART_PORT, CURLU_DEFAULT_PORT));

        CurlUrlHandle given = parsed("http://example.com:80/", 0);
        assertEquals("80", get(given, CURLUPART_PORT, 0));
        assertEquals(CurlUCode.CURLUE_NO_PORT, given.get(CURLUPART_PORT, CURLU_NO_DEFAULT_PORT).code());
        assertEquals("http://example.com/", get(given, CURLUPART_URL, CURLU_NO_DEFAULT_PORT));
        assertEquals("http://example.com:80/", get(given, CURLUPART_URL, 0));
    }

    @Test
    void schemeGuessedOrDefaultedOrRefused() {
        CurlUrlHandle h = CurlUrlHandle.init();
        assertEquals(CurlUCode.CURLUE_BAD_SCHEME, h.set(CURLUPART_URL, "example.com/x", 0));
        assertEquals("http", get(parsed("example.com/x", CURLU_GUESS_SCHEME), CURLUPART_SCHEME, 0));
        assertEquals("ftp", get(parsed("ftp.example.com/x", CURLU_GUESS_SCHEME), CURLUPART_SCHEME, 0));
        assertEquals("https", get(parsed("ftp.example.com/x", CURLU_DEFAULT_SCHEME), CURLUPART_SCHEME, 0));
        assertEquals("https://example.com/x", get(parsed("example.com/x", CURLU_DEFAULT_SCHEME), CURLUPART_URL, 0));

        CurlUrlHandle guessed = parsed("Example.com/x", CURLU_GUESS_SCHEME);
        assertEquals("example.com/x", get(guessed, CURLUPART_URL, CURLU_NO_GUESS_SCHEME));
        assertEquals("http://example.com/x", get(guessed, CURLUPART_URL, 0));
        assertEquals("http://h/", get(parsed("http://h/", CURLU_GUESS_SCHEME), CURLUPART_URL, CURLU_NO_GUESS_SCHEME));
        assertEquals(CurlUCode.CURLUE_UNSUPPORTED_SCHEME, h.set(CURLUPART_URL, "foo://h/", 0));
        assertEquals("foo", get(parsed("foo://h/", CURLU_NON_SUPPORT_SCHEME), CURLUPART_SCHEME, 0));
        assertEquals(CurlUCode.CURLUE_UNSUPPORTED_SCHEME, h.set(CURLUPART_SCHEME, "foo", 0));
        assertEquals(CurlUCode.CURLUE_BAD_SCHEME, h.set(CURLUPART_SCHEME, "1x", 0));
    }

    @Test
    void badUrlsGivePreciseCodesAndLeaveTheHandleAlone() {
        CurlUrlHandle h = parsed("http://kept.example/", 0);
        assertEquals(CurlUCode.CURLUE_BAD_PORT_NUMBER, h.set(CURLUPART_URL, "http://h:99999/", 0));
        assertEquals(CurlUCode.CURLUE_MALFORMED_INPUT, h.set(CURLUPART_URL, "http://h/a b", 0));
        assertEquals(CurlUCode.CURLUE_BAD_IPV6, h.set(CURLUPART_URL, "http://[::g]/", 0));
        assertEquals(CurlUCode.CURLUE_BAD_HOSTNAME, h.set(CURLUPART_URL, "http://a<b/", 0));
        assertEquals(CurlUCode.CURLUE_NO_HOST, h.set(CURLUPART_URL, "http://:80/x", 0));
        assertEquals(CurlUCode.CURLUE_BAD_SLASHES, h.set(CURLUPART_URL, "http:////h/", 0));
        assertEquals(CurlUCode.CURLUE_USER_NOT_ALLOWED,
                h.set(CURLUPART_URL, "http://u:p@h/", CURLU_DISALLOW_USER));
        assertEquals(CurlUCode.CURLUE_BAD_PORT_NUMBER, h.set(CURLUPART_PORT, "8x", 0));
        assertEquals(CurlUCode.CURLUE_BAD_PORT_NUMBER, h.set(CURLUPART_PORT, "65536", 0));
        assertEquals(CurlUCode.CURLUE_UNKNOWN_PART, h.set(11, "x", 0));
        assertEquals("http://kept.example/", get(h, CURLUPART_URL, 0));
    }

    @Test
    void settingPartsBuildsTheUrl() {
        CurlUrlHandle h = CurlUrlHandle.init();
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_SCHEME, "HTTPS", 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_HOST, "Example.org", 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_PORT, "8443", 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_PATH, "dir/a file", CURLU_URLENCODE));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_QUERY, "a=1", 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_QUERY, "b=two words", CURLU_APPENDQUERY | CURLU_URLENCODE));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_FRAGMENT, "top", 0));
        assertEquals("https://example.org:8443/dir/a%20file?a=1&b=two+words#top", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_PORT, null, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_FRAGMENT, null, 0));
        assertEquals("https://example.org/dir/a%20file?a=1&b=two+words", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_BAD_HOSTNAME, h.set(CURLUPART_HOST, "bad/host", 0));
    }

    @Test
    void relativeUrlsResolveAgainstTheOneHeld() {
        CurlUrlHandle h = parsed("http://example.com/a/b/c?q=1#f", 0);
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "../d", 0));
        assertEquals("http://example.com/a/d", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "/root?x=2#sec", 0));
        assertEquals("http://example.com/root?x=2#sec", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "?y=3", 0));
        assertEquals("http://example.com/root?y=3", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "#only", 0));
        assertEquals("http://example.com/root?y=3#only", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "//other.example:81/p", 0));
        assertEquals("http://other.example:81/p", get(h, CURLUPART_URL, 0));
        assertEquals(CurlUCode.CURLUE_OK, h.set(CURLUPART_URL, "https://third.example/", 0));
        assertEquals("https://third.example/", get(h, CURLUPART_URL, 0));
    }

    @Test
    void pathAsIsKeepsDotSegments() {
        assertEquals("/a/../b", get(parsed("http://h/a/../b", CURLU_PATH_AS_IS), CURLUPART_PATH, 0));
        assertEquals("/b", get(parsed("http://h/a/../b", 0), CURLUPART_PATH, 0));
    }

    @Test
    void urlDecodeRefusesControlBytes() {
        CurlUrlHandle h = parsed("http://h/a%0Ab", 0);
        assertEquals("/a%0Ab", get(h, CURLUPART_PATH, 0));
        assertEquals(CurlUCode.CURLUE_URLDECODE, h.get(CURLUPART_PATH, CURLU_URLDECODE).code());
        assertEquals("/\u00e9", get(parsed("http://h/%C3%A9", 0), CURLUPART_PATH, CURLU_URLDECODE));
    }

    @Test
    void dupCopiesAndCloseEndsTheHandle() {
        CurlUrlHandle h = parsed("http://h/x#f", 0);
        CurlUrlHandle c = h.dup();
        assertNotNull(c);
        assertEquals(CurlUCode.CURLUE_OK, c.set(CURLUPART_PATH, "/y", 0));
        assertEquals("http://h/x#f", get(h, CURLUPART_URL, 0));
        assertEquals("http://h/y#f", get(c, CURLUPART_URL, 0));
        h.close();
        assertEquals(CurlUCode.CURLUE_BAD_HANDLE, h.get(CURLUPART_URL, 0).code());
        assertEquals(CurlUCode.CURLUE_BAD_HANDLE, h.set(CURLUPART_URL, "http://h/", 0));
        assertNull(h.dup());
        assertFalse(h.get(CURLUPART_HOST, 0).ok());
        assertTrue(c.get(CURLUPART_HOST, 0).ok());
    }

    @Test
    void codesHaveLibcurlNumbers() {
        assertEquals(0, CurlUCode.CURLUE_OK.code());
        assertEquals(9, CurlUCode.CURLUE_UNKNOWN_PART.code());
        assertEquals(18, CurlUCode.CURLUE_NO_ZONEID.code());
        assertEquals(27, CurlUCode.CURLUE_BAD_SCHEME.code());
        assertEquals(31, CurlUCode.CURLUE_TOO_LARGE.code());
        for (CurlUCode c : CurlUCode.values()) {
            assertEquals(c.ordinal(), c.code());
        }
        assertEquals(10, CURLUPART_ZONEID);
        assertEquals(1 << 10, CURLU_NO_AUTHORITY);
    }
}
