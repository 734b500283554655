package dev.hiper.internal.resolve;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers of finished look-ups, by lower-case name, each kept for
 * {@link Resolver#CACHE_TTL_NANOS}. Every multi has one; a share with
 * {@code CURL_LOCK_DATA_DNS} has one that the multis of its handles use instead, from any
 * thread, so its methods are synchronized and it reads the system's clock rather than an
 * engine's (each engine counts from its own start).
 */
public final class DnsCache {
    /** Names kept at most; the least recently used go first. */
    static final int LIMIT = 30_000;

    private final boolean systemClock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DnsCache.Entry> eldest) {
            return size() > LIMIT;
        }
    };

    private static final class Entry {
        final List<InetAddress> addresses;
        final long expires;

        Entry(List<InetAddress> addresses, long expires) {
            this.addresses = addresses;
            this.expires = expires;
        }
    }

    private DnsCache(boolean systemClock) {
        this.systemClock = systemClock;
    }

    /** A multi's own cache, on its engine's clock. */
    static DnsCache forEngine() {
        return new DnsCache(false);
    }

    /** A cache several multis use (a share's), on the system's clock. */
    public static DnsCache shared() {
        return new DnsCache(true);
    }

    private long clock(long engineNow) {
        return systemClock ? System.nanoTime() : engineNow;
    }

    /** The addresses of {@code name} while fresh, else null (a stale answer is dropped). */
    synchronized List<InetAddress> get(String name, long engineNow) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        if (e.expires - clock(engineNow) > 0) {
            return e.addresses;
        }
        entries.remove(name);
        return null;
    }

    synchronized void put(String name, List<InetAddress> addresses, long engineNow) {
        entries.put(name, new Entry(addresses, clock(engineNow) + Resolver.CACHE_TTL_NANOS));
    }

    /** How many names are held (for tests). */
    public synchronized int size() {
        return entries.size();
    }
}
