package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The client certificate and key a transfer presents ({@code CURLOPT_SSLCERT},
 * {@code CURLOPT_SSLKEY}, {@code CURLOPT_SSLCERTTYPE}, {@code CURLOPT_SSLKEYTYPE},
 * {@code CURLOPT_KEYPASSWD}), as a key manager that offers it whenever the server asks for a
 * certificate of its key type: like OpenSSL, and unlike the JDK's own key managers, it does not
 * hold the certificate back when the server's list of acceptable issuers does not name ours.
 *
 * <p>Accepted: a PEM certificate (chain) or a DER one; keys in PEM as PKCS#8 ("PRIVATE KEY"),
 * encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", with the key password), PKCS#1 ("RSA PRIVATE KEY")
 * or SEC1 ("EC PRIVATE KEY"), or PKCS#8 DER; or one PKCS#12 file ("P12") holding both. With no
 * key file the key is looked for in the certificate file, as curl does. Every failure is
 * {@code CURLE_SSL_CERTPROBLEM} (58) with a message that names the file and the cause.
 */
final class ClientIdentity extends X509ExtendedKeyManager {
    private static final String ALIAS = "hiper-client";
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"};

    final X509Certificate[] chain;
    final PrivateKey key;

    private ClientIdentity(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    static ClientIdentity load(TlsOptions o) throws FilterException {
        String certType = o.sslCertType == null ? "PEM" : o.sslCertType.toUpperCase(Locale.ROOT);
        byte[] certBytes = read(o.sslCert, "client certificate");
        if (certType.equals("P12")) {
            return fromPkcs12(o.sslCert, certBytes, o.keyPasswd);
        }
        List<X509Certificate> certs;
        if (certType.equals("PEM")) {
            certs = pemCertificates(o.sslCert, certBytes);
        } else if (certType.equals("DER")) {
            certs = List.of(certificate(o.sslCert, certBytes));
        } else {
            throw problem("not supported file type '" + o.sslCertType + "' for certificate (PEM, DER or P12)");
        }
        String keyFile = o.sslKey != null ? o.sslKey : o.sslCert;
        byte[] keyBytes = o.sslKey != null ? read(o.sslKey, "private key") : certBytes;
        String keyType = o.sslKeyType == null ? "PEM" : o.sslKeyType.toUpperCase(Locale.ROOT);
        PrivateKey key;
        try {
            if (keyType.equals("PEM")) {
                key = pemKey(keyFile, keyBytes, o.keyPasswd);
            } else if (keyType.equals("DER")) {
                key = pkcs8OrPkcs1(keyBytes);
            } else {
                throw problem("not supported file type '" + o.sslKeyType + "' for private key (PEM or DER)");
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw problem("unable to use the private key in '" + keyFile + "': " + reason(e), e);
        }
        ClientIdentity id = new ClientIdentity(certs.toArray(new X509Certificate[0]), key);
        id.checkPair(o.sslCert, keyFile);
        return id;
    }

    private static byte[] read(String file, String what) throws FilterException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw problem("could not read the " + what + " file '" + file + "': " + reason(e), e);
        }
    }

