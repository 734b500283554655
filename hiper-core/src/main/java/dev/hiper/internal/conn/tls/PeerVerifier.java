package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the server's certificate chain during a full handshake ({@code CURLOPT_SSL_VERIFYPEER}),
 * against the JDK's trust store or the certificates of {@code CURLOPT_CAINFO} /
 * {@code CURLOPT_CAPATH}, and hands the outcome to the connection's {@link TlsFilter} as an
 * OpenSSL-style verify result ({@code CURLINFO_SSL_VERIFYRESULT}).
 *
 * <p>The chain is checked even with verification off, so that the result and the verbose trace
 * say what is wrong ("continuing anyway"); only with it on does a bad chain fail the handshake.
 * The host name and a pinned key are checked after the handshake by the filter, so that a
 * resumed session (which skips this class) is held to them too.
 */
final class PeerVerifier extends X509ExtendedTrustManager {
    // OpenSSL's X509_V_* numbers, the values of CURLINFO_SSL_VERIFYRESULT (docs/TLS.md)
    static final long OK = 0;
    static final long UNSPECIFIED = 1;
    static final long SIGNATURE_FAILURE = 7;
    static final long NOT_YET_VALID = 9;
    static final long EXPIRED = 10;
    static final long DEPTH_ZERO_SELF_SIGNED = 18;
    static final long SELF_SIGNED_IN_CHAIN = 19;
    static final long UNABLE_TO_GET_ISSUER_LOCALLY = 20;
    static final long REVOKED = 23;
    static final long INVALID_CA = 24;
    static final long INVALID_PURPOSE = 26;
    static final long HOSTNAME_MISMATCH = 62;

    private final boolean verifyPeer;
    /** Null when the CA file or directory could not be loaded and verification is off. */
    private final X509ExtendedTrustManager pkix;
    private final String trustProblem;
    /** The handshakes in progress, so that an outcome reaches its connection. One thread. */
    private final Map<SSLEngine, TlsFilter> handshakes = new WeakHashMap<>();

    private PeerVerifier(boolean verifyPeer, X509ExtendedTrustManager pkix, String trustProblem) {
        this.verifyPeer = verifyPeer;
        this.pkix = pkix;
        this.trustProblem = trustProblem;
    }

    /** Loads the trust material; an unreadable CA file or path is {@code CURLE_SSL_CACERT_BADFILE} (77) when it matters. */
    static PeerVerifier create(TlsOptions o) throws FilterException {
        try {
            return new PeerVerifier(o.verifyPeer, trustManager(o), null);
        } catch (FilterException e) {
            if (o.verifyPeer) {
                throw e;
            }
            return new PeerVerifier(false, null, e.getMessage());
        }
    }

    String trustProblem() {
        return trustProblem;
    }

