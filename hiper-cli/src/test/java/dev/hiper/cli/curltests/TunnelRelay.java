package dev.hiper.cli.curltests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;

/**
 * The byte pump behind the harness's proxies: once the CONNECT reply or the SOCKS reply is sent,
 * bytes go both ways between the client and the backend, unchanged, until either side closes;
 * then both connections close (as sws's tunnel and socksd's do).
 */
final class TunnelRelay {
    private TunnelRelay() {
    }

    /** Connects to {@code target} within 5 s; null when it cannot. */
    static Socket connect(InetSocketAddress target) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, 5000);
            return s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return null;
        }
    }

    /**
     * Pumps between {@code client} (read from {@code clientIn}) and {@code backend} until one
     * side ends; {@code backend} joins {@code sockets} meanwhile so a closing server closes it
     * too. Returns when both directions are done.
     */
    static void relay(Socket client, InputStream clientIn, Socket backend, Set<Socket> sockets) {
        sockets.add(backend);
        try {
            Thread up = new Thread(() -> pump(clientIn, backend, client, backend), "tunnel-up");
            up.setDaemon(true);
            up.start();
            pump(backend.getInputStream(), client, client, backend);
            up.join(10_000);
        } catch (IOException e) {
            closeBoth(client, backend);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBoth(client, backend);
            sockets.remove(backend);
        }
    }

    private static void pump(InputStream in, Socket to, Socket client, Socket backend) {
        byte[] buf = new byte[16 * 1024];
        try {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the tunnel ends
        }
        closeBoth(client, backend);
    }

    private static void closeBoth(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
