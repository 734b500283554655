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
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy that opens real tunnels, for tests that need the proxy to behave (or to fail
 * at a chosen point): {@link Kind#CONNECT} answers an HTTP CONNECT with 200 (or 407 when
 * {@link #requireBasic} credentials are missing or wrong) and then pipes bytes both ways;
 * {@link Kind#SOCKS5} does RFC 1928 with no authentication, or RFC 1929 user and password when
 * required, by address or by name; any other request is answered "forwarded" as if by the origin. {@link #closeTunnelAfter} closes each tunnel once that many
 * bytes went from the origin to the client (a proxy that dies mid-tunnel).
 *
 * <p>{@link #start(Kind, javax.net.ssl.SSLContext)} makes it an HTTPS proxy (TLS from the client
 * to the proxy). One daemon thread per connection and direction; {@link #close()} closes every socket.
 */
public final class TunnelProxy implements AutoCloseable {
    /** What the proxy speaks. */
    public enum Kind { CONNECT, SOCKS5 }

    private final Kind kind;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger tunnels = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private volatile String basic;
    private volatile String socksUser;
    private volatile String socksPassword;
    private volatile long closeAfter = -1;
    private volatile boolean closed;

    private TunnelProxy(Kind kind, javax.net.ssl.SSLContext tls) throws IOException {
        this.kind = kind;
        listener = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        Thread t = new Thread(this::accept, "TunnelProxy-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static TunnelProxy start(Kind kind) {
        return start(kind, null);
    }

    /** An HTTPS proxy: clients speak TLS to it with {@code tls}'s identity ({@link Kind#CONNECT} only). */
    public static TunnelProxy start(Kind kind, javax.net.ssl.SSLContext tls) {
        try {
            return new TunnelProxy(kind, tls);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Requires {@code Proxy-Authorization: Basic} with these (CONNECT) or RFC 1929 (SOCKS5). */
    public void requireBasic(String user, String password) {
        basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        socksUser = user;
        socksPassword = password;
    }

    /** Each tunnel is closed after {@code bytes} went from the origin to the client. */
    public void closeTunnelAfter(long bytes) {
        closeAfter = bytes;
    }

    /** TCP connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Tunnels opened so far. */
    public int tunnels() {
        return tunnels.get();
    }

    /** The CONNECT request heads received, in order. */
    public List<String> heads() {
        return heads;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "TunnelProxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Socket origin = kind == Kind.CONNECT ? connect(in, out) : socks(in, out);
            if (origin == null) {
                client.close();
                return;
            }
            tunnels.incrementAndGet();
            sockets.add(origin);
            pipe(client.getInputStream(), origin, -1, client);
            pipe(origin.getInputStream(), client, closeAfter, origin);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private Socket connect(InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        heads.add(head);
        String[] first = head.substring(0, head.indexOf("\r\n")).split(" ");
        if (!first[0].equals("CONNECT")) {
            // a request to forward: answered here, as if from the origin, and the connection closed
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nforwarded"
                    .getBytes(StandardCharsets.US_ASCII));
            return null;
        }
        if (basic != null && !head.contains("\r\nProxy-Authorization: " + basic + "\r\n")) {
            out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return null;
        }
        int colon = first[1].lastIndexOf(':');
        Socket origin = new Socket(first[1].substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(first[1].substring(colon + 1)));
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return origin;
    }

    private Socket socks(InputStream in, OutputStream out) throws IOException {
        int ver = read(in);
        int n = read(in);
        boolean userPass = false;
        for (int i = 0; i < n; i++) {
            userPass |= read(in) == 2;
        }
        if (ver != 5) {
            return null;
        }
        if (socksUser != null) {
            if (!userPass) {
                out.write(new byte[] {5, (byte) 0xff});
                return null;
            }
            out.write(new byte[] {5, 2});
            read(in);
            String u = new String(in.readNBytes(read(in)), StandardCharsets.UTF_8);
            String p = new String(in.readNBytes(read(in)), StandardCharsets.UTF_8);
            boolean ok = u.equals(socksUser) && p.equals(socksPassword);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            if (!ok) {
                return null;
            }
        } else {
            out.write(new byte[] {5, 0});
        }
        read(in);
        read(in);
        read(in);
        int atyp = read(in);
        String host = switch (atyp) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> new String(in.readNBytes(read(in)), StandardCharsets.UTF_8);
        };
        int port = read(in) << 8 | read(in);
        heads.add(host + ":" + port);
        Socket origin;
        try {
            origin = new Socket(host, port);
        } catch (IOException e) {
            out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
            return null;
        }
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        return origin;
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = read(in);
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (b.size() > 65536) {
                throw new IOException("head too large");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void pipe(InputStream from, Socket to, long limit, Socket source) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            long moved = 0;
            try {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = from.read(buf)) >= 0) {
                    if (limit >= 0 && moved + n > limit) {
                        out.write(buf, 0, (int) (limit - moved));
                        break;
                    }
                    out.write(buf, 0, n);
                    moved += n;
                }
            } catch (IOException ignored) {
                // the other side went away: both close below
            }
            closeQuietly(to);
            closeQuietly(source);
        }, "TunnelProxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
