package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.TlsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CURLOPT_SSL_CTX_FUNCTION (the application's SSLContext, its trust managers judging the chain,
 * hiper still checking the name) and CURLINFO_TLS_SSL_PTR (the connection's SSLSession).
 */
@Timeout(60)
class SslContextCallbackTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    /** An SSLContext that trusts the test CA alone, as an application with a private CA makes one. */
    static SSLContext trustingTestCa() throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(Path.of(fx.pki.file("ca.pem")))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("test-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    /** A handle for the VALID endpoint without CAINFO: only the JDK's trust store, unless a callback says otherwise. */
    private static CurlEasy withoutCaFile(String host, ByteArrayOutputStream body) {
        CurlEasy e = fx.easy(VALID, host, "/tls", body);
        e.setopt(CURLOPT_CAINFO, null);
        return e;
    }

    @Test
    void theApplicationsContextTrustsAPrivateCa() throws Exception {
        SSLContext mine = trustingTestCa();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = withoutCaFile("server.hiper.test", body)) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform(), "the JDK's store does not know the test CA");
        }
        AtomicInteger calls = new AtomicInteger();
        Object token = new Object();
        try (CurlEasy e = withoutCaFile("server.hiper.test", body)) {
            List<String> trace = traceText(e);
            e.setopt(CURLOPT_SSL_CTX_DATA, token);
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> {
                assertSame(e, h);
                assertSame(token, u);
                assertNotNull(given);
                calls.incrementAndGet();
                return mine;
            });
            e.setopt(CURLOPT_FORBID_REUSE, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(1, calls.get(), "one context for the handle's options, made once");
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
            assertTrue(String.join("\n", trace).contains("the application's SSL context"), String.join("\n", trace));
        }
    }

    @Test
    void theNameIsStillCheckedWithTheApplicationsContext() throws Exception {
        SSLContext mine = trustingTestCa();
        try (CurlEasy e = withoutCaFile("other.hiper.test", new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> mine);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertTrue(e.errorBuffer().contains("other.hiper.test"), e.errorBuffer());
        }
    }

    @Test
    void aChainTheApplicationsTrustManagersRefuseIs60() throws Exception {
        X509TrustManager refuses = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not ours");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not ours");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext strict = SSLContext.getInstance("TLS");
        strict.init(null, new TrustManager[] {refuses}, null);
        try (CurlEasy e = fx.easy(VALID, "/tls", new ByteArrayOutputStream())) { // CAINFO would trust it
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> strict);
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertTrue(e.errorBuffer().contains("not ours"), e.errorBuffer());
        }
    }

    @Test
    void keepingHipersContextOrThrowing() {
        try (CurlEasy e = fx.easy(VALID, "/tls", new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> given);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> null);
            e.setopt(CURLOPT_FRESH_CONNECT, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> {
                throw new IllegalStateException("no context today");
            });
            assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, e.perform());
            assertTrue(e.errorBuffer().contains("no context today"), e.errorBuffer());
        }
    }

    @Test
    void theSessionOfTheConnectionIsTlsSslPtr() throws Exception {
        try (CurlEasy e = fx.easy(VALID, "/tls", new ByteArrayOutputStream())) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            SSLSession s = e.getinfo(CURLINFO_TLS_SSL_PTR);
            assertNotNull(s);
            assertTrue(s.getProtocol().startsWith("TLSv1."), s.getProtocol());
            X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
            assertTrue(leaf.getSubjectX500Principal().getName().contains("server.hiper.test"),
                    leaf.getSubjectX500Principal().getName());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_NUM_CONNECTS), "a reused connection");
            assertSame(s, e.getinfo(CURLINFO_TLS_SSL_PTR), "the reused connection's session");
        }
        try (CurlEasy plain = CurlEasy.init()) {
            plain.setopt(CURLOPT_URL, fx.jetty.url("/tls"));
            plain.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, plain.perform(), plain.errorBuffer());
            assertNull(plain.getinfo(CURLINFO_TLS_SSL_PTR), "no TLS, no session");
        }
    }
}
