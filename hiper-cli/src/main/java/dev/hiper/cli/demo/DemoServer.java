package dev.hiper.cli.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/1.1 server on loopback for {@code hiper --demo}: one thread, one selector,
 * keep-alive connections, and the same response to every request (requests have no body; a
 * request ends at its blank line). It counts the connections it accepted and the requests it
 * answered.
 */
final class DemoServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer response;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closing;

    /** What one connection owes: the bytes of the response being written and how many follow. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer out;
        int owed;
        /** How much of "\r\n\r\n" the bytes seen so far end with. */
        int matched;
    }

    private DemoServer(int bodySize) throws IOException {
        byte[] body = new byte[bodySize];
        byte[] line = "hiper demo body\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bodySize; i++) {
            body[i] = line[i % line.length];
        }
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bodySize + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer r = ByteBuffer.allocateDirect(head.length + body.length);
        r.put(head).put(body).flip();
        response = r.asReadOnlyBuffer();
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "hiper-demo-server");
        thread.setDaemon(true);
    }

    /** Starts a server answering each request with a body of {@code bodySize} bytes. */
    static DemoServer start(int bodySize) throws IOException {
        DemoServer s = new DemoServer(bodySize);
        s.thread.start();
        return s;
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    long connections() {
        return connections.get();
    }

    long requests() {
        return requests.get();
    }

    private void serve() {
        try {
            while (!closing) {
                selector.select();
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    try {
                        if (k.isAcceptable()) {
                            accept();
                        } else {
                            if (k.isReadable()) {
                                read(k);
                            }
                            if (k.isValid() && k.isWritable()) {
                                write(k);
                            }
                        }
                    } catch (IOException e) {
                        closeQuietly(k);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // closing
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.register(selector, SelectionKey.OP_READ, new Conn());
            connections.incrementAndGet();
        }
    }

    private void read(SelectionKey k) throws IOException {
        SocketChannel ch = (SocketChannel) k.channel();
        Conn c = (Conn) k.attachment();
        for (;;) {
            c.in.clear();
            int n = ch.read(c.in);
            if (n < 0) {
                closeQuietly(k);
                return;
            }
            if (n == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = c.in.get(i);
                if (b == '\n' && (c.matched == 1 || c.matched == 3)) {
                    c.matched++;
                } else if (b == '\r' && (c.matched == 0 || c.matched == 2)) {
                    c.matched++;
                } else {
                    c.matched = b == '\r' ? 1 : 0;
                }
                if (c.matched == 4) {
                    c.matched = 0;
                    c.owed++;
                    requests.incrementAndGet();
                }
            }
        }
        write(k);
    }

    private void write(SelectionKey k) throws IOException {
        SocketChannel ch = (SocketChannel) k.channel();
        Conn c = (Conn) k.attachment();
        for (;;) {
            if (c.out == null || !c.out.hasRemaining()) {
                if (c.owed == 0) {
                    c.out = null;
                    k.interestOps(SelectionKey.OP_READ);
                    return;
                }
                c.owed--;
                c.out = response.duplicate();
            }
            ch.write(c.out);
            if (c.out.hasRemaining()) {
                k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    private static void closeQuietly(SelectionKey k) {
        k.cancel();
        try {
            k.channel().close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            closeQuietly(k);
        }
        try {
            selector.close();
            listener.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
