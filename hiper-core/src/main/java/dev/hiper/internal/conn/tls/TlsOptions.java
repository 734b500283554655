package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlSslCtxFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * An easy handle's TLS options ({@code CURLOPT_SSL_*}, {@code CAINFO}, {@code SSLCERT}, ...),
 * with libcurl's defaults: verify the peer and its name, the JDK's trust store, TLS 1.2 at
 * least, ALPN on.
 *
 * <p>A transfer takes a {@link #copy()} when it starts; that copy is never changed again, so it
 * serves as the key of the multi's {@link TlsContexts} and, through {@link #cacheKey()}, as part
 * of the connection-cache key (two transfers share a connection only when every setting that
 * changes who is trusted or what is presented is the same).
 */
public final class TlsOptions {
    public boolean verifyPeer = true;
    public boolean verifyHost = true;
    public String caInfo;
    public String caPath;
    public String pinnedPublicKey;
    /** {@code CURLOPT_SSLVERSION}: the minimum in the low 16 bits, the maximum in the high ones. */
    public long sslVersion;
    public String cipherList;
    public String tls13Ciphers;
    public String sslCert;
    public String sslCertType;
    public String sslKey;
    public String sslKeyType;
    public String keyPasswd;
    public boolean alpn = true;
    /** Offer {@code h2} before {@code http/1.1} in ALPN (CURLOPT_HTTP_VERSION 2TLS, the default, or 2_0). */
    public boolean h2;
    /** {@code CURLOPT_SSL_CTX_FUNCTION} and {@code CURLOPT_SSL_CTX_DATA}, compared by identity. */
    public CurlSslCtxFunction sslCtxFunction;
    public Object sslCtxData;

    public TlsOptions copy() {
        TlsOptions c = new TlsOptions();
        c.verifyPeer = verifyPeer;
        c.verifyHost = verifyHost;
        c.caInfo = caInfo;
        c.caPath = caPath;
        c.pinnedPublicKey = pinnedPublicKey;
        c.sslVersion = sslVersion;
        c.cipherList = cipherList;
        c.tls13Ciphers = tls13Ciphers;
        c.sslCert = sslCert;
        c.sslCertType = sslCertType;
        c.sslKey = sslKey;
        c.sslKeyType = sslKeyType;
        c.keyPasswd = keyPasswd;
        c.alpn = alpn;
        c.h2 = h2;
        c.sslCtxFunction = sslCtxFunction;
        c.sslCtxData = sslCtxData;
        return c;
    }

    /**
     * Every setting as one string for the connection-cache key. The key password is not in it,
     * only a digest of it: keys may show up in diagnostics.
     */
    public String cacheKey() {
        return "tls(" + (verifyPeer ? 'P' : 'p') + (verifyHost ? 'H' : 'h') + (alpn ? 'A' : 'a') + (h2 ? "2" : "") + ' ' + sslVersion
                + " ca=" + caInfo + " capath=" + caPath + " pin=" + pinnedPublicKey + " ciphers=" + cipherList
                + " tls13=" + tls13Ciphers + " cert=" + sslCert + ':' + sslCertType + " key=" + sslKey + ':'
                + sslKeyType + " pass=" + digest(keyPasswd)
                + (sslCtxFunction == null ? "" : " ctx=" + System.identityHashCode(sslCtxFunction) + '/'
                        + System.identityHashCode(sslCtxData)) + ')';
    }

    private static String digest(String s) {
        if (s == null) {
            return "-";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlsOptions)) {
            return false;
        }
        TlsOptions t = (TlsOptions) o;
        return verifyPeer == t.verifyPeer && verifyHost == t.verifyHost && sslVersion == t.sslVersion && alpn == t.alpn && h2 == t.h2
                && Objects.equals(caInfo, t.caInfo) && Objects.equals(caPath, t.caPath)
                && Objects.equals(pinnedPublicKey, t.pinnedPublicKey) && Objects.equals(cipherList, t.cipherList)
                && Objects.equals(tls13Ciphers, t.tls13Ciphers) && Objects.equals(sslCert, t.sslCert)
                && Objects.equals(sslCertType, t.sslCertType) && Objects.equals(sslKey, t.sslKey)
                && Objects.equals(sslKeyType, t.sslKeyType) && Objects.equals(keyPasswd, t.keyPasswd)
                && sslCtxFunction == t.sslCtxFunction && sslCtxData == t.sslCtxData;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verifyPeer, verifyHost, sslVersion, alpn, h2, caInfo, caPath, pinnedPublicKey, cipherList,
                tls13Ciphers, sslCert, sslCertType, sslKey, sslKeyType, keyPasswd)
                + 31 * System.identityHashCode(sslCtxFunction);
    }
}
