package dev.hiper.internal.multi;

/** Whoever acts when a socket is ready: a transfer, or the resolver's wake channel. */
public interface SocketUser {
    /** Called on the engine thread when the application reports activity on {@code entry}. */
    void onSocketReady(SocketEntry entry, int events);
}
