package dev.hiper.internal.cookie;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cookie parser and the jar's rules on strings: Set-Cookie attributes, Netscape lines,
 * domain and path matching, Secure, the prefixes, expiry, replacing, the public suffixes and
 * libcurl's limits.
 */
class CookieStoreTest {
    static final long NOW = 1_800_000_000L;

    private static Cookie header(String line, String host, String path, boolean secure) {
        return CookieParser.fromHeader(line, host, path, secure, false, NOW);
    }

    private static CookieStore running() {
        CookieStore s = new CookieStore();
        s.running = true;
        return s;
    }

    private static boolean add(CookieStore s, String line, String host, String path, boolean secure) {
        Cookie co = header(line, host, path, secure);
        return co != null && s.add(co, host, secure, true, true, NOW);
    }

    private static String names(List<Cookie> l) {
        StringBuilder sb = new StringBuilder();
        for (Cookie c : l) {
            sb.append(sb.length() > 0 ? "; " : "").append(c.name).append('=').append(c.value);
        }
        return sb.toString();
    }

    @Test
    void attributesAreRead() {
        Cookie c = header(" a = b c ; Domain=.Example.COM; Path=/x/; Secure; HttpOnly; Max-Age=60", "www.example.com",
                "/p/q", true);
        assertEquals("a", c.name);
        assertEquals("b c", c.value);
        assertEquals("Example.COM", c.domain);
        assertTrue(c.tailmatch);
        assertEquals("/x", c.path);
        assertTrue(c.secure && c.httpOnly);
        assertEquals(NOW + 60, c.expires);
        Cookie d = header("n=v", "www.example.com", "/dir/page?q=/x", false);
        assertEquals("/dir", d.path, "the default path is the request path's directory");
        assertEquals("www.example.com", d.domain);
        assertFalse(d.tailmatch, "without Domain the cookie is for this host only");
        assertEquals(0, d.expires, "a session cookie");
        assertEquals(CookieParser.cap(NOW + 10L * 365 * 24 * 3600, NOW),
                header("n=v; expires=Wed, 09 Jun 2100 10:18:14 GMT", "h.example", "/", false).expires,
                "expiry capped at 400 days");
        assertEquals(1, header("n=v; max-age=0", "h.example", "/", false).expires, "Max-Age 0 expires at once");
        assertEquals(NOW + 5, header("n=v; expires=Wed, 09 Jun 2100 10:18:14 GMT; max-age=5", "h.example", "/",
                false).expires, "Max-Age wins over Expires");
    }

    @Test
    void refusedLines() {
        assertNull(header("noequals", "h.example", "/", false));
        assertNull(header("=v", "h.example", "/", false));
        assertNull(header("a=b; domain=other.example", "h.example", "/", false), "a domain the host is not in");
        assertNull(header("a=b; domain=ample.com", "www.example.com", "/", false), "not a label boundary");
        assertNull(header("a=b; secure", "h.example", "/", false), "Secure over an insecure origin");
        assertNull(header("a=b\u0001", "h.example", "/", false), "control bytes");
        assertNull(header("a=" + "x".repeat(4096), "h.example", "/", false), "name and value over 4096 bytes");
        assertNotNull(header("a=" + "x".repeat(4095), "h.example", "/", false));
        assertNull(header("a=b; c=" + "x".repeat(5000), "h.example", "/", false), "a line over 5000 bytes");
    }

    @Test
    void prefixesNeedTheirConditions() {
        CookieStore s = running();
        assertFalse(add(s, "__Secure-a=1", "h.example", "/", true));
        assertTrue(add(s, "__Secure-a=1; Secure", "h.example", "/", true));
        assertFalse(add(s, "__Host-b=1; Secure; Path=/; Domain=h.example", "h.example", "/", true));
        assertFalse(add(s, "__Host-b=1; Secure; Path=/sub", "h.example", "/", true));
        assertTrue(add(s, "__Host-b=1; Secure; Path=/", "h.example", "/", true));
        assertEquals(2, s.size());
    }

    @Test
    void matchingByDomainPathAndSecurity() {
        CookieStore s = running();
        assertTrue(add(s, "host=1", "example.com", "/", true));
        assertTrue(add(s, "dom=2; domain=example.com", "example.com", "/", true));
        assertTrue(add(s, "deep=3; domain=example.com; path=/a/b", "example.com", "/", true));
        assertTrue(add(s, "sec=4; secure", "example.com", "/", true));
        // longest path first, then longest domain, longest name, newest
        assertEquals("deep=3; host=1; sec=4; dom=2", names(s.forRequest("example.com", "/a/b/c", true, NOW)));
        assertEquals("host=1; dom=2", names(s.forRequest("example.com", "/a/bc", false, NOW)));
        assertEquals("dom=2", names(s.forRequest("www.example.com", "/", false, NOW)),
                "a host-only cookie does not go to a subdomain");
        assertEquals("", names(s.forRequest("notexample.com", "/", true, NOW)));
        assertTrue(CookieStore.pathMatch("/a", "/a"));
        assertTrue(CookieStore.pathMatch("/a", "/a/x"));
        assertFalse(CookieStore.pathMatch("/a", "/ab"));
        assertFalse(CookieStore.pathMatch("/A", "/a"), "paths match case-sensitively");
    }