    private static ClientIdentity fromPkcs12(String file, byte[] data, String password) throws FilterException {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(data), pw);
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key k = ks.getKey(alias, pw);
                Certificate[] c = ks.getCertificateChain(alias);
                if (!(k instanceof PrivateKey) || c == null || c.length == 0) {
                    continue;
                }
                X509Certificate[] x = new X509Certificate[c.length];
                for (int i = 0; i < c.length; i++) {
                    x[i] = (X509Certificate) c[i];
                }
                ClientIdentity id = new ClientIdentity(x, (PrivateKey) k);
                id.checkPair(file, file);
                return id;
            }
            throw problem("could not find a certificate with its private key in PKCS12 file '" + file + "'");
        } catch (FilterException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password") ? "wrong password? (" + reason(e) + ")" : reason(e);
            throw problem("could not parse PKCS12 file '" + file + "': " + why, e);
        }
    }

    private static List<X509Certificate> pemCertificates(String file, byte[] data) throws FilterException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Pem.Block b : Pem.parse(data)) {
                if (b.type.equals("CERTIFICATE") || b.type.equals("X509 CERTIFICATE")) {
                    out.add(certificate(file, b.der));
                }
            }
        } catch (IllegalArgumentException e) {
            throw problem("could not load PEM client certificate from '" + file + "': " + reason(e), e);
        }
        if (out.isEmpty()) {
            throw problem("could not load PEM client certificate from '" + file + "': no certificate in it");
        }
        return out;
    }

    static X509Certificate certificate(String file, byte[] der) throws FilterException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw problem("could not load the client certificate from '" + file + "': " + reason(e), e);
        }
    }

    private static PrivateKey pemKey(String file, byte[] data, String password) throws GeneralSecurityException,
            FilterException {
        for (Pem.Block b : Pem.parse(data)) {
            String proc = b.headers.get("proc-type");
            if (proc != null && proc.contains("ENCRYPTED")) {
                throw problem("the key in '" + file + "' is encrypted in the legacy OpenSSL PEM format ("
                        + b.headers.get("dek-info") + "); convert it to PKCS#8 (openssl pkcs8 -topk8)");
            }
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(b.der);
                case "RSA PRIVATE KEY":
                    return pkcs8(Pem.pkcs1ToPkcs8(b.der));
                case "EC PRIVATE KEY":
                    return pkcs8(Pem.sec1ToPkcs8(b.der));
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw problem("the key in '" + file + "' is encrypted and no key password was given"
                                + " (CURLOPT_KEYPASSWD)");
                    }
                    return pkcs8(decrypt(b.der, password));
                default:
                    break;
            }
        }
        throw problem("no private key found in '" + file + "'");
    }

    private static PrivateKey pkcs8OrPkcs1(byte[] der) throws GeneralSecurityException {
        try {
            return pkcs8(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return pkcs8(Pem.pkcs1ToPkcs8(der));
        }
    }

    /** Tries each key algorithm the JDK knows until one takes the PKCS#8 bytes. */
    static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not a private key the JDK can read", last);
    }

    /** Decrypts an EncryptedPrivateKeyInfo (PBES2 as OpenSSL writes it, or PBES1). */
    private static byte[] decrypt(byte[] der, String password) throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new GeneralSecurityException("not an encrypted PKCS#8 key", e);
        }
        AlgorithmParameters params = info.getAlgParameters();
        String name = info.getAlgName();
        if (params != null && (name.equalsIgnoreCase("PBES2") || name.startsWith("1.2.840.113549.1.5.13"))) {
            name = params.toString(); // e.g. PBEWithHmacSHA256AndAES_256
        }
        SecretKeyFactory skf = SecretKeyFactory.getInstance(name);
        Cipher cipher = Cipher.getInstance(name);
        cipher.init(Cipher.DECRYPT_MODE, skf.generateSecret(new PBEKeySpec(password.toCharArray())), params);
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("wrong pass phrase (" + e.getMessage() + ")", e);
        }
    }

    /** A key that does not belong to the certificate fails here, not in the server's handshake. */
    private void checkPair(String certFile, String keyFile) throws FilterException {
        String alg;
        switch (key.getAlgorithm()) {
            case "RSA":
                alg = "SHA256withRSA";
                break;
            case "EC":
                alg = "SHA256withECDSA";
                break;
            case "DSA":
                alg = "SHA256withDSA";
                break;
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                alg = key.getAlgorithm();
                break;
            default:
                return; // RSASSA-PSS needs parameters; the server will tell
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(chain[0].getPublicKey());
            v.update(probe);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // falls through: a key of another type does not match either
        }
        throw problem("the private key in '" + keyFile + "' does not match the certificate in '" + certFile + "'");
    }

    private static FilterException problem(String message) {
        return new FilterException(CurlCode.CURLE_SSL_CERTPROBLEM, message);
    }

    private static FilterException problem(String message, Throwable cause) {
        return new FilterException(CurlCode.CURLE_SSL_CERTPROBLEM, message, cause);
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    // ---- X509ExtendedKeyManager ----

    private boolean fits(String[] keyTypes) {
        if (keyTypes == null) {
            return false;
        }
        String mine = key.getAlgorithm();
        for (String t : keyTypes) {
            if (t.equalsIgnoreCase(mine) || t.equals("EdDSA") && mine.startsWith("Ed")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(new String[] {keyType}) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
