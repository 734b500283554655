package dev.hiper.internal.conn.proxy;

import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A proxy layer that, once its handshake is done, is invisible: bytes, buffered input, socket
 * interest, security, shutdown and close all go to the filter below. {@link HttpTunnelFilter}
 * and {@link SocksFilter} override only what their handshakes change.
 */
abstract class PassThroughFilter implements ConnectionFilter {
    /** The filter below this one. */
    final ConnectionFilter next;

    PassThroughFilter(ConnectionFilter next) {
        this.next = next;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(FilterCaller.NONE, dst);
    }

    @Override
    public int read(FilterCaller caller, ByteBuffer dst) throws IOException {
        return next.read(caller, dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return next.write(src);
    }

    @Override
    public int write(FilterCaller caller, ByteBuffer src) throws IOException {
        return next.write(caller, src);
    }

    @Override
    public boolean hasBufferedInput() {
        return next.hasBufferedInput();
    }

    @Override
    public int socketInterest(int wanted) {
        return next.socketInterest(wanted);
    }

    @Override
    public boolean isSecure() {
        return next.isSecure();
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }

    @Override
    public void close() {
        next.close();
    }
}
