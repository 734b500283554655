package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which proxy a transfer takes, without a network: the proxy string ({@link ProxySpec}), curl's
 * NOPROXY rules ({@link NoProxy}, the ground of curl's unit test 1614), and the choice between
 * options and environment ({@link ProxyRoute}).
 */
class ProxyRoutingTest {
    private static ProxySpec parse(String s) throws ProxySpec.Failure {
        return ProxySpec.parse(s, CURLPROXY_HTTP, 0, false);
    }

    @Test
    void schemesNameTheKindAndPortDefaultsTo1080() throws Exception {
        assertEquals(new ProxySpec(CURLPROXY_HTTP, "proxy.example", 1080, null, null), parse("proxy.example"));
        assertEquals(CURLPROXY_HTTP, parse("http://p").type());
        assertEquals(CURLPROXY_SOCKS4, parse("socks4://p").type());
        assertEquals(CURLPROXY_SOCKS4, parse("socks://p").type());
        assertEquals(CURLPROXY_SOCKS4A, parse("socks4a://p").type());
        assertEquals(CURLPROXY_SOCKS5, parse("SOCKS5://p").type());
        assertEquals(CURLPROXY_SOCKS5_HOSTNAME, parse("socks5h://p:9").type());
        assertEquals(9, parse("socks5h://p:9").port());
        assertEquals(1080, parse("socks5://p").port());
        assertEquals(443, parse("https://p").port());
        assertTrue(parse("https://p").isHttps());
        assertEquals(8080, parse("http://p:8080/ignored/path").port());
    }

    @Test
    void typeAndPortOptionsApplyWithoutSchemeOrPort() throws Exception {
        assertEquals(CURLPROXY_SOCKS5, ProxySpec.parse("p", CURLPROXY_SOCKS5, 0, false).type());
        assertEquals(3128, ProxySpec.parse("p", CURLPROXY_HTTP, 3128, false).port());
        assertEquals(81, ProxySpec.parse("p:81", CURLPROXY_HTTP, 3128, false).port());
        assertEquals(CURLPROXY_HTTP_1_0, ProxySpec.parse("http://p", CURLPROXY_HTTP_1_0, 0, false).type());
        // a pre-proxy without scheme is SOCKS4
        assertEquals(CURLPROXY_SOCKS4, ProxySpec.parse("p", CURLPROXY_SOCKS4, 0, true).type());
    }

    @Test
    void credentialsAreDecoded() throws Exception {
        ProxySpec p = parse("http://us%3Aer:p%40ss:word@[::1]:3128");
        assertEquals("us:er", p.user());
        assertEquals("p@ss:word", p.password());
        assertEquals("::1", p.host());
        assertEquals("[::1]:3128", p.authority());
        assertNull(parse("http://user@h").password());
    }

    @Test
    void cacheKeyHoldsKindPlaceAndCredentials() throws Exception {
        assertNotEquals(parse("http://a:b@h:1").cacheKey(), parse("http://a:c@h:1").cacheKey());
        assertNotEquals(parse("http://h:1").cacheKey(), parse("socks5://h:1").cacheKey());
        assertEquals(parse("http://H:1").cacheKey(), parse("h:1").cacheKey());
    }

    @Test
    void failuresCarryLibcurlsCodes() {
        Map<String, CurlCode> bad = Map.of(
                "ftp://p", CurlCode.CURLE_COULDNT_CONNECT,
                "http://", CurlCode.CURLE_COULDNT_RESOLVE_PROXY,
                "http://p:99999", CurlCode.CURLE_COULDNT_RESOLVE_PROXY,
                "http://[zz]:1", CurlCode.CURLE_COULDNT_RESOLVE_PROXY,
                "http://a b", CurlCode.CURLE_COULDNT_RESOLVE_PROXY);
        bad.forEach((text, code) -> {
            ProxySpec.Failure f = assertThrows(ProxySpec.Failure.class, () -> parse(text), text);
            assertEquals(code, f.code(), text);
            assertTrue(f.getMessage().contains(text), f.getMessage());
        });
        ProxySpec.Failure pre = assertThrows(ProxySpec.Failure.class,
                () -> ProxySpec.parse("http://p", CURLPROXY_SOCKS4, 0, true));
        assertEquals("Unsupported pre-proxy type for 'http://p'", pre.getMessage());
    }

    @Test
    void namesMatchThemselvesAndSubdomainsAtADot() {
        assertTrue(NoProxy.matches("example.com", "example.com"));
        assertTrue(NoProxy.matches("www.example.com", "example.com"));
        assertTrue(NoProxy.matches("www.example.com", ".example.com"));
        assertTrue(NoProxy.matches("WWW.Example.COM", "example.com."));
        assertTrue(NoProxy.matches("example.com.", "example.com"));
        assertFalse(NoProxy.matches("nonexample.com", "example.com"));
        assertFalse(NoProxy.matches("example.com", "www.example.com"));
        assertFalse(NoProxy.matches("example.org", "example.com"));
    }

    @Test
    void listsSplitAtCommasAndBlanks() {
        assertTrue(NoProxy.matches("b.test", "a.test, b.test"));
        assertTrue(NoProxy.matches("b.test", "a.test,,,b.test"));
        assertTrue(NoProxy.matches("b.test", "  a.test ,\tb.test "));
        // curl stops at a blank that is not followed by a comma
        assertFalse(NoProxy.matches("b.test", "a.test b.test"));
        assertFalse(NoProxy.matches("b.test", ""));
        assertFalse(NoProxy.matches("b.test", null));
        assertFalse(NoProxy.matches("", "*"));
    }

    @Test
    void starAloneMatchesEverything() {
        assertTrue(NoProxy.matches("anything.example", "*"));
        assertTrue(NoProxy.matches("10.0.0.1", "*"));
        assertFalse(NoProxy.matches("anything.example", "*, other"));
    }

    @Test
    void addressesAndCidrRanges() {
        assertTrue(NoProxy.matches("192.168.1.7", "192.168.1.7"));
        assertFalse(NoProxy.matches("192.168.1.7", "192.168.1.8"));
        assertTrue(NoProxy.matches("192.168.1.7", "192.168.0.0/16"));
        assertTrue(NoProxy.matches("192.168.1.7", "10.0.0.0/8,192.168.1.0/24"));
        assertFalse(NoProxy.matches("192.169.1.7", "192.168.0.0/16"));
        assertTrue(NoProxy.matches("192.168.1.7", "192.168.1.6/31"));
        assertFalse(NoProxy.matches("192.168.1.7", "192.168.1.6/32"));
        assertFalse(NoProxy.matches("192.168.1.7", "192.168.1.6/33"));
        assertTrue(NoProxy.matches("::1", "::1"));
        assertTrue(NoProxy.matches("fe80::1", "fe80::/10"));
        assertTrue(NoProxy.matches("2001:db8::5", "[2001:db8::]/32"));
        assertFalse(NoProxy.matches("2001:db9::5", "2001:db8::/32"));
        // an address is not a name: a name pattern does not match it by suffix
        assertFalse(NoProxy.matches("10.0.0.1", "0.0.1"));
        assertFalse(NoProxy.matches("10.0.0.1", "localhost"));
    }

    private final Map<String, String> env = new HashMap<>();

    private ProxyRoute route(String scheme, String host, String proxy, String pre, String noProxy, boolean tunnel)
            throws ProxySpec.Failure {
        return ProxyRoute.decide(scheme, host, false,
                new ProxyRoute.Settings(proxy, pre, CURLPROXY_HTTP, 0, null, null, noProxy, tunnel, env::get));
    }

    @Test
    void httpForwardsHttpsTunnels() throws Exception {
        ProxyRoute r = route("http", "o.test", "p:3128", null, null, false);
        assertTrue(r.forwarding());
        assertEquals("p", r.firstHop().host());
        assertTrue(route("https", "o.test", "p:3128", null, null, false).tunnel());
        assertTrue(route("http", "o.test", "p:3128", null, null, true).tunnel());
        assertTrue(ProxyRoute.decide("http", "o", true, new ProxyRoute.Settings("p", null, CURLPROXY_HTTP, 0, null,
                null, null, false, env::get)).tunnel(), "CONNECT_TO always tunnels");
    }

    @Test
    void environmentAsLibcurlReadsIt() throws Exception {
        env.put("HTTP_PROXY", "upper:1");
        assertFalse(route("http", "o", null, null, null, false).proxied(), "HTTP_PROXY in capitals is ignored");
        env.put("http_proxy", "lower:2");
        ProxyRoute r = route("http", "o", null, null, null, false);
        assertEquals("lower", r.http().host());
        assertEquals("Uses proxy env variable http_proxy == 'lower:2'", r.envNote());
        env.put("HTTPS_PROXY", "secure:3");
        assertEquals("secure", route("https", "o", null, null, null, false).http().host());
        env.put("https_proxy", "secure2:3");
        assertEquals("secure2", route("https", "o", null, null, null, false).http().host());
        env.clear();
        env.put("ALL_PROXY", "socks5h://all:4");
        assertEquals("all", route("https", "o", null, null, null, false).socks().host());
        env.put("all_proxy", "all2:4");
        assertEquals("all2", route("http", "o", null, null, null, false).http().host());
        // an option wins over the environment; "" turns both off
        assertEquals("opt", route("http", "o", "opt", null, null, false).http().host());
        assertFalse(route("http", "o", "", null, null, false).proxied());
    }

    @Test
    void noProxyFromOptionOrEnvironment() throws Exception {
        env.put("no_proxy", "o.test");
        assertFalse(route("http", "www.o.test", "p", null, null, false).proxied());
        assertTrue(route("http", "www.o.test", "p", null, "other", false).proxied(), "the option replaces the variable");
        env.remove("no_proxy");
        env.put("NO_PROXY", "*");
        assertFalse(route("https", "x", "p", null, null, false).proxied());
    }

    @Test
    void socksInProxyOrPreProxy() throws Exception {
        ProxyRoute s = route("http", "o", "socks5://s:1", null, null, false);
        assertNotNull(s.socks());
        assertNull(s.http());
        ProxyRoute both = route("http", "o", "http://h:2", "s:1", null, false);
        assertEquals(CURLPROXY_SOCKS4, both.socks().type());
        assertEquals("s", both.firstHop().host());
        ProxySpec.Failure f = assertThrows(ProxySpec.Failure.class,
                () -> route("http", "o", "socks5://x", "socks4://s", null, false));
        assertEquals(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, f.code());
    }

    @Test
    void optionCredentialsApplyWhenTheUrlHasNone() throws Exception {
        ProxyRoute.Settings s = new ProxyRoute.Settings("p", null, CURLPROXY_HTTP, 0, "u", "pw", null, false, env::get);
        assertEquals("u", ProxyRoute.decide("http", "o", false, s).http().user());
        s = new ProxyRoute.Settings("http://a:b@p", null, CURLPROXY_HTTP, 0, "u", "pw", null, false, env::get);
        assertEquals("a", ProxyRoute.decide("http", "o", false, s).http().user());
        assertNotEquals(route("http", "o", "http://a:b@p", null, null, false).cacheKey(),
                route("http", "o", "http://a:c@p", null, null, false).cacheKey());
    }
}
