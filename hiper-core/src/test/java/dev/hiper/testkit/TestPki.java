package dev.hiper.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small PKI made at run time for the HTTPS tests, with its files written as curl users have
 * them (PEM certificates and keys, PKCS#12): a root CA, an intermediate CA, and identities
 * signed by them.
 *
 * <ul>
 *   <li>{@link #server}: names server.hiper.test, *.wild.hiper.test, 127.0.0.1 and ::1; signed by
 *       the intermediate; serves the chain [server, intermediate], so only the root needs trusting.
 *   <li>{@link #expired}: server.hiper.test, signed by the intermediate, expired yesterday.
 *   <li>{@link #wrongName}: only other.hiper.test (and no address), signed by the intermediate.
 *   <li>{@link #selfSigned}: server.hiper.test and 127.0.0.1, signed by itself.
 *   <li>{@link #client}: CN=client.hiper.test, an RSA key, signed by the root, for client authentication.
 * </ul>
 *
 * Files in {@link #dir}: {@code ca.pem} (the root), {@code capath/} (the root and a file that is
 * not a certificate), {@code NAME.pem} (certificate), {@code NAME-chain.pem}, {@code NAME.key}
 * (traditional PEM: PKCS#1 for RSA, SEC1 for EC), {@code NAME-pkcs8.key}, {@code NAME-enc.key}
 * (PKCS#8 encrypted with {@link #PASSWORD}), {@code NAME.p12} (PKCS#12, {@link #PASSWORD}),
 * {@code NAME-pub.pem} (its public key).
 */
public final class TestPki {
    public static final String PASSWORD = "hiper-secret";

    public final Path dir;
    public final Identity root;
    public final Identity intermediate;
    public final Identity server;
    public final Identity expired;
    public final Identity wrongName;
    public final Identity selfSigned;
    public final Identity client;

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair, its certificate, the chain a server sends, and its files. */
    public static final class Identity {
        public final String name;
        public final KeyPair keys;
        public final X509Certificate cert;
        /** Leaf first, without the root. */
        public final X509Certificate[] chain;

        Identity(String name, KeyPair keys, X509Certificate cert, X509Certificate[] chain) {
            this.name = name;
            this.keys = keys;
            this.cert = cert;
            this.chain = chain;
        }
    }

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        long now = System.currentTimeMillis();
        long day = 24L * 3600 * 1000;
        Date from = new Date(now - day);
        Date to = new Date(now + 30 * day);
        KeyPair rootKeys = ec();
        X509Certificate rootCert = cert("CN=hiper test root CA,O=hiper tests", rootKeys.getPublic(),
                "CN=hiper test root CA,O=hiper tests", rootKeys.getPrivate(), null, from, to, true, null, null);
        root = new Identity("root", rootKeys, rootCert, new X509Certificate[] {rootCert});
        KeyPair interKeys = ec();
        X509Certificate interCert = cert("CN=hiper test intermediate CA,O=hiper tests", interKeys.getPublic(),
                name(rootCert), rootKeys.getPrivate(), rootCert, from, to, true, null, null);
        intermediate = new Identity("intermediate", interKeys, interCert, new X509Certificate[] {interCert});
        server = leaf("server", "CN=server.hiper.test,O=hiper tests", intermediate, from, to, KeyPurposeId.id_kp_serverAuth,
                List.of("server.hiper.test", "*.wild.hiper.test"), List.of("127.0.0.1", "::1"), ec());
        expired = leaf("expired", "CN=server.hiper.test,O=hiper tests", intermediate, new Date(now - 30 * day),
                new Date(now - day), KeyPurposeId.id_kp_serverAuth, List.of("server.hiper.test"), List.of("127.0.0.1"), ec());
        wrongName = leaf("wrongname", "CN=other.hiper.test,O=hiper tests", intermediate, from, to,
                KeyPurposeId.id_kp_serverAuth, List.of("other.hiper.test"), List.of(), ec());
        KeyPair selfKeys = ec();
        X509Certificate self = cert("CN=server.hiper.test,O=self-signed", selfKeys.getPublic(),
                "CN=server.hiper.test,O=self-signed", selfKeys.getPrivate(), null, from, to, false,
                KeyPurposeId.id_kp_serverAuth, sans(List.of("server.hiper.test"), List.of("127.0.0.1")));
        selfSigned = new Identity("selfsigned", selfKeys, self, new X509Certificate[] {self});
        client = leaf("client", "CN=client.hiper.test,O=hiper tests", root, from, to, KeyPurposeId.id_kp_clientAuth,
                List.of(), List.of(), rsa());
        write(root);
        write(intermediate);
        for (Identity id : List.of(server, expired, wrongName, selfSigned, client)) {
            write(id);
        }
        Path capath = Files.createDirectories(dir.resolve("capath"));
        Files.copy(dir.resolve("root.pem"), capath.resolve("root.pem"));
        Files.writeString(capath.resolve("README"), "not a certificate\n");
        Files.copy(dir.resolve("root.pem"), dir.resolve("ca.pem"));
    }

    /** Makes the PKI and writes its files into {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI", e);
        }
    }

    /** A file of this PKI, e.g. {@code file("client.p12")}. */
    public String file(String name) {
        return dir.resolve(name).toString();
    }

    // ---- server side ----

    /**
     * A server identity for Jetty: its SSLContext (one context, one set of session ticket keys:
     * sessions resume only within it). To tell a resumed session on the server, compare the
     * session's creation time with the connection's start: the JDK keeps it across resumption
     * (JDK 25 also consults the key manager when it resumes, so counting that proves nothing).
     */
    public static final class ServerTls {
        public final SSLContext context;

        ServerTls(SSLContext context) {
            this.context = context;
        }
    }

    /** A server context presenting {@code id}'s chain and trusting the root (for client certificates). */
    public ServerTls serverTls(Identity id) {
        try {
            KeyManager km = new FixedKeyManager(id);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("root", root.cert);
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {km}, tmf.getTrustManagers(), null);
            return new ServerTls(ctx);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents one chain, whatever names or CAs the client asks for. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final Identity id;

        FixedKeyManager(Identity id) {
            this.id = id;
        }

        private boolean fits(String keyType) {
            return keyType != null && keyType.startsWith(id.keys.getPrivate().getAlgorithm());
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return fits(keyType) ? id.name : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return chooseEngineServerAlias(keyType, issuers, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return fits(keyType) ? new String[] {id.name} : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return id.name.equals(alias) ? id.chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return id.name.equals(alias) ? id.keys.getPrivate() : null;
        }
    }

    // ---- making certificates ----

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String name(X509Certificate c) {
        return X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).toString();
    }

    private Identity leaf(String fileName, String subject, Identity issuer, Date from, Date to, KeyPurposeId purpose,
            List<String> dns, List<String> ips, KeyPair keys) throws Exception {
        X509Certificate c = cert(subject, keys.getPublic(), name(issuer.cert), issuer.keys.getPrivate(), issuer.cert,
                from, to, false, purpose, dns.isEmpty() && ips.isEmpty() ? null : sans(dns, ips));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c);
        if (issuer != root) {
            chain.add(issuer.cert);
        }
        return new Identity(fileName, keys, c, chain.toArray(new X509Certificate[0]));
    }

    private static GeneralNames sans(List<String> dns, List<String> ips) {
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static X509Certificate cert(String subject, PublicKey key, String issuer, PrivateKey issuerKey,
            X509Certificate issuerCert, Date from, Date to, boolean ca, KeyPurposeId purpose, GeneralNames sans)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), from, to, new X500Name(subject), key);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        if (issuerCert != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
        }
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (sans != null) {
            b.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        String alg = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
    }

    // ---- files ----

    private void write(Identity id) throws Exception {
        pem(dir.resolve(id.name + ".pem"), id.cert);
        try (Writer w = Files.newBufferedWriter(dir.resolve(id.name + "-chain.pem"), StandardCharsets.US_ASCII);
                JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (X509Certificate c : id.chain) {
                p.writeObject(c);
            }
        }
        pem(dir.resolve(id.name + ".key"), traditional(id.keys.getPrivate()));
        pem(dir.resolve(id.name + "-pkcs8.key"), new JcaPKCS8Generator(id.keys.getPrivate(), null));
        JceOpenSSLPKCS8EncryptorBuilder enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC);
        enc.setPRF(PKCS8Generator.PRF_HMACSHA256);
        enc.setProvider(BC); // the JDK has no "AES/CBC/PKCS7Padding" by that name; the file is standard PBES2
        enc.setPassword(PASSWORD.toCharArray());
        pem(dir.resolve(id.name + "-enc.key"), new JcaPKCS8Generator(id.keys.getPrivate(), enc.build()));
        pem(dir.resolve(id.name + "-pub.pem"), id.keys.getPublic());
        Files.write(dir.resolve(id.name + "-pub.der"), id.keys.getPublic().getEncoded());
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry(id.name, id.keys.getPrivate(), PASSWORD.toCharArray(), id.chain);
        try (OutputStream out = Files.newOutputStream(dir.resolve(id.name + ".p12"))) {
            p12.store(out, PASSWORD.toCharArray());
        }
    }

    /**
     * The key as OpenSSL writes it in its traditional form: PKCS#1 for RSA; for EC, SEC1 with
     * the curve named inside (the JDK's encoding leaves the curve to the PKCS#8 wrapper, and a
     * SEC1 key without it is one OpenSSL cannot read).
     */
    private static Object traditional(PrivateKey key) throws IOException {
        if (!key.getAlgorithm().equals("EC")) {
            return key;
        }
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey withCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                inner.getKey(), inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters());
        return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", withCurve.getEncoded());
    }

    private static void pem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
    }
}
