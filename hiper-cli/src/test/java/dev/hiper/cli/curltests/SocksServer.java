package dev.hiper.cli.curltests;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback SOCKS4, SOCKS4a and SOCKS5 proxy that behaves as curl's test server ({@code socksd})
 * does: it never connects where the client asks, only to its backend address (127.0.0.1) at the
 * port the client named, or at {@code backendport}.
 *
 * <p>Each connection reads the case's {@code <servercmd>} lines afresh (socksd's config file):
 * {@code version} (the first byte a SOCKS5 greeting must carry, 5), {@code nmethods_min} /
 * {@code nmethods_max} (1 / 3), {@code method} (the method it answers: 0 none, 2 user and
 * password), {@code user} / {@code password} ("user" / "password"), {@code backend},
 * {@code backendport} (0: the client's port), {@code response} (the SOCKS5 reply code; anything
 * but 0 is sent without connecting). A SOCKS5 request's address is appended to
 * {@code socksd-request.log} as {@code atyp N => address}, which a case's {@code <socks>} part
 * checks. A SOCKS4 request with a command other than 1 is dropped; a failed backend connection
 * answers 91. Anything malformed closes the connection, as socksd does.
 */
final class SocksServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Path requestLog;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile TestFile test;
    private volatile boolean closed;

    SocksServer(Path requestLog) throws IOException {
        this.listener = new ServerSocket();
        this.listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        this.requestLog = requestLog;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Starts serving the preprocessed case (its {@code <servercmd>} is the configuration). */
    void start(TestFile t) {
        this.test = t;
        Thread th = new Thread(this::acceptLoop, "socksd-accept");
        th.setDaemon(true);
        th.start();
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

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "socksd-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** socksd's configuration, reset to its defaults for each connection. */
    static final class Config {
        int version = 5;
        int nmethodsMin = 1;
        int nmethodsMax = 3;
        int method;
        int response;
        int backendPort;
        String backend = "127.0.0.1";
        String user = "user";
        String password = "password";

        static Config of(List<String> lines) {
            Config c = new Config();
            for (String line : lines) {
                String[] w = line.trim().split("\\s+");
                if (w.length < 2) {
                    continue;
                }
                switch (w[0]) {
                    case "version" -> c.version = number(w[1], c.version, 0xff);
                    case "nmethods_min" -> c.nmethodsMin = number(w[1], c.nmethodsMin, 0xff);
                    case "nmethods_max" -> c.nmethodsMax = number(w[1], c.nmethodsMax, 0xff);
                    case "method" -> c.method = number(w[1], c.method, 0xff);
                    case "response" -> c.response = number(w[1], c.response, 0xff);
                    case "backendport" -> c.backendPort = number(w[1], c.backendPort, 0xffff);
                    case "backend" -> c.backend = w[1];
                    case "user" -> c.user = w[1];
                    case "password" -> c.password = w[1];
                    default -> {
                        // a command for the HTTP server
                    }
                }
            }
            return c;
        }

        private static int number(String s, int otherwise, int max) {
            try {
                int v = Integer.parseInt(s);
                return v >= 0 && v <= max ? v : otherwise;
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }

    private void serve(Socket s) {
        Socket backend = null;
        try {
            s.setTcpNoDelay(true);
            Config c = Config.of(test.part("reply", "servercmd"));
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int version = in.readUnsignedByte();
            backend = version == 4 ? socks4(c, in, out) : version == c.version ? socks5(c, in, out) : null;
            if (backend != null) {
                TunnelRelay.relay(s, in, backend, sockets);
            }
        } catch (IOException e) {
            // the client went away or sent something malformed: the connection ends
        } finally {
            try {
                s.close();
                if (backend != null) {
                    backend.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            sockets.remove(s);
        }
    }

    private Socket connectBackend(Config c, int port) {
        try {
            return TunnelRelay.connect(new InetSocketAddress(InetAddress.getByName(c.backend), port));
        } catch (IOException e) {
            return null;
        }
    }

    /** VN=4 CD DSTPORT DSTIP USERID NUL [HOST NUL]; replies 0 90|91 DSTPORT DSTIP. */
    private Socket socks4(Config c, DataInputStream in, OutputStream out) throws IOException {
        int cd = in.readUnsignedByte();
        byte[] portAndIp = new byte[6];
        in.readFully(portAndIp);
        readNulTerminated(in);
        if (portAndIp[2] == 0 && portAndIp[3] == 0 && portAndIp[4] == 0 && portAndIp[5] != 0) {
            readNulTerminated(in); // SOCKS4a: the name follows; socksd ignores it
        }
        if (cd != 1) {
            return null;
        }
        int port = c.backendPort != 0 ? c.backendPort : (portAndIp[0] & 0xff) << 8 | portAndIp[1] & 0xff;
        Socket backend = connectBackend(c, port);
        byte[] reply = new byte[8];
        reply[1] = (byte) (backend != null ? 90 : 91);
        System.arraycopy(portAndIp, 0, reply, 2, 6);
        out.write(reply);
        out.flush();
        return backend;
    }

    private static byte[] readNulTerminated(DataInputStream in) throws IOException {
        byte[] b = new byte[64];
        int n = 0;
        for (int ch; (ch = in.readUnsignedByte()) != 0;) {
            if (n == 4096) {
                throw new IOException("SOCKS4 field too long");
            }
            if (n == b.length) {
                b = Arrays.copyOf(b, n * 2);
            }
            b[n++] = (byte) ch;
        }
        return Arrays.copyOf(b, n);
    }

    private Socket socks5(Config c, DataInputStream in, OutputStream out) throws IOException {
        int nmethods = in.readUnsignedByte();
        if (nmethods < c.nmethodsMin || nmethods > c.nmethodsMax) {
            return null;
        }
        in.readFully(new byte[nmethods]);
        out.write(new byte[] {(byte) c.version, (byte) c.method});
        out.flush();
        if (c.method == 2 && !login(c, in, out)) {
            return null;
        }
        byte[] head = new byte[4];
        in.readFully(head);
        if (head[0] != c.version || head[1] != 1 || head[2] != 0) {
            return null;
        }
        int atyp = head[3];
        byte[] address = switch (atyp) {
            case 1 -> new byte[4];
            case 4 -> new byte[16];
            case 3 -> new byte[1 + in.readUnsignedByte()];
            default -> null;
        };
        if (address == null) {
            return null;
        }
        if (atyp == 3) {
            address[0] = (byte) (address.length - 1);
            in.readFully(address, 1, address.length - 1);
        } else {
            in.readFully(address);
        }
        byte[] port = new byte[2];
        in.readFully(port);
        logRequest(atyp, address);
        int backendPort = c.backendPort != 0 ? c.backendPort : (port[0] & 0xff) << 8 | port[1] & 0xff;
        Socket backend = c.response == 0 ? connectBackend(c, backendPort) : null;
        int rep = c.response != 0 ? c.response : backend == null ? 1 : 0;
        byte[] reply = new byte[4 + address.length + 2];
        reply[0] = (byte) c.version;
        reply[1] = (byte) rep;
        reply[3] = (byte) atyp;
        System.arraycopy(address, 0, reply, 4, address.length);
        System.arraycopy(port, 0, reply, 4 + address.length, 2);
        out.write(reply);
        out.flush();
        return rep == 0 ? backend : null;
    }

    /** RFC 1929: VER=1 ULEN UNAME PLEN PASSWD; replies 1 0 (accepted) or 1 1. */
    private static boolean login(Config c, DataInputStream in, OutputStream out) throws IOException {
        if (in.readUnsignedByte() != 1) {
            return false;
        }
        byte[] user = new byte[in.readUnsignedByte()];
        in.readFully(user);
        byte[] password = new byte[in.readUnsignedByte()];
        in.readFully(password);
        boolean ok = Arrays.equals(user, c.user.getBytes(StandardCharsets.ISO_8859_1))
                && Arrays.equals(password, c.password.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
        out.flush();
        return ok;
    }

    private void logRequest(int atyp, byte[] address) {
        StringBuilder sb = new StringBuilder("atyp ").append(atyp).append(" =>");
        if (atyp == 1) {
            sb.append(' ').append(address[0] & 0xff).append('.').append(address[1] & 0xff).append('.')
                    .append(address[2] & 0xff).append('.').append(address[3] & 0xff);
        } else if (atyp == 3) {
            sb.append(' ').append(new String(address, 1, address.length - 1, StandardCharsets.ISO_8859_1));
        } else {
            for (byte b : address) {
                sb.append(String.format(" %02x", b & 0xff));
            }
        }
        sb.append('\n');
        synchronized (this) {
            try {
                Files.writeString(requestLog, sb, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the check reports the missing line
            }
        }
    }
}
