package dev.hiper.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback WebSocket server whose every connection is a script: it reads the upgrade request
 * (kept, as text, for {@link #takeRequest}), then hands the connection to the test's
 * {@link Script}, which answers the upgrade (or not) and sends and reads frames byte for byte
 * through a {@link Peer}. Frames from the client are checked to be masked and unmasked.
 *
 * <p>One daemon thread per connection; {@link #close()} closes the listener and every
 * connection. A script that throws records the failure ({@link #failures()}).
 */
public final class WsScriptedServer implements AutoCloseable {
    /** What the server does on one connection, after reading the request head. */
    @FunctionalInterface
    public interface Script {
        void run(Peer peer) throws Exception;
    }

    /** One frame from the client, unmasked. */
    public record Frame(int first, byte[] payload) {
        public int opcode() {
            return first & 0x0f;
        }

        public boolean fin() {
            return (first & 0x80) != 0;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The server's side of one connection. */
    public static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** The upgrade request's head. */
        public final String request;

        Peer(Socket socket, String request) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.request = request;
        }

        /** The value of a request header, or null. */
        public String header(String name) {
            for (String line : request.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** Answers 101 with the right Sec-WebSocket-Accept, and {@code extra} bytes right after the head. */
        public void accept(byte[] extra) throws IOException {
            accept("", extra);
        }

        /** Answers 101 with {@code lines} (each ending in CRLF) added to its head, then {@code extra}. */
        public void accept(String lines, byte[] extra) throws IOException {
            String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptFor(header("Sec-WebSocket-Key")) + "\r\n" + lines + "\r\n";
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(extra);
            send(b.toByteArray());
        }

        public void accept() throws IOException {
            accept(new byte[0]);
        }

        public void send(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }

        public void send(String raw) throws IOException {
            send(raw.getBytes(StandardCharsets.ISO_8859_1));
        }

        /**
         * Sends {@code raw} in writes of at most {@code chop} bytes each, with TCP_NODELAY on, so
         * that the client may see them arrive apart.
         */
        public void sendChopped(byte[] raw, int chop) throws IOException {
            socket.setTcpNoDelay(true);
            for (int off = 0; off < raw.length; off += chop) {
                out.write(raw, off, Math.min(chop, raw.length - off));
                out.flush();
            }
        }

        /** Bounds every later read: past {@code ms} without a byte, a read throws. */
        public void readTimeout(int ms) throws IOException {
            socket.setSoTimeout(ms);
        }

        /** Reads one frame of the client's, or returns null if the client closed the connection before one. */
        public Frame readFrameOrEnd() throws IOException {
            int first = in.read();
            return first < 0 ? null : readFrame(first);
        }

        /** Reads one frame of the client's; it must be masked. */
        public Frame readFrame() throws IOException {
            return readFrame(read());
        }

        private Frame readFrame(int first) throws IOException {
            int second = read();
            if ((second & 0x80) == 0) {
                throw new IOException("an unmasked frame from the client");
            }
            long len = second & 0x7f;
            if (len == 126) {
                len = read() << 8 | read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = len << 8 | read();
                }
            }
            byte[] key = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) len);
            if (payload.length != len || key.length != 4) {
                throw new EOFException("a frame cut short");
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            return new Frame(first, payload);
        }

        /** Reads until the client closes the connection; returns what came. */
        public byte[] readToEnd() throws IOException {
            return in.readAllBytes();
        }

        private int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        /** Ends the server's sending side (the client sees the connection's end); reading goes on. */
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    /** A server frame (unmasked) with the given first byte and payload. */
    public static byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >> (8 * i)));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public static byte[] frame(int first, String payload) {
        return frame(first, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static String acceptFor(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final ServerSocket listener;
    private final Script script;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    public WsScriptedServer(Script script) throws IOException {
        this.script = script;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        acceptor = new Thread(this::acceptLoop, "WsScriptedServer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** The next upgrade request's head, waiting at most {@code ms}. */
    public String takeRequest(long ms) throws InterruptedException {
        return requests.poll(ms, TimeUnit.MILLISECONDS);
    }

    /** What scripts threw. */
    public LinkedBlockingQueue<Throwable> failures() {
        return failures;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "WsScriptedServer-conn-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readHead(s.getInputStream());
            requests.add(head);
            script.run(new Peer(s, head));
        } catch (Throwable e) {
            if (!closed) {
                failures.add(e);
            }
        } finally {
            sockets.remove(s);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the head was cut short");
            }
            b.write(c);
            state = c == '\r' && (state == 0 || state == 2) ? state + 1 : c == '\n' && (state == 1 || state == 3)
                    ? state + 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
