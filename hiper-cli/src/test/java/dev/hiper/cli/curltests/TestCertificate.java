package dev.hiper.cli.curltests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of the https cases: a self-signed certificate for localhost and 127.0.0.1,
 * made once per run with the JDK's keytool (the cases that use it pass {@code --insecure}; those
 * that need curl's own test CA are skipped).
 */
final class TestCertificate {
    private static SSLContext context;

    private TestCertificate() {
    }

    static synchronized SSLContext context(Path workRoot) throws IOException {
        if (context != null) {
            return context;
        }
        Path ks = workRoot.resolve("https-server.p12");
        Files.createDirectories(workRoot);
        Files.deleteIfExists(ks);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sws", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                    "-validity", "30", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "sws-pass")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "sws-pass".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "sws-pass".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            context = ctx;
            return ctx;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
