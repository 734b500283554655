package dev.hiper.bench.drivers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust in the bench's own certificate (a PEM file), for the clients that take a JSSE context. */
final class Tls {
    private Tls() {
    }

    static KeyStore trustStore(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("bench" + i++, c);
            }
        }
        return ks;
    }

    static TrustManagerFactory trustManagers(String pem) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore(pem));
        return tmf;
    }

    static X509TrustManager trustManager(String pem) throws Exception {
        return (X509TrustManager) trustManagers(pem).getTrustManagers()[0];
    }

    static SSLContext context(String pem) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(pem).getTrustManagers(), null);
        return ctx;
    }
}
