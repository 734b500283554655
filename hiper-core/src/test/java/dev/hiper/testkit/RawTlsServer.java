package dev.hiper.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS server on 127.0.0.1 whose every byte and record boundary a test decides: one thread per
 * connection runs the test's {@link Script} on a blocking {@link SSLSocket} (one {@code write}
 * of up to 16 KiB is one TLS record). For what Jetty does not do on request: several HTTP
 * responses in one record, a renegotiation or a key update in the middle of a body, and telling
 * whether the client said close_notify.
 */
public final class RawTlsServer implements AutoCloseable {
    /** What the server does with one accepted connection: TLS over {@code raw}, which the script may read past TLS. */
    @FunctionalInterface
    public interface Script {
        void run(SSLSocket socket, Socket raw) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    public RawTlsServer(SSLContext context, String[] protocols, Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        SSLSocketFactory factory = context.getSocketFactory();
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket raw = server.accept();
                    raw.setSoTimeout(20_000);
                    SSLSocket s = (SSLSocket) factory.createSocket(raw, null, raw.getPort(), true);
                    s.setUseClientMode(false);
                    if (protocols != null) {
                        s.setEnabledProtocols(protocols);
                    }
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.run(s, raw);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, "RawTlsServer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        failures.add(e);
                    }
                }
            }
        }, "RawTlsServer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What the scripts failed with, for the test to check at the end. */
    public List<Throwable> failures() {
        return failures;
    }

    /** A script tells the test something ({@link #event}); the test waits for it here. */
    public void event(String e) {
        events.add(e);
    }

    public String nextEvent(long timeoutMs) throws InterruptedException {
        return events.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Reads one request head (up to and including the blank line); null at end of stream. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        for (;;) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw e;
            }
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
