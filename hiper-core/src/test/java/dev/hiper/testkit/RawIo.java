package dev.hiper.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Blocking socket helpers for tests of the kit: every read is bounded by the socket timeout. */
final class RawIo {

    static final int READ_TIMEOUT_MS = 5000;

    private RawIo() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static Socket connect(int port) throws IOException {
        return connect(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    }

    static Socket connect(InetAddress address, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address, port), READ_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) throw new EOFException("EOF after " + off + " of " + n + " bytes");
            off += r;
        }
        return b;
    }

    /** Reads through the first CRLFCRLF, byte by byte (so nothing past it is consumed). */
    static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new EOFException("EOF inside head after " + out.size() + " bytes: " + out);
            out.write(b);
            if (b == (state % 2 == 0 ? '\r' : '\n')) state++;
            else state = b == '\r' ? 1 : 0;
        }
        return out.toByteArray();
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("EOF inside line");
            if (b == '\n') break;
            out.write(b);
        }
        String s = ascii(out.toByteArray());
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static byte[] readToEof(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int r;
        while ((r = in.read(buf)) >= 0) out.write(buf, 0, r);
        return out.toByteArray();
    }

    /** A parsed response: head text, decoded body, trailer lines. */
    static final class Resp {
        final String head;
        final byte[] body;
        final List<String> trailers;

        Resp(String head, byte[] body, List<String> trailers) {
            this.head = head;
            this.body = body;
            this.trailers = trailers;
        }

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) return line.substring(c + 1).trim();
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads one response (not to a HEAD request): none for 1xx/204/304, else by chunked encoding, Content-Length,
     * or to EOF.
     */
    static Resp readResponse(InputStream in) throws IOException {
        String head = ascii(readHead(in));
        Resp h = new Resp(head, new byte[0], List.of());
        String te = h.header("Transfer-Encoding");
        String cl = h.header("Content-Length");
        List<String> trailers = new ArrayList<>();
        byte[] body;
        int status = h.status();
        if (status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(in, trailers);
        } else if (cl != null) {
            body = readN(in, Integer.parseInt(cl));
        } else {
            body = readToEof(in);
        }
        return new Resp(head, body, trailers);
    }

    static byte[] dechunk(InputStream in, List<String> trailers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) break;
            out.write(readN(in, size));
            String crlf = readLine(in);
            if (!crlf.isEmpty()) throw new IOException("chunk not followed by CRLF: " + crlf);
        }
        String t;
        while (!(t = readLine(in)).isEmpty()) trailers.add(t);
        return out.toByteArray();
    }
}
