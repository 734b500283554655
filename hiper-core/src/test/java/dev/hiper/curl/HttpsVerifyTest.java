package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.TlsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against Jetty: who is trusted, which names match, and what a failure says. */
@Timeout(60)
class HttpsVerifyTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    @Test
    void validChainThroughCainfo() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("https", e.getinfo(CURLINFO_SCHEME));
            assertEquals("TLSv1.3", field(body, "protocol"));
            assertEquals("server.hiper.test", field(body, "sni"), "SNI names the host");
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
            assertEquals(CURL_HTTP_VERSION_1_1, e.getinfo(CURLINFO_HTTP_VERSION));
            long app = e.getinfo(CURLINFO_APPCONNECT_TIME_T);
            assertTrue(app >= e.getinfo(CURLINFO_CONNECT_TIME_T) && app > 0, "appconnect " + app);
            assertTrue(e.getinfo(CURLINFO_PRETRANSFER_TIME_T) >= app);
        }
    }

    @Test
    void verboseTracePrintsTheHandshakeAsCurlDoes() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            List<String> lines = traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            String all = String.join("\n", lines);
            assertTrue(lines.contains("ALPN: hiper offers h2,http/1.1"), all); // libcurl 8 offers h2 by default
            assertTrue(lines.contains(" CAfile: " + fx.pki.file("ca.pem")), all);
            assertTrue(lines.stream().anyMatch(l -> l.matches("SSL connection using TLSv1\\.3 / TLS_AES_\\d+_GCM_SHA\\d+")),
                    all);
            assertTrue(lines.contains("ALPN: server accepted http/1.1"), all);
            int cert = lines.indexOf("Server certificate:");
            assertTrue(cert >= 0, all);
            assertEquals(" subject: CN=server.hiper.test; O=hiper tests", lines.get(cert + 1));
            assertTrue(lines.get(cert + 2).matches(" start date: [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} GMT"),
                    lines.get(cert + 2));
            assertTrue(lines.get(cert + 3).startsWith(" expire date: "), lines.get(cert + 3));
            assertEquals(" subjectAltName: host \"server.hiper.test\" matched cert's \"server.hiper.test\"",
                    lines.get(cert + 4));
            assertEquals(" issuer: CN=hiper test intermediate CA; O=hiper tests", lines.get(cert + 5));
            assertEquals(" SSL certificate verify ok.", lines.get(cert + 6));
        }
    }

    @Test
    void capathDirectoryOfPemFiles(@TempDir Path empty) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_CAINFO, null);
            e.setopt(CURLOPT_CAPATH, fx.pki.file("capath"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_CAPATH, empty.toString());
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL certificate problem: unable to get local issuer certificate", e.errorBuffer());
            assertEquals(20L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
    }

    @Test
    void theJdkTrustStoreDoesNotKnowTheTestCa() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_CAINFO, null);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL certificate problem: unable to get local issuer certificate", e.errorBuffer());
            assertEquals(0, body.size());
        }
    }

    @Test
    void selfSignedRefusedByDefaultAcceptedWithVerificationOff() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(SELF_SIGNED, "/tls", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL certificate problem: self-signed certificate", e.errorBuffer());
            assertEquals(18L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
            e.setopt(CURLOPT_SSL_VERIFYPEER, 0L);
            List<String> lines = traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(18L, e.getinfo(CURLINFO_SSL_VERIFYRESULT), "the result says what verification would have said");
            assertTrue(lines.contains(" SSL certificate verify result: self-signed certificate (18), continuing anyway."),
                    String.join("\n", lines));
        }
    }

    @Test
    void nameMismatchNamesBothSidesAndVerifyHostZeroAcceptsIt() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(WRONG_NAME, "/tls", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL: no alternative certificate subject name matches target host name 'server.hiper.test'"
                    + " (the certificate is for DNS:other.hiper.test)", e.errorBuffer());
            assertEquals(62L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
            // the name check does not depend on VERIFYPEER (libcurl's rule)
            e.setopt(CURLOPT_SSL_VERIFYPEER, 0L);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            e.setopt(CURLOPT_SSL_VERIFYPEER, 1L);
            e.setopt(CURLOPT_SSL_VERIFYHOST, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT), "the chain itself is good");
        }
    }

    @Test
    void ipLiteralMatchesAnIpAddressNameAndSendsNoSni() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "127.0.0.1", "/tls", body)) {
            List<String> lines = traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("none", field(body, "sni"), "no SNI for an address (RFC 6066)");
            assertTrue(lines.contains(" subjectAltName: host \"127.0.0.1\" matched cert's IP address!"),
                    String.join("\n", lines));
        }
        // the wrong-name certificate has a DNS name only: an address never matches a DNS name
        try (CurlEasy e = fx.easy(WRONG_NAME, "127.0.0.1", "/tls", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertTrue(e.errorBuffer().contains("target host name '127.0.0.1'"), e.errorBuffer());
        }
    }

    @Test
    void wildcardMatchesOneLabel() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "api.wild.hiper.test", "/tls", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals("api.wild.hiper.test", field(body, "sni"));
        }
        try (CurlEasy e = fx.easy(VALID, "a.b.wild.hiper.test", "/tls", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertTrue(e.errorBuffer().contains("'a.b.wild.hiper.test'") && e.errorBuffer().contains("*.wild.hiper.test"),
                    e.errorBuffer());
        }
    }

    @Test
    void expiredCertificate() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(EXPIRED, "/tls", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL certificate problem: certificate has expired", e.errorBuffer());
            assertEquals(10L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
    }

    @Test
    void pinnedKeyMatchesOrFails() throws Exception {
        String pin = "sha256//" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(fx.pki.server.keys.getPublic().getEncoded()));
        String other = "sha256//" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(fx.pki.client.keys.getPublic().getEncoded()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_PINNEDPUBLICKEY, other + ";" + pin);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_PINNEDPUBLICKEY, fx.pki.file("server-pub.pem"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_PINNEDPUBLICKEY, fx.pki.file("server-pub.der"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_PINNEDPUBLICKEY, other);
            assertEquals(CurlCode.CURLE_SSL_PINNEDPUBKEYNOTMATCH, e.perform());
            assertEquals("SSL: public key does not match pinned public key (the server's key is " + pin + ")",
                    e.errorBuffer());
            // checked whatever VERIFYPEER says
            e.setopt(CURLOPT_SSL_VERIFYPEER, 0L);
            assertEquals(CurlCode.CURLE_SSL_PINNEDPUBKEYNOTMATCH, e.perform());
            e.setopt(CURLOPT_PINNEDPUBLICKEY, fx.pki.file("no-such-key.pem"));
            assertEquals(CurlCode.CURLE_SSL_PINNEDPUBKEYNOTMATCH, e.perform());
            assertTrue(e.errorBuffer().contains("no-such-key.pem"), e.errorBuffer());
        }
    }

    @Test
    void unreadableCaFileIs77UnlessVerificationIsOff(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            e.setopt(CURLOPT_CAINFO, dir.resolve("missing.pem").toString());
            assertEquals(CurlCode.CURLE_SSL_CACERT_BADFILE, e.perform());
            assertTrue(e.errorBuffer().startsWith("error setting certificate file: " + dir.resolve("missing.pem")),
                    e.errorBuffer());
            Path junk = Files.writeString(dir.resolve("junk.pem"), "no certificates here\n");
            e.setopt(CURLOPT_CAINFO, junk.toString());
            assertEquals(CurlCode.CURLE_SSL_CACERT_BADFILE, e.perform());
            assertTrue(e.errorBuffer().contains("no certificate in it"), e.errorBuffer());
            e.setopt(CURLOPT_CAPATH, dir.resolve("nodir").toString());
            e.setopt(CURLOPT_CAINFO, null);
            assertEquals(CurlCode.CURLE_SSL_CACERT_BADFILE, e.perform());
            e.setopt(CURLOPT_SSL_VERIFYPEER, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        }
    }

    @Test
    void verifyHostOptionTakesCurlsValues() {
        try (CurlEasy e = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SSL_VERIFYHOST, 1L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SSL_VERIFYHOST, 2L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SSL_VERIFYHOST, 0L));
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SSL_VERIFYPEER, 0L));
        }
    }
}
