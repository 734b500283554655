package dev.hiper.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal, fast HTTP/1.1 server on 127.0.0.1 for load and soak runs: one thread, one
 * {@link Selector}, keep-alive connections, and the same response to every request head (a
 * 200 with a fixed body and its Content-Length). Request bodies are not supported; pipelined
 * heads are answered in order. Counts requests, connections accepted and connections open.
 *
 * <p>Lifecycle: {@link #start} binds an ephemeral port and starts the thread; {@link #close}
 * stops it, closes every connection and joins the thread.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final byte[] response;
    private final Thread thread;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    private LoopbackHttpServer(byte[] body) throws IOException {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "LoopbackHttpServer-" + port());
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a server that answers every request with a 200 carrying {@code body}. */
    public static LoopbackHttpServer start(byte[] body) {
        try {
            return new LoopbackHttpServer(body.clone());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    /** {@code "http://127.0.0.1:PORT" + path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public long requests() {
        return requests.get();
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    public int connectionsOpen() {
        return open.get();
    }

    /** Per connection: unparsed input and unsent output. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer out = ByteBuffer.allocate(0);
        int matched; // bytes of END_OF_HEAD matched so far
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    try {
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            if (key.isReadable()) {
                                read(key);
                            }
                            if (key.isValid() && key.isWritable()) {
                                flush(key);
                            }
                        }
                    } catch (IOException e) {
                        drop(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                e.printStackTrace();
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Conn) {
                    drop(key);
                }
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.register(selector, SelectionKey.OP_READ, new Conn());
            accepted.incrementAndGet();
            open.incrementAndGet();
        }
    }

    private void read(SelectionKey key) throws IOException {
        Conn c = (Conn) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        c.in.clear();
        int n = ch.read(c.in);
        if (n < 0) {
            drop(key);
            return;
        }
        int heads = 0;
        for (int i = 0; i < n; i++) {
            byte b = c.in.get(i);
            if (b == END_OF_HEAD[c.matched]) {
                if (++c.matched == END_OF_HEAD.length) {
                    heads++;
                    c.matched = 0;
                }
            } else {
                c.matched = b == '\r' ? 1 : 0;
            }
        }
        if (heads == 0) {
            return;
        }
        requests.addAndGet(heads);
        ByteBuffer out = ByteBuffer.allocate(c.out.remaining() + heads * response.length);
        out.put(c.out);
        for (int i = 0; i < heads; i++) {
            out.put(response);
        }
        out.flip();
        c.out = out;
        flush(key);
    }

    private void flush(SelectionKey key) throws IOException {
        Conn c = (Conn) key.attachment();
        ((SocketChannel) key.channel()).write(c.out);
        key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void drop(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // released either way
        }
        if (key.attachment() instanceof Conn) {
            open.decrementAndGet();
            key.attach(null);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
