package dev.hiper.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.CurlMulti;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/hiperfifo as a user runs it: a separate JVM fed through standard input or a real named
 * pipe, 200 URLs against a server on loopback, with the contract audit switched on.
 */
class HiperFifoTest {
    static final int URLS = 200;

    /** The running program and everything it printed. */
    static final class Run implements AutoCloseable {
        final Process process;
        final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        final StringBuffer stderr = new StringBuffer();
        final CompletableFuture<Void> outDone = new CompletableFuture<>();

        Run(String arg, String... jvmOptions) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String modules;
            try {
                modules = Path.of(CurlMulti.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
            List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Dhiperfifo.audit=true"));
            cmd.addAll(List.of(jvmOptions));
            cmd.addAll(List.of("--module-path", modules, "--add-modules", "dev.hiper.core", source().toString(), arg));
            process = new ProcessBuilder(cmd).start();
            pump(process.getInputStream(), line -> stdout.add(line), outDone);
            pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), new CompletableFuture<>());
        }

        static void pump(InputStream in, java.util.function.Consumer<String> sink, CompletableFuture<Void> done) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        sink.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process went away
                } finally {
                    done.complete(null);
                }
            });
            t.setDaemon(true);
            t.start();
        }

        boolean waitFor(java.util.function.Predicate<String> line, long ms) throws InterruptedException {
            long end = System.nanoTime() + ms * 1_000_000;
            while (System.nanoTime() < end) {
                synchronized (stdout) {
                    for (String l : stdout) {
                        if (line.test(l)) {
                            return true;
                        }
                    }
                }
                Thread.sleep(20);
            }
            return false;
        }

        void finish() throws Exception {
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertTrue(exited, "hiperfifo did not stop; last lines: " + tail());
            outDone.get(10, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), "stderr: " + stderr);
        }

        /** Never leaves the program behind (a named pipe it holds open never ends its input). */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        String tail() {
            synchronized (stdout) {
                return String.join("\n", stdout.subList(Math.max(0, stdout.size() - 10), stdout.size()));
            }
        }
    }

    static Path source() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/hiperfifo/HiperFifo.java"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "examples/hiperfifo/HiperFifo.java not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("examples/hiperfifo/HiperFifo.java");
    }

    /** 200 URLs of the server's /bytes, in sizes from 1 byte to ~200 KiB. */
    static List<String> urls(JettyServer jetty) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < URLS; i++) {
            urls.add(jetty.url("/bytes?n=" + size(i) + "&seed=" + i));
        }
        return urls;
    }

    static long size(int i) {
        return i % 10 == 0 ? 200_000 + i : 1 + i * 37L;
    }

    static void write(OutputStream out, List<String> words) throws IOException {
        // several words a line, lines of different shapes: the program splits on any whitespace
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            sb.append(words.get(i)).append(i % 3 == 2 ? "\n" : i % 2 == 0 ? " " : "\t");
        }
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static OutputStream writer(Path fifo) throws IOException {
        return java.nio.channels.Channels.newOutputStream(new java.io.RandomAccessFile(fifo.toFile(), "rw").getChannel());
    }

    /** Every URL got one successful DONE line, progress up to its size, and the count went to 0. */
    static void assertAllDone(Run run, List<String> urls, JettyServer jetty) {
        Set<String> done = new HashSet<>();
        int doneLines = 0;
        Set<String> fullProgress = new HashSet<>();
        List<String> lines;
        synchronized (run.stdout) {
            lines = new ArrayList<>(run.stdout);
        }
        for (String l : lines) {
            if (l.startsWith("DONE: ")) {
                doneLines++;
                assertTrue(l.endsWith(" => (0) "), "a transfer failed: " + l);
                done.add(l.substring(6, l.indexOf(" => (")));
            } else if (l.startsWith("Progress: ")) {
                fullProgress.add(l);
            }
        }
        assertEquals(urls.size(), doneLines);
        assertEquals(new HashSet<>(urls), done);
        for (int i = 0; i < URLS; i++) {
            String want = "Progress: " + urls.get(i) + " (" + size(i) + "/" + size(i) + ")";
            assertTrue(fullProgress.contains(want), "missing: " + want);
        }
        long remainingLines = lines.stream().filter(l -> l.startsWith("REMAINING: ")).count();
        assertEquals(urls.size(), remainingLines, "one REMAINING line per DONE line");
        assertEquals("REMAINING: 0", lines.stream().filter(l -> l.startsWith("REMAINING: ")).reduce((a, b) -> b).get());
        assertFalse(run.stderr.toString().contains("hiper loop audit"), "the audit spoke: " + run.stderr);
    }

    @Test
    @Timeout(120)
    void twoHundredUrlsThroughStandardInputWhileOthersRun() throws Exception {
        try (JettyServer jetty = JettyServer.start(); ScriptedServer slow = ScriptedServer.start();
                Run run = new Run("-")) {
            slow.enqueue(Action.sleep(1500), Action.respond(200, "slow"));
            List<String> urls = urls(jetty);
            String slowUrl = slow.url("/slow");
            OutputStream stdin = run.process.getOutputStream();
            // The slow one first, then half the others: they finish while it still waits.
            List<String> first = new ArrayList<>();
            first.add(slowUrl);
            first.addAll(urls.subList(0, URLS / 2));
            write(stdin, first);
            assertTrue(run.waitFor(l -> l.startsWith("DONE: "), 30_000), "no transfer finished: " + run.tail());
            List<String> rest = new ArrayList<>(urls.subList(URLS / 2, URLS));
            rest.add("stop");
            write(stdin, rest);
            stdin.close();
            run.finish();
            List<String> all = new ArrayList<>(urls);
            all.add(slowUrl);
            assertAllDone(run, all, jetty);
            List<String> doneOrder = run.stdout.stream().filter(l -> l.startsWith("DONE: ")).toList();
            assertTrue(doneOrder.get(doneOrder.size() - 1).startsWith("DONE: " + slowUrl),
                    "the slow transfer, started first, should end last: " + doneOrder.get(doneOrder.size() - 1));
        }
    }

    @Test
    @Timeout(120)
    void twoHundredUrlsThroughARealNamedPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("hiper.fifo");
        try (JettyServer jetty = JettyServer.start(); Run run = new Run(fifo.toString())) {
            List<String> urls = urls(jetty);
            assertTrue(run.waitFor(l -> l.startsWith("Now, pipe some URLs into"), 30_000), run.tail() + run.stderr);
            assertTrue(Files.exists(fifo));
            assertFalse(Files.isRegularFile(fifo), "not a named pipe");
            // Two writers one after the other, as two "cat list > hiper.fifo" would: the first
            // closing its end must not end the program. (Opened read-write, so the open cannot
            // block should the program have died.)
            try (OutputStream w = writer(fifo)) {
                write(w, urls.subList(0, URLS / 2));
            }
            assertTrue(run.waitFor(l -> l.equals("DONE: " + urls.get(1) + " => (0) "), 30_000), run.tail());
            try (OutputStream w = writer(fifo)) {
                List<String> rest = new ArrayList<>(urls.subList(URLS / 2, URLS));
                rest.add("stop");
                write(w, rest);
            }
            run.finish();
            assertAllDone(run, urls, jetty);
            assertFalse(Files.exists(fifo), "the named pipe is removed at the end");
        }
    }

    /**
     * HTTPS URLs of an HTTP/2 server: hiper offers h2 by default, so the transfers become streams
     * that share connections, each stream's transfer reporting the shared socket to the program's
     * socket callback, under the contract audit. The JDK's default trust is pointed at the test CA.
     */
    @Test
    @Timeout(120)
    void http2StreamsShareSocketsUnderTheAudit(@TempDir Path dir) throws Exception {
        dev.hiper.testkit.TestPki pki = dev.hiper.testkit.TestPki.create(dir);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(pki.file("ca.pem")))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        Path store = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        try (dev.hiper.testkit.JettyH2Server h2 = dev.hiper.testkit.JettyH2Server.start(
                pki.serverTls(pki.server).context, 128);
                Run run = new Run("-", "-Djavax.net.ssl.trustStore=" + store,
                        "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12")) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < URLS; i++) {
                urls.add("https://127.0.0.1:" + h2.tlsPort() + "/bytes?n=" + size(i) + "&seed=" + i);
            }
            OutputStream stdin = run.process.getOutputStream();
            write(stdin, urls.subList(0, 1));
            assertTrue(run.waitFor(l -> l.startsWith("DONE: "), 30_000), "the first: " + run.tail() + run.stderr);
            List<String> rest = new ArrayList<>(urls.subList(1, URLS));
            rest.add("stop");
            write(stdin, rest);
            stdin.close();
            run.finish();
            List<String> done;
            synchronized (run.stdout) {
                done = run.stdout.stream().filter(l -> l.startsWith("DONE: ")).toList();
            }
            assertEquals(URLS, done.size(), run.tail());
            for (String l : done) {
                assertTrue(l.endsWith(" => (0) "), "a transfer failed: " + l);
            }
            assertTrue(h2.tlsConnections() < URLS, "streams shared connections: " + h2.tlsConnections());
            assertFalse(run.stderr.toString().contains("hiper loop audit"), "the audit spoke: " + run.stderr);
        }
    }
}
