package dev.hiper.internal.transfer;

import dev.hiper.internal.conn.AddressText;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Non-blocking connects over every resolved address, the two address families raced (RFC 8305,
 * "happy eyeballs", as libcurl does it): the family of the first address starts at once, trying
 * its addresses one after another as each fails; the other family starts after
 * {@link #DELAY_MS} or as soon as the first family has run out. The first connect to complete
 * wins and every other attempt is dropped.
 */
final class HappyEyeballs {
    /** libcurl's default {@code CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS}. */
    static final long DELAY_MS = 200;

    /** One connect in flight. */
    static final class Attempt {
        final SocketChannel channel;
        final SocketEntry socket;
        final InetSocketAddress address;

        Attempt(SocketChannel channel, SocketEntry socket, InetSocketAddress address) {
            this.channel = channel;
            this.socket = socket;
            this.address = address;
        }
    }

    private final MultiEngine engine;
    private final Transfer transfer;
    private final int port;
    private final boolean noDelay;
    private final List<InetAddress>[] families;
    private final int[] next = new int[2];
    private final Attempt[] live = new Attempt[2];
    private boolean secondStarted;
    private final long secondAt;
    private IOException lastError;
    private Attempt winner;

    /** The local address to bind each socket to (CURLOPT_INTERFACE), or null. */
    private final InetAddress bindAddress;

    HappyEyeballs(MultiEngine engine, Transfer transfer, List<InetAddress> addresses, int port, boolean noDelay,
            long now) {
        this(engine, transfer, addresses, port, noDelay, now, null);
    }

    @SuppressWarnings("unchecked")
    HappyEyeballs(MultiEngine engine, Transfer transfer, List<InetAddress> addresses, int port, boolean noDelay,
            long now, InetAddress bindAddress) {
        this.bindAddress = bindAddress;
        this.engine = engine;
        this.transfer = transfer;
        this.port = port;
        this.noDelay = noDelay;
        boolean firstIs6 = addresses.get(0) instanceof Inet6Address;
        List<InetAddress> a = new ArrayList<>();
        List<InetAddress> b = new ArrayList<>();
        for (InetAddress addr : addresses) {
            ((addr instanceof Inet6Address) == firstIs6 ? a : b).add(addr);
        }
        families = new List[] {a, b};
        secondStarted = b.isEmpty();
        secondAt = now + DELAY_MS * 1_000_000L;
        startNext(0);
    }

    /** When to start the second family, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        return secondStarted ? Long.MAX_VALUE : secondAt;
    }

    /**
     * Checks every attempt and starts what is due. Returns the winning attempt once one
     * connected, else null (still trying; see {@link #failed()}).
     */
    Attempt progress(long now) {
        if (winner != null) {
            return winner;
        }
        for (int f = 0; f < 2; f++) {
            Attempt at = live[f];
            if (at == null) {
                continue;
            }
            try {
                if (at.channel.finishConnect()) {
                    win(f);
                    return winner;
                }
            } catch (IOException e) {
                lastError = e;
                transfer.trace("connect to " + AddressText.ipString(at.address.getAddress()) + " port " + port
                        + " failed: " + message(e));
                live[f] = null;
                engine.retire(at.socket);
                startNext(f);
                if (winner != null) {
                    return winner;
                }
            }
        }
        if (!secondStarted && (now - secondAt >= 0 || (live[0] == null && next[0] >= families[0].size()))) {
            secondStarted = true;
            startNext(1);
        }
        return winner;
    }

    /** True when every address was tried and none connected. */
    boolean failed() {
        return winner == null && live[0] == null && live[1] == null && secondStarted
                && next[0] >= families[0].size() && next[1] >= families[1].size();
    }

    IOException lastError() {
        return lastError;
    }

    /** The sockets of attempts in flight, to be watched for OUT. */
    int pollset(SocketEntry[] out, int[] masks, int n) {
        for (Attempt at : live) {
            if (at != null && winner == null) {
                out[n] = at.socket;
                masks[n] = 2;
                n++;
            }
        }
        return n;
    }

    /** Drops every attempt but the winner (or all, when the transfer gives up). */
    void closeLosers() {
        for (int f = 0; f < 2; f++) {
            Attempt at = live[f];
            if (at != null && at != winner) {
                engine.retire(at.socket);
            }
            live[f] = null;
        }
    }

    private void win(int f) {
        winner = live[f];
        live[f] = null;
        closeLosers();
    }

    private void startNext(int f) {
        List<InetAddress> list = families[f];
        while (next[f] < list.size() && winner == null) {
            InetSocketAddress addr = new InetSocketAddress(list.get(next[f]++), port);
            transfer.trace("  Trying " + AddressText.addressString(addr) + "...");
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                if (noDelay) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                if (bindAddress != null) {
                    ch.bind(new InetSocketAddress(bindAddress, 0));
                }
                boolean connected = ch.connect(addr);
                SocketEntry entry = engine.openSocket(ch, transfer);
                Attempt at = new Attempt(ch, entry, addr);
                if (connected) {
                    winner = at;
                    closeLosers();
                    return;
                }
                entry.markConnectPending();
                live[f] = at;
                return;
            } catch (IOException | RuntimeException e) {
                lastError = e instanceof IOException ? (IOException) e : new IOException(e);
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // nothing to release beyond the descriptor
                    }
                }
            }
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
