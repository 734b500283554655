package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What one {@link TlsFilter} learns of its peer, and how it tells it: the chain's verdict from
 * the {@link PeerVerifier} ({@code CURLINFO_SSL_VERIFYRESULT}), whether the server asked for a
 * client certificate, the checks after the handshake (the host name, a pinned key, curl -v's
 * account of the session), and a failed handshake or record named by the alert the peer sent.
 *
 * <p>Lifecycle: made with its filter; {@link #traceSetup} as the handshake starts; the verifier
 * and the key manager report during a full handshake ({@link #evaluated},
 * {@link #certificateRequested}); {@link #checkPeer} once it is done, or
 * {@link #handshakeFailure} when it fails. Used on the filter's thread; it traces through the
 * filter, to the transfer the filter works for.
 */
final class PeerCheck {
    private final TlsFilter filter;
    private final TlsContext context;
    private final SSLEngine engine;
    private final String host;
    private final int port;
    /** The chain was checked in this handshake (not a resumed session). */
    boolean fullHandshake;
    long verifyResult;
    private String verifyText = "ok";
    private String verifyFailure;
    /** The protocol ALPN agreed on, or null. */
    String alpn;
    /** 0: the server did not ask for a client certificate; 1: it asked and got none; 2: it asked and got ours. */
    private int clientCertificate;

    PeerCheck(TlsFilter filter, TlsContext context, SSLEngine engine, String host, int port) {
        this.filter = filter;
        this.context = context;
        this.engine = engine;
        this.host = host;
        this.port = port;
    }

    /** curl -v's account of the TLS setup, as the handshake starts. */
    void traceSetup() {
        if (context.options.alpn) {
            trace(context.options.h2 ? "ALPN: hiper offers h2,http/1.1" : "ALPN: hiper offers http/1.1");
        }
        TlsOptions o = context.options;
        if (context.custom) {
            trace(" the application's SSL context (CURLOPT_SSL_CTX_FUNCTION) judges the certificate chain");
        } else if (o.caInfo == null && o.caPath == null) {
            trace(" CAfile: none (the JDK's trust store)");
            trace(" CApath: none");
        } else {
            trace(" CAfile: " + (o.caInfo == null ? "none" : o.caInfo));
            trace(" CApath: " + (o.caPath == null ? "none" : o.caPath));
        }
        if (context.verifier.trustProblem() != null) {
            trace("ignoring certificate verify locations due to disabled peer verification: "
                    + context.verifier.trustProblem());
        }
    }

    /** The {@link PeerVerifier}'s verdict on the chain, during a full handshake. */
    void evaluated(PeerVerifier.Outcome o, boolean enforced) {
        fullHandshake = true;
        verifyResult = o.result;
        verifyText = o.text;
        if (o.result != PeerVerifier.OK && enforced) {
            verifyFailure = "SSL certificate problem: " + o.text;
        }
        context.rememberResult(host, port, o.result);
    }

    /** The server asked for a client certificate; {@code given}: it got ours. */
    void certificateRequested(boolean given) {
        clientCertificate = given ? 2 : 1;
    }

    /** A failed handshake as a coded failure: a refused chain first, else the alert. */
    FilterException handshakeFailure(SSLException e) {
        if (verifyFailure != null) {
            trace(verifyFailure);
            return new FilterException(CurlCode.CURLE_PEER_FAILED_VERIFICATION, verifyFailure, e);
        }
        if (context.custom) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof java.security.cert.CertificateException) {
                    String m = "SSL certificate problem: the application's trust managers refused the chain: "
                            + c.getMessage();
                    trace(m);
                    return new FilterException(CurlCode.CURLE_PEER_FAILED_VERIFICATION, m, e);
                }
            }
        }
        return alertFailure(e, CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS connect error");
    }

    /** An SSLException as a coded failure; an alert the server sent is named. */
    FilterException alertFailure(SSLException e, CurlCode code, String what) {
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf("Received fatal alert: ");
        if (at >= 0) {
            String alert = m.substring(at + "Received fatal alert: ".length()).trim();
            if (alert.equals("certificate_required") || clientCertificate == 1 && isCertificateAlert(alert)) {
                return new FilterException(CurlCode.CURLE_SSL_CLIENTCERT, "SSL: the server " + host + ":" + port
                        + " requires a client certificate and none was given (it sent the TLS alert " + alert + ")", e);
            }
            return new FilterException(code, what + ": the server " + host + ":" + port + " sent the TLS alert "
                    + alert + (clientCertificate == 2 && isCertificateAlert(alert)
                            ? " (it refused the client certificate)" : ""), e);
        }
        return new FilterException(code, what + ": " + m, e);
    }

    private static boolean isCertificateAlert(String alert) {
        return alert.equals("bad_certificate") || alert.equals("certificate_unknown") || alert.equals("unknown_ca")
                || alert.equals("handshake_failure") || alert.equals("certificate_expired")
                || alert.equals("access_denied") || alert.equals("unsupported_certificate");
    }

    /** After the handshake: the host name, the pin, and curl -v's account of it. */
    void checkPeer() throws FilterException {
        SSLSession s = engine.getSession();
        alpn = engine.getApplicationProtocol();
        if (alpn != null && alpn.isEmpty()) {
            alpn = null;
        }
        X509Certificate[] chain = peerChain(s);
        TlsOptions o = context.options;
        if (context.custom) {
            verifyResult = PeerVerifier.OK; // the application's trust managers accepted the chain
            verifyText = "ok";
        } else if (!fullHandshake) {
            verifyResult = o.verifyPeer ? PeerVerifier.OK : context.rememberedResult(host, port);
            verifyText = verifyResult == PeerVerifier.OK ? "ok" : "as when the session was made";
            trace("SSL reusing session");
        }
        trace("SSL connection using " + s.getProtocol() + " / " + s.getCipherSuite());
        if (o.alpn) {
            trace(alpn != null ? "ALPN: server accepted " + alpn : "ALPN: server did not agree on a protocol. Uses default.");
        }
        if (chain == null) {
            // a resumed session whose certificates the JDK did not keep: it was checked, with
            // these very options and for this host and port, when it was made
            return;
        }
        for (String line : CertificateText.head(chain[0])) {
            trace(line);
        }
        if (o.verifyHost) {
            HostnameMatcher.Result r = HostnameMatcher.check(chain[0], host);
            if (!r.ok) {
                if (verifyResult == PeerVerifier.OK) {
                    verifyResult = PeerVerifier.HOSTNAME_MISMATCH;
                }
                trace(r.text);
                throw new FilterException(CurlCode.CURLE_PEER_FAILED_VERIFICATION, r.text);
            }
            trace(r.text);
        }
        trace(CertificateText.issuer(chain[0]));
        if (verifyResult == PeerVerifier.OK) {
            trace(" SSL certificate verify ok.");
        } else {
            trace(" SSL certificate verify result: " + verifyText + " (" + verifyResult + "), continuing anyway.");
        }
        if (context.pins != null) {
            String pin = PinnedKeys.pin(chain[0].getPublicKey());
            if (!context.pins.matches(chain[0].getPublicKey())) {
                String m = "SSL: public key does not match pinned public key (the server's key is " + pin + ")";
                trace(m);
                throw new FilterException(CurlCode.CURLE_SSL_PINNEDPUBKEYNOTMATCH, m);
            }
            trace(" public key hash: " + pin);
        }
    }

    private static X509Certificate[] peerChain(SSLSession s) {
        try {
            Certificate[] c = s.getPeerCertificates();
            if (c == null || c.length == 0 || !(c[0] instanceof X509Certificate)) {
                return null;
            }
            X509Certificate[] x = new X509Certificate[c.length];
            for (int i = 0; i < c.length; i++) {
                x[i] = (X509Certificate) c[i];
            }
            return x;
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return null;
        }
    }

    private void trace(String line) {
        filter.trace(line);
    }
}
