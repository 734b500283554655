package dev.hiper.internal.resolve;

import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.multi.SocketUser;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Host-name look-ups off the engine thread, as libcurl's threaded resolver does them, and other
 * work that must not hold the engine thread ({@link #offload}: a TLS handshake's computations).
 *
 * <p>Look-ups run on a small pool of daemon threads shared by every multi. A finished look-up is
 * queued and one byte is written to the multi's wake pipe; the pipe's read end is a socket like
 * any other, announced to the application through the socket callback while a transfer waits, so
 * the application's loop wakes the engine and needs no second mechanism. Resolver threads never
 * touch engine state. IP literals, {@code localhost} and cached names are answered at once.
 * Answers are cached for 60 seconds.
 */
public final class Resolver implements SocketUser {
    /** How long an answer is kept ({@code CURLOPT_DNS_CACHE_TIMEOUT}'s default). */
    public static final long CACHE_TTL_NANOS = 60_000_000_000L;

    private static final ExecutorService POOL = newPool();

    private static ExecutorService newPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "hiper-resolver-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * The pool of {@link #offload}: CPU-bound work (a TLS handshake's delegated tasks), one
     * thread per core, apart from the look-ups, whose threads mostly wait on the network.
     */
    private static final ExecutorService WORK = newWorkPool();
    private static final AtomicLong OFFLOADED = new AtomicLong();

    private static ExecutorService newWorkPool() {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "hiper-work-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Receives the outcome of a look-up, on the engine thread. */
    public interface Waiter {
        void resolved(Lookup lookup);
    }

    /** One look-up of one name; transfers that need the same name share it. */
    public static final class Lookup {
        public final String host;
        volatile List<InetAddress> addresses;
        volatile UnknownHostException error;
        volatile boolean finished;
        final List<Waiter> waiters = new ArrayList<>(1);
        /** Shared caches (of shares) that also get the answer, besides the multi's own. */
        List<DnsCache> alsoTo;

        Lookup(String host) {
            this.host = host;
        }

        public boolean finished() {
            return finished;
        }

        /** The addresses, or null when the name did not resolve. */
        public List<InetAddress> addresses() {
            return addresses;
        }

        public UnknownHostException error() {
            return error;
        }
    }

    private static volatile NameLookup defaultLookup = NameLookup.SYSTEM;

    /** Sets the look-up used by resolvers made from now on (tests use a fake; null restores the system's). */
    public static void setDefaultLookup(NameLookup lookup) {
        defaultLookup = lookup == null ? NameLookup.SYSTEM : lookup;
    }

    private final NameLookup nameLookup = defaultLookup;
    private final MultiEngine engine;
    private final DnsCache cache = DnsCache.forEngine();
    private final Map<String, Lookup> inFlight = new HashMap<>();
    private final ConcurrentLinkedQueue<Lookup> finished = new ConcurrentLinkedQueue<>();
    /** What {@link #offload}ed work asked to run on the engine thread once it is done. */
    private final ConcurrentLinkedQueue<Runnable> worked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final ByteBuffer drain = ByteBuffer.allocate(256);
    private Pipe pipe;
    private SocketEntry wake;

    public Resolver(MultiEngine engine) {
        this.engine = engine;
    }

    /** The wake channel's socket entry while one exists. */
    public SocketEntry wakeSocket() {
        return wake;
    }

    /**
     * Starts or joins a look-up of {@code host}; returns a finished lookup when the answer is
     * known at once (literal, localhost, cache). {@code now} is engine nanoseconds.
     */
    public Lookup lookup(String host, long now, Waiter waiter) throws IOException {
        return lookup(host, now, waiter, null);
    }

    /**
     * As {@link #lookup(String, long, Waiter)}, for a transfer whose share holds the DNS cache:
     * {@code shared} (when not null) is asked instead of the multi's cache and gets the answer.
     */
    public Lookup lookup(String host, long now, Waiter waiter, DnsCache shared) throws IOException {
        String name = host.toLowerCase(Locale.ROOT);
        Lookup quick = immediate(name, now, shared == null ? cache : shared);
        if (quick != null) {
            return quick;
        }
        Lookup l = inFlight.get(name);
        if (l != null && shared != null) {
            if (l.alsoTo == null) {
                l.alsoTo = new ArrayList<>(1);
            }
            if (!l.alsoTo.contains(shared)) {
                l.alsoTo.add(shared);
            }
        }
        if (l == null) {
            ensureWakeChannel();
            l = new Lookup(name);
            if (shared != null) {
                l.alsoTo = new ArrayList<>(List.of(shared));
            }
            inFlight.put(name, l);
            Lookup job = l;
            POOL.execute(() -> resolveOnPool(job));
        }
        l.waiters.add(waiter);
        return l;
    }

    /** Stops telling {@code waiter} about {@code lookup} (its transfer ended). */
    public void cancel(Lookup lookup, Waiter waiter) {
        lookup.waiters.remove(waiter);
    }

    /** Whether any transfer waits for an answer. */
    public boolean hasWaiters() {
        for (Lookup l : inFlight.values()) {
            if (!l.waiters.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The last address literal looked up and its answer (a literal's answer never changes). */
    private String lastLiteral;
    private List<InetAddress> lastLiteralAddresses;

    private Lookup immediate(String name, long now, DnsCache cache) {
        List<InetAddress> addrs = null;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            // RFC 6761 section 6.3: localhost is the loopback, never asked of DNS (curl does the same).
            addrs = List.of(InetAddress.getLoopbackAddress(), loopback(true), loopback(false));
            addrs = dedupe(addrs);
        } else if (isLiteral(name)) {
            if (name.equals(lastLiteral)) {
                addrs = lastLiteralAddresses; // one address object for every connection to it
            } else {
                try {
                    addrs = List.of(InetAddress.getByName(name));
                    lastLiteral = name;
                    lastLiteralAddresses = addrs;
                } catch (UnknownHostException e) {
                    addrs = null;
                }
            }
        } else {
            addrs = cache.get(name, now);
        }
        if (addrs == null) {
            return null;
        }
        Lookup l = new Lookup(name);
        l.addresses = addrs;
        l.finished = true;
        return l;
    }

    private static List<InetAddress> dedupe(List<InetAddress> in) {
        List<InetAddress> out = new ArrayList<>(in.size());
        for (InetAddress a : in) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static InetAddress loopback(boolean v6) {
        try {
            return InetAddress.getByAddress("localhost", v6
                    ? new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                    : new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv4 dotted quad or an IPv6 literal (the URL parser has already checked the form). */
    static boolean isLiteral(String name) {
        if (name.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    private void ensureWakeChannel() throws IOException {
        if (pipe != null) {
            return;
        }
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        wake = engine.openSocket(pipe.source(), this);
    }

    /**
     * Runs {@code work} on a pool thread, then {@code done} on the engine thread, woken through
     * the same channel as a finished look-up: the application's loop needs nothing new. What
     * {@code work} throws is dropped; its owner learns of a failure its own way (an
     * {@code SSLEngine} reports a failed task on its next call).
     */
    public void offload(Runnable work, Runnable done) throws IOException {
        ensureWakeChannel();
        OFFLOADED.incrementAndGet();
        WORK.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error ignored) {
                // see above
            }
            worked.add(done);
            signal();
        });
    }

    /** How many pieces of work were ever offloaded, in this JVM (for tests). */
    public static long offloaded() {
        return OFFLOADED.get();
    }

    private void signal() {
        if (signalled.compareAndSet(false, true)) {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException ignored) {
                // the multi was cleaned up; nobody waits
            }
        }
    }

    /** On a pool thread: never touches engine state beyond the queue and the pipe. */
    private void resolveOnPool(Lookup l) {
        try {
            InetAddress[] all = nameLookup.lookup(l.host);
            l.addresses = List.of(all);
        } catch (UnknownHostException e) {
            l.error = e;
        } catch (RuntimeException e) {
            l.error = new UnknownHostException(l.host + ": " + e);
        }
        finished.add(l);
        signal();
    }

    /** The wake channel is readable: hand finished look-ups to their waiters. */
    @Override
    public void onSocketReady(SocketEntry entry, int events) {
        deliverFinished(engine.now());
    }

    /** Delivers every finished look-up (also called from perform-style loops). */
    public void deliverFinished(long now) {
        if (pipe == null) {
            return;
        }
        try {
            drain.clear();
            while (pipe.source().read(drain) > 0) {
                drain.clear();
            }
        } catch (IOException ignored) {
            // a closed pipe has nothing more to say
        }
        signalled.set(false);
        Runnable done;
        while ((done = worked.poll()) != null) {
            done.run();
        }
        Lookup l;
        while ((l = finished.poll()) != null) {
            inFlight.remove(l.host);
            if (l.addresses != null) {
                cache.put(l.host, l.addresses, now);
                if (l.alsoTo != null) {
                    for (DnsCache c : l.alsoTo) {
                        c.put(l.host, l.addresses, now);
                    }
                }
            }
            l.finished = true;
            List<Waiter> ws = new ArrayList<>(l.waiters);
            l.waiters.clear();
            for (Waiter w : ws) {
                w.resolved(l);
            }
        }
    }

    /** Keeps only the addresses {@code CURLOPT_IPRESOLVE} allows (0 any, 1 IPv4, 2 IPv6). */
    public static List<InetAddress> filter(List<InetAddress> addrs, long ipResolve) {
        if (ipResolve == 0) {
            return addrs;
        }
        List<InetAddress> out = new ArrayList<>(addrs.size());
        for (InetAddress a : addrs) {
            if (ipResolve == 1 ? a instanceof Inet4Address : a instanceof Inet6Address) {
                out.add(a);
            }
        }
        return out;
    }

    /** Closes the wake channel (the engine has told REMOVE already). */
    public void close() {
        if (pipe != null) {
            try {
                pipe.sink().close();
            } catch (IOException ignored) {
                // best effort
            }
            try {
                pipe.source().close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
