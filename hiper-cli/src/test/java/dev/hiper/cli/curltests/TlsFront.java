package dev.hiper.cli.curltests;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The TLS side of the harness's servers, as stunnel plays it in front of sws: a connection whose
 * first byte is no TLS handshake record (a plain HTTP request sent to the TLS port) is reset at
 * once, unanswered, where the JDK's TLS would answer with an alert; otherwise the server-side TLS
 * socket over the connection, the byte read given back to it.
 */
final class TlsFront {
    private static final int HANDSHAKE = 22;

    private TlsFront() {
    }

    /**
     * The TLS socket over {@code plain}, which replaces it in {@code sockets}; null when the
     * connection was not TLS (it is reset) or went away.
     */
    static Socket wrap(Socket plain, SSLContext ctx, Set<Socket> sockets) {
        try {
            InputStream in = plain.getInputStream();
            int first = in.read();
            if (first != HANDSHAKE) {
                plain.setSoLinger(true, 0); // closing with the request unread: a reset, as stunnel's
                plain.close();
                sockets.remove(plain);
                return null;
            }
            InputStream consumed = new java.io.ByteArrayInputStream(new byte[] {(byte) first});
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, consumed, true);
            tls.setUseClientMode(false);
            sockets.add(tls);
            sockets.remove(plain);
            return tls;
        } catch (IOException e) {
            try {
                plain.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            sockets.remove(plain);
            return null;
        }
    }
}