    private static X509ExtendedTrustManager trustManager(TlsOptions o) throws FilterException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            if (o.caInfo == null && o.caPath == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int n = 0;
                if (o.caInfo != null) {
                    List<X509Certificate> certs = certificates(o.caInfo);
                    if (certs.isEmpty()) {
                        throw badFile("error setting certificate file: " + o.caInfo + " (no certificate in it)");
                    }
                    for (X509Certificate c : certs) {
                        ks.setCertificateEntry("ca" + n++, c);
                    }
                }
                if (o.caPath != null) {
                    Path dir = Path.of(o.caPath);
                    if (!Files.isDirectory(dir)) {
                        throw badFile("error setting certificate path: " + o.caPath + " (not a directory)");
                    }
                    List<Path> files;
                    try (Stream<Path> s = Files.list(dir)) {
                        files = s.filter(Files::isRegularFile).sorted().collect(java.util.stream.Collectors.toList());
                    }
                    for (Path f : files) {
                        for (X509Certificate c : certificatesOrNone(f)) {
                            ks.setCertificateEntry("ca" + n++, c);
                        }
                    }
                }
                tmf.init(ks);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) tm;
                }
            }
            throw badFile("the JDK has no X.509 trust manager");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof FilterException) {
                throw (FilterException) e;
            }
            throw badFile("error setting certificate verify locations: CAfile: " + o.caInfo + " CApath: " + o.caPath
                    + " (" + ClientIdentity.reason(e) + ")");
        }
    }

    /** The certificates of a CA bundle: PEM blocks, or one DER certificate. */
    private static List<X509Certificate> certificates(String file) throws FilterException {
        byte[] data;
        try {
            data = Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw badFile("error setting certificate file: " + file + " (" + ClientIdentity.reason(e) + ")");
        }
        try {
            return parse(data);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw badFile("error setting certificate file: " + file + " (" + (Pem.looksLikePem(data)
                    ? ClientIdentity.reason(e) : "no certificate in it: neither PEM nor DER") + ")");
        }
    }

    /** A file of a CA directory: its certificates, or none when it is not a certificate file. */
    private static List<X509Certificate> certificatesOrNone(Path f) {
        try {
            return parse(Files.readAllBytes(f));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<X509Certificate> parse(byte[] data) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        if (!Pem.looksLikePem(data)) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(data)));
            return out;
        }
        for (Pem.Block b : Pem.parse(data)) {
            if (b.type.equals("CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")
                    || b.type.equals("X509 CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
            }
        }
        return out;
    }

    private static FilterException badFile(String message) {
        return new FilterException(CurlCode.CURLE_SSL_CACERT_BADFILE, message);
    }

    // ---- the handshakes in flight ----

    void register(SSLEngine engine, TlsFilter filter) {
        handshakes.put(engine, filter);
    }

    void unregister(SSLEngine engine) {
        handshakes.remove(engine);
    }

    /** The filter whose handshake runs on {@code engine}, or null. */
    TlsFilter filterFor(SSLEngine engine) {
        return engine == null ? null : handshakes.get(engine);
    }

    /** A verify result and its text ("certificate has expired"). */
    static final class Outcome {
        final long result;
        final String text;

        Outcome(long result, String text) {
            this.result = result;
            this.text = text;
        }
    }

    /** Checks the chain as OpenSSL would report it: the first problem found, with its number. */
    Outcome evaluate(X509Certificate[] chain, String authType, SSLEngine engine) {
        if (chain == null || chain.length == 0) {
            return new Outcome(UNSPECIFIED, "the server sent no certificate");
        }
        if (pkix == null) {
            return new Outcome(UNABLE_TO_GET_ISSUER_LOCALLY, "unable to get local issuer certificate (" + trustProblem + ")");
        }
        try {
            if (engine != null) {
                pkix.checkServerTrusted(chain, authType, engine);
            } else {
                pkix.checkServerTrusted(chain, authType);
            }
            return new Outcome(OK, "ok");
        } catch (CertificateException | RuntimeException e) {
            return classify(chain, e);
        }
    }

    static Outcome classify(X509Certificate[] chain, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return new Outcome(EXPIRED, "certificate has expired");
            }
            if (t instanceof CertificateNotYetValidException) {
                return new Outcome(NOT_YET_VALID, "certificate is not yet valid");
            }
            if (t instanceof CertPathValidatorException) {
                CertPathValidatorException.Reason r = ((CertPathValidatorException) t).getReason();
                if (r == CertPathValidatorException.BasicReason.EXPIRED) {
                    return new Outcome(EXPIRED, "certificate has expired");
                }
                if (r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return new Outcome(NOT_YET_VALID, "certificate is not yet valid");
                }
                if (r == CertPathValidatorException.BasicReason.REVOKED) {
                    return new Outcome(REVOKED, "certificate revoked");
                }
                if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                    return new Outcome(SIGNATURE_FAILURE, "certificate signature failure");
                }
                if (r == PKIXReason.NOT_CA_CERT) {
                    return new Outcome(INVALID_CA, "invalid CA certificate");
                }
                if (r == PKIXReason.INVALID_KEY_USAGE) {
                    return new Outcome(INVALID_PURPOSE, "unsupported certificate purpose");
                }
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("key usage") || m.contains("Extended key usage")) {
            return new Outcome(INVALID_PURPOSE, "unsupported certificate purpose (" + m + ")");
        }
        if (m.contains("Algorithm constraints") || m.contains("algorithm is disabled")) {
            return new Outcome(UNSPECIFIED, "certificate uses an algorithm the JDK refuses (" + m + ")");
        }
        X509Certificate leaf = chain[0];
        long now = System.currentTimeMillis();
        if (leaf.getNotAfter().getTime() < now) {
            return new Outcome(EXPIRED, "certificate has expired");
        }
        if (leaf.getNotBefore().getTime() > now) {
            return new Outcome(NOT_YET_VALID, "certificate is not yet valid");
        }
        if (chain.length == 1 && selfSigned(leaf)) {
            return new Outcome(DEPTH_ZERO_SELF_SIGNED, "self-signed certificate");
        }
        if (selfSigned(chain[chain.length - 1])) {
            return new Outcome(SELF_SIGNED_IN_CHAIN, "self-signed certificate in certificate chain");
        }
        return new Outcome(UNABLE_TO_GET_ISSUER_LOCALLY, "unable to get local issuer certificate");
    }

    static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        Outcome o = evaluate(chain, authType, engine);
        TlsFilter f = filterFor(engine);
        if (f != null) {
            f.peerEvaluated(o, verifyPeer);
        }
        if (o.result != OK && verifyPeer) {
            throw new CertificateException("SSL certificate problem: " + o.text);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, authType, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("hiper does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("hiper does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("hiper does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