    @Test
    void replacingExpiringAndTheSecureOverlay() {
        CookieStore s = running();
        assertTrue(add(s, "a=1", "h.example", "/", false));
        assertTrue(add(s, "a=2", "h.example", "/", false));
        assertEquals("a=2", names(s.forRequest("h.example", "/", false, NOW)), "the newer replaces the older");
        assertTrue(add(s, "a=3; max-age=0", "h.example", "/", false));
        assertEquals("", names(s.forRequest("h.example", "/", false, NOW)), "Max-Age=0 deletes it");
        assertTrue(add(s, "s=1; secure; path=/login", "h.example", "/", true));
        assertFalse(add(s, "s=2; path=/login/en", "h.example", "/", false), "no insecure overlay of a secure cookie");
        assertFalse(add(s, "s=3; path=/loginhelper", "h.example", "/", false), "libcurl compares the first segment");
        assertTrue(add(s, "s=4; path=/other", "h.example", "/", false));
    }

    @Test
    void publicSuffixesAreRefused() {
        CookieStore s = running();
        assertFalse(add(s, "a=1; domain=co.uk", "www.example.co.uk", "/", false));
        assertFalse(add(s, "a=1; domain=com", "example.com", "/", false));
        assertTrue(add(s, "a=1; domain=example.co.uk", "www.example.co.uk", "/", false));
        assertTrue(add(s, "b=1; domain=com", "com", "/", false), "a host may set a cookie for its own name");
        PublicSuffixList psl = PublicSuffixList.get();
        assertTrue(psl.isPublicSuffix("com"));
        assertTrue(psl.isPublicSuffix("co.uk"));
        assertFalse(psl.isPublicSuffix("example.com"));
        assertTrue(psl.isPublicSuffix("anything.ck"), "a wildcard rule");
        assertFalse(psl.isPublicSuffix("www.ck"), "an exception rule");
    }

    @Test
    void netscapeLines() {
        Cookie c = CookieParser.fromNetscape("#HttpOnly_.example.com\tTRUE\t/p\tTRUE\t1900000000\tname\tvalue");
        assertTrue(c.httpOnly && c.tailmatch && c.secure);
        assertEquals("example.com", c.domain);
        assertEquals("/p", c.path);
        assertEquals(1900000000L, c.expires);
        assertEquals("#HttpOnly_.example.com\tTRUE\t/p\tTRUE\t1900000000\tname\tvalue", c.netscapeLine());
        Cookie empty = CookieParser.fromNetscape("h.example\tFALSE\t/\tFALSE\t0\tempty");
        assertEquals("", empty.value, "six fields: an empty value");
        Cookie noPath = CookieParser.fromNetscape("h.example\tFALSE\tFALSE\t0\tn\tv");
        assertEquals("/", noPath.path);
        assertNull(CookieParser.fromNetscape("# a comment"));
        assertNull(CookieParser.fromNetscape("h.example\tFALSE\t/\tFALSE\tsoon\tn\tv"));
        assertNull(CookieParser.fromNetscape("a\tb\tc\td\te\tf\tg\th"));
    }

    @Test
    void sessionCookiesDroppedOnANewSession() {
        CookieStore s = new CookieStore();
        s.newSession = true;
        assertFalse(s.add(CookieParser.fromNetscape("h.example\tFALSE\t/\tFALSE\t0\tsess\t1"), null, true, false,
                false, NOW));
        assertTrue(s.add(CookieParser.fromNetscape("h.example\tFALSE\t/\tFALSE\t1900000000\tkept\t1"), null, true,
                false, false, NOW));
        assertEquals(List.of("h.example\tFALSE\t/\tFALSE\t1900000000\tkept\t1"), s.lines(true, NOW));
    }

    @Test
    void atMost150CookiesGoInOneRequest() {
        CookieStore s = running();
        for (int i = 0; i < 200; i++) {
            assertTrue(add(s, "c" + i + "=v", "h.example", "/", false));
        }
        assertEquals(CookieStore.MAX_SEND, s.forRequest("h.example", "/", false, NOW).size());
    }
}
