package dev.hiper.internal.conn.tls;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pure rules of the TLS layer: name matching, cipher names, protocol ranges, PEM and DER. */
@Timeout(10)
class TlsRulesTest {
    @Test
    void hostNamesMatchAsRfc6125AndCurlSay() {
        assertTrue(HostnameMatcher.matches("example.com", "EXAMPLE.com"));
        assertTrue(HostnameMatcher.matches("example.com.", "example.com"), "trailing dots are ignored");
        assertTrue(HostnameMatcher.matches("example.com", "example.com."));
        assertTrue(HostnameMatcher.matches("*.example.com", "www.example.com"));
        assertFalse(HostnameMatcher.matches("*.example.com", "example.com"), "the wildcard needs a label");
        assertFalse(HostnameMatcher.matches("*.example.com", "a.b.example.com"), "one label only");
        assertFalse(HostnameMatcher.matches("*.com", "example.com"), "two labels after the wildcard");
        assertFalse(HostnameMatcher.matches("w*.example.com", "www.example.com"), "only a whole-label wildcard");
        assertFalse(HostnameMatcher.matches("www.*.com", "www.example.com"));
        assertFalse(HostnameMatcher.matches("*.0.0.1", "127.0.0.1"), "never for an address");
        assertFalse(HostnameMatcher.matches("", "example.com"));
    }

    @Test
    void ipLiteralsAreParsedWithoutLookups() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, HostnameMatcher.ipLiteral("127.0.0.1"));
        assertEquals(16, HostnameMatcher.ipLiteral("::1").length);
        assertNull(HostnameMatcher.ipLiteral("256.0.0.1"));
        assertNull(HostnameMatcher.ipLiteral("1.2.3"));
        assertNull(HostnameMatcher.ipLiteral("example.com"));
        assertNull(HostnameMatcher.ipLiteral("host:name"), "not an address, and no look-up");
        assertEquals("fe80::1", HostnameMatcher.normalize("FE80::1%eth0"));
    }

    @Test
    void openSslCipherNamesMapToStandardOnes() {
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", CipherSuites.standardName("ECDHE-RSA-AES128-GCM-SHA256"));
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                CipherSuites.standardName("ECDHE-ECDSA-AES256-GCM-SHA384"));
        assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                CipherSuites.standardName("ECDHE-ECDSA-CHACHA20-POLY1305"));
        assertEquals("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", CipherSuites.standardName("DHE-RSA-AES256-SHA256"));
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", CipherSuites.standardName("AES128-SHA"));
        assertEquals("TLS_RSA_WITH_AES_256_GCM_SHA384", CipherSuites.standardName("AES256-GCM-SHA384"));
        assertNull(CipherSuites.standardName("RC4-MD5"));
        assertTrue(CipherSuites.isTls13("TLS_AES_128_GCM_SHA256"));
        assertFalse(CipherSuites.isTls13("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void cipherListsSelectInOrderAndRefuseUnknownNames() throws FilterException {
        String[] supported = {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA"};
        String[] defaults = {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
        assertNull(CipherSuites.select(null, null, supported, defaults), "nothing set: the JDK's defaults");
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"},
                CipherSuites.select("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", null, supported, defaults));
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
                CipherSuites.select("DEFAULT:!ECDHE-RSA-AES128-GCM-SHA256:!aNULL:@STRENGTH", "TLS_AES_128_GCM_SHA256",
                        supported, defaults));
        FilterException e = assertThrows(FilterException.class,
                () -> CipherSuites.select("ECDHE-RSA-AES128-GCM-SHA256,RC4-MD5", null, supported, defaults));
        assertEquals(CurlCode.CURLE_SSL_CIPHER, e.code());
        assertEquals(CurlCode.CURLE_SSL_CIPHER,
                assertThrows(FilterException.class, () -> CipherSuites.select("!AES128-SHA", null, supported, defaults))
                        .code(), "a list that leaves nothing");
        assertEquals(CurlCode.CURLE_SSL_CIPHER, assertThrows(FilterException.class,
                () -> CipherSuites.select(null, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", supported, defaults)).code(),
                "a TLS 1.2 suite is not a TLS 1.3 one");
    }

    @Test
    void sslVersionRangesFollowLibcurl() {
        assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.3"}, TlsContext.protocols(0), "the default: 1.2 and up");
        assertArrayEquals(new String[] {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}, TlsContext.protocols(1));
        assertArrayEquals(new String[] {"TLSv1.3"}, TlsContext.protocols(7));
        assertArrayEquals(new String[] {"TLSv1.2"}, TlsContext.protocols(6 | 6L << 16));
        assertArrayEquals(new String[] {"TLSv1.1", "TLSv1.2"}, TlsContext.protocols(5 | 6L << 16));
        assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.3"}, TlsContext.protocols(0 | 1L << 16), "MAX_DEFAULT");
        assertArrayEquals(new String[0], TlsContext.protocols(7 | 6L << 16), "min above max");
    }

    @Test
    void pemBlocksAndDerRewrapping() {
        byte[] text = ("comment line\n-----BEGIN CERTIFICATE-----\nAAEC\nAw==\n-----END CERTIFICATE-----\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nBAU=\n"
                + "-----END RSA PRIVATE KEY-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.List<Pem.Block> blocks = Pem.parse(text);
        assertEquals(2, blocks.size());
        assertEquals("CERTIFICATE", blocks.get(0).type);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, blocks.get(0).der);
        assertEquals("4,ENCRYPTED", blocks.get(1).headers.get("proc-type"));
        assertArrayEquals(new byte[] {4, 5}, blocks.get(1).der);
        assertThrows(IllegalArgumentException.class, () -> Pem.parse(
                "-----BEGIN X-----\nAAAA\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] big = new byte[300];
        byte[] seq = Pem.tlv(0x30, big);
        assertArrayEquals(new int[] {0x30, 4, 300}, Pem.header(seq, 0), "long lengths take two bytes");
        byte[] pkcs8 = Pem.pkcs1ToPkcs8(new byte[] {0x30, 0x00});
        assertEquals(0x30, pkcs8[0] & 0xff);
        assertEquals(pkcs8.length - 2, Pem.header(pkcs8, 0)[2]);
    }
}
