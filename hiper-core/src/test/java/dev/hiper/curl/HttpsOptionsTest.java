package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.TlsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client certificates, protocol versions, cipher suites, ALPN, and the connection-cache key. */
@Timeout(60)
class HttpsOptionsTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    private CurlEasy clientAuth(ByteArrayOutputStream body) {
        CurlEasy e = fx.easy(CLIENT_AUTH, "/tls", body);
        e.setopt(CURLOPT_FRESH_CONNECT, 1L);
        return e;
    }

    @Test
    void clientCertificateRequiredAndNotGiven() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = clientAuth(body)) {
            CurlCode rc = e.perform();
            assertEquals(CurlCode.CURLE_SSL_CLIENTCERT, rc, e.errorBuffer());
            assertTrue(e.errorBuffer().contains("requires a client certificate"), e.errorBuffer());
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
            rc = e.perform(); // TLS 1.2: the refusal comes during the handshake, over a write that fails
            assertEquals(CurlCode.CURLE_SSL_CLIENTCERT, rc, e.errorBuffer());
            assertTrue(e.errorBuffer().contains("none was given (it sent the TLS alert"), e.errorBuffer());
        }
    }

    @Test
    void clientCertificatePemWithPkcs1Key() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = clientAuth(body)) {
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("client.pem"));
            e.setopt(CURLOPT_SSLKEY, fx.pki.file("client.key"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("O=hiper tests,CN=client.hiper.test", field(body, "client"));
        }
    }

    @Test
    void clientCertificatePemWithPkcs8AndEncryptedKeys() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = clientAuth(body)) {
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("client.pem"));
            e.setopt(CURLOPT_SSLKEY, fx.pki.file("client-pkcs8.key"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("O=hiper tests,CN=client.hiper.test", field(body, "client"));
            body.reset();
            e.setopt(CURLOPT_SSLKEY, fx.pki.file("client-enc.key"));
            e.setopt(CURLOPT_KEYPASSWD, TestPki.PASSWORD);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("O=hiper tests,CN=client.hiper.test", field(body, "client"));
            e.setopt(CURLOPT_KEYPASSWD, "wrong");
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("wrong pass phrase") && e.errorBuffer().contains("client-enc.key"),
                    e.errorBuffer());
            e.setopt(CURLOPT_KEYPASSWD, null);
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("encrypted and no key password was given"), e.errorBuffer());
        }
    }

    @Test
    void clientCertificatePkcs12() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = clientAuth(body)) {
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("client.p12"));
            e.setopt(CURLOPT_SSLCERTTYPE, "P12");
            e.setopt(CURLOPT_KEYPASSWD, TestPki.PASSWORD);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("O=hiper tests,CN=client.hiper.test", field(body, "client"));
            e.setopt(CURLOPT_KEYPASSWD, "wrong");
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().startsWith("could not parse PKCS12 file '" + fx.pki.file("client.p12") + "'"),
                    e.errorBuffer());
        }
    }

    @Test
    void badClientCertificatesAre58() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = clientAuth(body)) {
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("no-such.pem"));
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("no-such.pem"), e.errorBuffer());
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("client.pem"));
            e.setopt(CURLOPT_SSLKEY, fx.pki.file("server-pkcs8.key"));
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("does not match the certificate"), e.errorBuffer());
            e.setopt(CURLOPT_SSLKEY, null); // the key is looked for in the certificate file: there is none
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("no private key found"), e.errorBuffer());
            e.setopt(CURLOPT_SSLCERTTYPE, "ENG");
            assertEquals(CurlCode.CURLE_SSL_CERTPROBLEM, e.perform());
            assertTrue(e.errorBuffer().contains("not supported file type 'ENG'"), e.errorBuffer());
        }
    }

    @Test
    void tls12And13CanBeForced() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("TLSv1.2", field(body, "protocol"));
            assertEquals(CURL_HTTP_VERSION_1_1, e.getinfo(CURLINFO_HTTP_VERSION));
            body.reset();
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("TLSv1.3", field(body, "protocol"));
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_2);
            assertEquals(CurlCode.CURLE_SSL_CONNECT_ERROR, e.perform());
            assertTrue(e.errorBuffer().contains("none of the versions"), e.errorBuffer());
        }
    }

    @Test
    void sslVersionRefusesWhatLibcurlRefuses() {
        try (CurlEasy e = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_SSLv3));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_SSLv2));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_LAST));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_MAX_LAST));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SSLVERSION,
                    CURL_SSLVERSION_TLSv1 | CURL_SSLVERSION_MAX_DEFAULT));
        }
    }

    @Test
    void cipherListsTakeOpenSslAndStandardNames() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
            e.setopt(CURLOPT_SSL_CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", field(body, "cipher"));
            body.reset();
            e.setopt(CURLOPT_SSL_CIPHER_LIST, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", field(body, "cipher"));
            e.setopt(CURLOPT_SSL_CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256:NO-SUCH-CIPHER");
            assertEquals(CurlCode.CURLE_SSL_CIPHER, e.perform());
            assertTrue(e.errorBuffer().contains("'NO-SUCH-CIPHER'"), e.errorBuffer());
            // the server's key is EC: an RSA-only list leaves nothing in common
            e.setopt(CURLOPT_SSL_CIPHER_LIST, "ECDHE-RSA-AES128-GCM-SHA256");
            assertEquals(CurlCode.CURLE_SSL_CONNECT_ERROR, e.perform());
            body.reset();
            e.setopt(CURLOPT_SSL_CIPHER_LIST, null);
            e.setopt(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3);
            e.setopt(CURLOPT_TLS13_CIPHERS, "TLS_CHACHA20_POLY1305_SHA256");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("TLS_CHACHA20_POLY1305_SHA256", field(body, "cipher"));
            e.setopt(CURLOPT_TLS13_CIPHERS, "TLS_AES_128_CCM_8_SHA256");
            assertEquals(CurlCode.CURLE_SSL_CIPHER, e.perform());
            assertTrue(e.errorBuffer().startsWith("failed setting TLS 1.3 cipher suite"), e.errorBuffer());
        }
    }

    @Test
    void alpnCanBeTurnedOff() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            e.setopt(CURLOPT_SSL_ENABLE_ALPN, 0L);
            List<String> lines = traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("ALPN")), String.join("\n", lines));
        }
    }

    /** Contract of the cache key: a connection made with verification off never serves a transfer that wants it on. */
    @Test
    void aConnectionMadeWithVerificationOffIsNotReusedWithItOn() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(SELF_SIGNED, "/tls", body)) {
            e.setopt(CURLOPT_SSL_VERIFYPEER, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "same settings: the connection is reused");
            e.setopt(CURLOPT_SSL_VERIFYPEER, 1L);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform(),
                    "verification on must not ride the unverified connection");
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS));
        }
    }

    @Test
    void theCacheKeyHoldsEverySettingThatChangesTrustOrIdentity() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "unchanged: reused");
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT), "a reused connection keeps its verify result");
            e.setopt(CURLOPT_SSL_VERIFYHOST, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "VERIFYHOST is in the key");
            e.setopt(CURLOPT_SSL_VERIFYHOST, 2L);
            e.setopt(CURLOPT_CAPATH, fx.pki.file("capath"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "CAPATH is in the key");
            e.setopt(CURLOPT_SSLCERT, fx.pki.file("client.pem"));
            e.setopt(CURLOPT_SSLKEY, fx.pki.file("client.key"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "the client certificate is in the key");
            e.setopt(CURLOPT_PINNEDPUBLICKEY, fx.pki.file("server-pub.pem"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "the pin is in the key");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "unchanged again: reused");
        }
    }
}
