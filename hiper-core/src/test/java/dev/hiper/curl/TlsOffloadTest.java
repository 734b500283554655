package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.TlsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.resolve.Resolver;
import dev.hiper.loop.SelectorLoop;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TLS handshake's delegated tasks (key agreement, the chain's checks, the server's signature)
 * run on the engine's work pool, not on the thread that drives the multi; the transfer waits for
 * them through the engine's wake channel, like a name look-up. A context the application made
 * (CURLOPT_SSL_CTX_FUNCTION) keeps its trust managers on the application's thread.
 */
@Timeout(120)
class TlsOffloadTest {
    static TlsFixture fx;

    @BeforeAll
    static void setUp() {
        fx = TlsFixture.get();
    }

    @Test
    void aFullHandshakeComputesOffTheEngineThread() {
        long before = Resolver.offloaded();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = fx.easy(VALID, "/tls", body)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
        assertTrue(body.size() > 0);
        assertTrue(Resolver.offloaded() > before, "the handshake's tasks went to the work pool");
    }

    @Test
    void aRefusedChainStillFailsWithItsCodeAndMessage() {
        long before = Resolver.offloaded();
        try (CurlEasy e = fx.easy(EXPIRED, "/tls", new ByteArrayOutputStream())) {
            assertEquals(CurlCode.CURLE_PEER_FAILED_VERIFICATION, e.perform());
            assertEquals("SSL certificate problem: certificate has expired", e.errorBuffer());
            assertEquals(10L, e.getinfo(CURLINFO_SSL_VERIFYRESULT));
        }
        assertTrue(Resolver.offloaded() > before, "the chain was judged on the work pool");
    }

    @Test
    void manyHandshakesAtOnceAllFinishOnOneEngineThread() throws Exception {
        int n = 40;
        long before = Resolver.offloaded();
        List<ByteArrayOutputStream> bodies = new ArrayList<>();
        List<CurlEasy> handles = new ArrayList<>();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            for (int i = 0; i < n; i++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                CurlEasy e = fx.easy(MANY, "/tls", b);
                e.setopt(CURLOPT_FRESH_CONNECT, 1L);
                bodies.add(b);
                handles.add(e);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            }
            assertEquals(CurlMCode.CURLM_OK, loop.run());
            int ok = 0;
            for (CurlMsg m; (m = multi.infoRead()) != null;) {
                assertEquals(CurlCode.CURLE_OK, m.result(), m.easy().errorBuffer());
                ok++;
            }
            assertEquals(n, ok);
        } finally {
            for (CurlEasy e : handles) {
                e.close();
            }
        }
        for (ByteArrayOutputStream b : bodies) {
            assertTrue(b.size() > 0);
        }
        assertTrue(Resolver.offloaded() - before >= n, "every handshake used the work pool: "
                + (Resolver.offloaded() - before));
    }

    @Test
    void theApplicationsTrustManagersRunOnTheApplicationsThread() throws Exception {
        Set<Thread> judgedOn = ConcurrentHashMap.newKeySet();
        SSLContext mine = SSLContext.getInstance("TLS");
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        X509Certificate ca;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(fx.pki.file("ca.pem")))) {
            ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        ks.setCertificateEntry("test-ca", ca);
        tmf.init(ks);
        X509ExtendedTrustManager inner = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        mine.init(null, new TrustManager[] {new Recording(inner, judgedOn)}, null);
        try (CurlEasy e = fx.easy(VALID, "/tls", new ByteArrayOutputStream())) {
            e.setopt(CURLOPT_CAINFO, null);
            e.setopt(CURLOPT_SSL_CTX_FUNCTION, (h, given, u) -> mine);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        }
        assertEquals(Set.of(Thread.currentThread()), judgedOn, "the chain was judged on the thread that performs");
    }

    /** Passes every check to {@code inner} and notes the thread it ran on. */
    static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager inner;
        private final Set<Thread> threads;

        Recording(X509ExtendedTrustManager inner, Set<Thread> threads) {
            this.inner = inner;
            this.threads = threads;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            threads.add(Thread.currentThread());
            inner.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            threads.add(Thread.currentThread());
            inner.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            threads.add(Thread.currentThread());
            inner.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            inner.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            inner.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            inner.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return inner.getAcceptedIssuers();
        }
    }
}
