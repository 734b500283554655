package dev.hiper.internal.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection as its socket's user, and the cache's two ways to hand one out: idle (taken out)
 * or live with room for another exchange (shared). The channels are never connected: nothing
 * here touches the network.
 */
class ConnectionTest {
    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
    private final List<SocketChannel> channels = new ArrayList<>();

    private Connection connection(String key) throws IOException {
        SocketChannel ch = SocketChannel.open();
        channels.add(ch);
        return new Connection(channels.size(), key, "example.test", 80, ch, engine.openSocket(ch, null));
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel ch : channels) {
            ch.close();
        }
    }

    /** A transfer as the connection sees it: something to wake. */
    static final class Woken implements SocketUser {
        int times;

        @Override
        public void onSocketReady(SocketEntry entry, int events) {
            times++;
        }
    }

    @Test
    void readinessOnTheSocketWakesEachExchangeOnTheConnection() throws IOException {
        Connection c = connection("http://example.test:80");
        Woken a = new Woken();
        Woken b = new Woken();
        c.maxExchanges = 2;
        c.attach(a);
        c.attach(b);
        c.onSocketReady(c.socket, 1);
        assertEquals(1, a.times);
        assertEquals(1, b.times);
        c.detach(a);
        c.onSocketReady(c.socket, 1);
        assertEquals(1, a.times, "a transfer that left is not woken");
        assertEquals(2, b.times);
        c.detachAll();
        c.onSocketReady(c.socket, 1);
        assertEquals(2, b.times, "a parked connection wakes nobody");
    }

    @Test
    void anHttp11ConnectionHasRoomForOneExchangeAtATime() throws IOException {
        Connection c = connection("http://example.test:80");
        assertEquals(1, c.maxExchanges);
        assertTrue(c.hasRoom());
        c.attach(new Woken());
        assertFalse(c.hasRoom());
        c.detachAll();
        assertTrue(c.hasRoom());
        c.closed = true;
        assertFalse(c.hasRoom(), "a closed connection takes nothing");
    }

    @Test
    void theCacheHandsOutASharedConnectionWhileItHasRoomAndNeverTakesItOut() throws IOException {
        ConnectionCache cache = new ConnectionCache();
        cache.maxHost = 1;
        String key = "https://example.test:443";
        Connection c = connection(key);
        c.maxExchanges = 2;
        assertTrue(cache.tryReserve(key, new ArrayList<>()));
        assertNull(cache.withRoom(key), "not offered before it is shared");
        assertFalse(cache.canProceed(key), "the host's one connection is open and offers nothing");

        cache.share(c);
        c.attach(new Woken());
        assertSame(c, cache.withRoom(key));
        assertSame(c, cache.withRoom(key), "shared, not taken out");
        assertTrue(cache.canProceed(key), "room on a live connection lets a pending transfer go on");
        assertNull(cache.withRoom("https://other.test:443"));
        assertNull(cache.takeIdle(key), "a shared connection is not an idle one");

        c.attach(new Woken());
        assertNull(cache.withRoom(key), "full");
        cache.unshare(c);
        c.detachAll();
        assertNull(cache.withRoom(key));
    }
}
