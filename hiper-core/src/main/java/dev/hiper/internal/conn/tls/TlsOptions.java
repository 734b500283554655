package dev.hiper.internal.conn.tls;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlSslCtxFunction;
import dev.hiper.curl.EasyOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An easy handle's TLS options ({@code CURLOPT_SSL_*}, {@code CAINFO}, {@code SSLCERT}, ...),
 * with libcurl's defaults: verify the peer and its name, the JDK's trust store, TLS 1.2 at
 * least, ALPN on.
 *
 * <p>A transfer takes a copy ({@link #frozen}) when it starts; that copy is never changed again, so it
 * serves as the key of the multi's {@link TlsContexts} and, through {@link #cacheKey()}, as part
 * of the connection-cache key (two transfers share a connection only when every setting that
 * changes who is trusted or what is presented is the same).
 *
 * <p>Handles that set no TLS option share one instance of the defaults ({@link #DEFAULTS}, for
 * the origin and for an HTTPS proxy alike): it is never changed, its frozen copies are made once, and a
 * handle takes an instance of its own ({@link #writable}) when it sets its first TLS option. So an
 * idle handle holds no TLS options of its own.
 */
public final class TlsOptions {
    /** Sets one TLS option; the value is of the option's type (or null: libcurl's default). */
    public interface Setter {
        CurlCode set(TlsOptions t, Object v);
    }

    /**
     * The easy options that are TLS options, with libcurl's defaults when set to null (verify on,
     * TLS 1.2 at least, ALPN on).
     */
    public static final Map<EasyOption<?>, Setter> SETTERS = new IdentityHashMap<>();

    private static void put(EasyOption<?> o, Setter s) {
        SETTERS.put(o, s);
    }

    static {
        put(CURLOPT_SSL_VERIFYPEER, (t, v) -> { t.verifyPeer = v == null || (Long) v != 0; return CurlCode.CURLE_OK; });
        // libcurl treats 1 and 2 alike (since 7.66.0): any of the low two bits asks for the check
        put(CURLOPT_SSL_VERIFYHOST, (t, v) -> { t.verifyHost = v == null || ((Long) v & 3) != 0; return CurlCode.CURLE_OK; });
        put(CURLOPT_CAINFO, (t, v) -> { t.caInfo = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSL_CTX_FUNCTION, (t, v) -> { t.sslCtxFunction = (CurlSslCtxFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSL_CTX_DATA, (t, v) -> { t.sslCtxData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_CAPATH, (t, v) -> { t.caPath = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_PINNEDPUBLICKEY, (t, v) -> { t.pinnedPublicKey = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSLVERSION, (t, v) -> {
            long x = (v == null ? 0 : (Long) v);
            long min = x & 0xffff;
            long max = x >>> 16;
            if (x < 0 || min == CURL_SSLVERSION_SSLv2 || min == CURL_SSLVERSION_SSLv3 || min >= CURL_SSLVERSION_LAST
                    || max >= (CURL_SSLVERSION_MAX_LAST >>> 16)) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            t.sslVersion = x;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_SSL_CIPHER_LIST, (t, v) -> { t.cipherList = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_TLS13_CIPHERS, (t, v) -> { t.tls13Ciphers = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSLCERT, (t, v) -> { t.sslCert = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSLCERTTYPE, (t, v) -> { t.sslCertType = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSLKEY, (t, v) -> { t.sslKey = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSLKEYTYPE, (t, v) -> { t.sslKeyType = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_KEYPASSWD, (t, v) -> { t.keyPasswd = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SSL_ENABLE_ALPN, (t, v) -> { t.alpn = v == null || (Long) v != 0; return CurlCode.CURLE_OK; });
    }

    /** The defaults, shared by every handle (and proxy) that set no TLS option; never changed. */
    public static final TlsOptions DEFAULTS = sharedDefaults();

    private static TlsOptions sharedDefaults() {
        TlsOptions t = new TlsOptions();
        t.frozen(false); // made here, so the shared instance is only read afterwards
        t.frozen(true);
        return t;
    }

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
    /** The copies {@link #frozen} handed out since the last change, without and with h2 offered. */
    private TlsOptions frozenHttp1;
    private TlsOptions frozenH2;
    /** A frozen copy's {@link #cacheKey()}, made once. */
    private String key;

    /**
     * This instance when it is the handle's own, else (a shared default) a new copy for the handle
     * to change; the frozen copies are dropped, as the caller is about to change an option.
     */
    public TlsOptions writable() {
        if (this == DEFAULTS) {
            return copy();
        }
        changed();
        return this;
    }

    /** An instance with the same settings for another handle: the shared defaults themselves, else a copy. */
    public TlsOptions forAnotherHandle() {
        return this == DEFAULTS ? this : copy();
    }

    /**
     * The copy a transfer takes ({@link #copy()} with {@code h2} set), the same instance for
     * every transfer until an option changes ({@link #changed}), its cache key made once: a
     * keep-alive loop builds neither per request.
     */
    public TlsOptions frozen(boolean h2) {
        TlsOptions f = h2 ? frozenH2 : frozenHttp1;
        if (f == null) {
            f = copy();
            f.h2 = h2;
            f.key = f.cacheKey();
            if (h2) {
                frozenH2 = f;
            } else {
                frozenHttp1 = f;
            }
        }
        return f;
    }

    /** An option was set: the next transfer takes a new copy. */
    public void changed() {
        frozenHttp1 = null;
        frozenH2 = null;
    }

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
        if (key != null) {
            return key;
        }
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
