package dev.hiper.internal.conn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The bottom of every chain: a non-blocking TCP socket. */
public final class SocketFilter implements ConnectionFilter {
    private final SocketChannel channel;
    /** The last read came back with less than the room it had: the socket held no more. */
    private boolean shortRead;

    public SocketFilter(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int room = dst.remaining();
        int n = channel.read(dst);
        shortRead = n >= 0 && n < room;
        return n;
    }

    @Override
    public boolean inputDrained() {
        return shortRead;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the descriptor is released either way
        }
    }
}
