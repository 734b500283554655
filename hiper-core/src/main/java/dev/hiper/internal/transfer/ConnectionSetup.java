package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0;

import dev.hiper.internal.conn.AddressText;
import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.conn.proxy.ProxyRoute;
import dev.hiper.internal.conn.proxy.ProxySpec;
import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.http.Netrc;
import dev.hiper.internal.http2.Http2Session;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.share.ShareData;
import dev.hiper.internal.url.CurlUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Where a transfer's connection comes from, and the one place a new connection's filter chain is
 * assembled (curl's {@code cf-setup}): the route (the URL's host and port or
 * {@code CURLOPT_CONNECT_TO}'s, the cache key with every setting that makes a connection
 * reusable), a live connection with room or an idle one from the cache, else a reservation under
 * the limits, the look-up, connects raced over the addresses ({@link HappyEyeballs}), and on the
 * winning socket the chain: the socket filter, then a SOCKS tunnel and an HTTP CONNECT tunnel
 * when the route has them ({@link ProxyChain}), then TLS for https; their handshakes in that
 * order.
 *
 * <p>One per easy handle, kept across its transfers; {@link #begin} binds it to the transfer that
 * runs. Steps, one per transfer state: 1. {@link #route} (INIT); 2. {@link #acquire} (PENDING);
 * 3. {@link #resolve} (RESOLVING); 4. {@link #connect} (CONNECTING), which assembles the chain;
 * 5. {@link #handshake} (PROTOCONNECT). {@link #release} lets go of whatever is still in flight.
 */
final class ConnectionSetup {
    private static final long DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

    private Transfer t;
    private MultiEngine engine;
    private EasyHandle easy;
    private CurlUrl url;

    // ---- the route ----
    /** The connection-cache key: scheme, host, port, local side, TLS settings. */
    private String key;
    /** Where the connection goes: the URL's host, or CURLOPT_CONNECT_TO's. */
    private String connHost;
    private int connPort;
    /** The TLS options this transfer started with (https only), fixed for its life. */
    private TlsOptions tls;
    /** The proxies on the way (ProxyRoute.DIRECT for none); connHost/connPort are the first hop's. */
    private ProxyRoute proxies = ProxyRoute.DIRECT;
    /** Where the tunnel goes: the origin, or CURLOPT_CONNECT_TO's host and port. */
    private String tunnelHost;
    private int tunnelPort;
    /** The proxy layers' set-up: the origin's look-up for SOCKS, the handshakes in order. */
    private final ProxyChain chain = new ProxyChain();

    // ---- in flight ----
    private boolean reserved;
    private boolean forceFresh;
    /** A WebSocket that HTTP/2 could not carry (the server does not allow extended CONNECT) goes over HTTP/1.1. */
    private boolean http1Only;
    /** This transfer counts its connection among the cache's settling ones until it knows its protocol. */
    private boolean settling;
    private Resolver.Lookup lookup;
    private List<InetAddress> addresses;
    private HappyEyeballs eyeballs;
    /** CURLOPT_UNIX_SOCKET_PATH of this route, or null for TCP. */
    private String unixPath;
    private UnixConnect unix;

    /** A transfer starts: nothing of the handle's last transfer counts. */
    void begin(Transfer transfer) {
        t = transfer;
        engine = transfer.engine;
        easy = transfer.easy;
        url = null;
        key = null;
        connHost = null;
        connPort = 0;
        tls = null;
        proxies = ProxyRoute.DIRECT;
        tunnelHost = null;
        tunnelPort = 0;
        chain.reset();
        reserved = false;
        settling = false;
        forceFresh = false;
        http1Only = false;
        lookup = null;
        eyeballs = null;
        unixPath = null;
        unix = null;
    }

    String key() {
        return key;
    }

    /** The next connection is a new one (the last one died, or the request must go again afresh). */
    void forceFresh() {
        forceFresh = true;
    }

    /** Works out where {@code u} is fetched from and the cache key. False when the options are malformed (failed). */
    boolean route(CurlUrl u) {
        url = u;
        tls = null; // a redirect from https to http leaves TLS behind
        addresses = null; // nor are the last host's addresses this one's
        String badResolve = ResolveOverrides.firstMalformed(easy.resolve);
        if (badResolve != null) {
            t.fail(CurlCode.CURLE_SETOPT_OPTION_SYNTAX, "Couldn't parse CURLOPT_RESOLVE entry '" + badResolve + "'");
            return false;
        }
        String badConnectTo = ConnectTo.firstMalformed(easy.seldom.connectTo);
        if (badConnectTo != null) {
            t.fail(CurlCode.CURLE_SETOPT_OPTION_SYNTAX, "Invalid CURLOPT_CONNECT_TO entry '" + badConnectTo + "'");
            return false;
        }
        if (!netrc()) {
            return false;
        }
        connHost = url.host();
        connPort = url.port();
        unixPath = easy.seldom.unixSocketPath;
        if (unixPath != null) {
            // a Unix socket overrides CURLOPT_CONNECT_TO and every proxy setting, as in libcurl
            chain.reset();
            proxies = ProxyRoute.DIRECT;
            tunnelHost = null;
            tunnelPort = 0;
            key = easy.reuse.key(url) + " unix:" + unixPath;
            routeTls();
            return true;
        }
        String[] target = ConnectTo.find(easy.seldom.connectTo, url.host(), url.port());
        if (target != null) {
            if (!target[0].isEmpty()) {
                connHost = target[0];
            }
            if (!target[1].isEmpty()) {
                connPort = Integer.parseInt(target[1]);
            }
            t.trace("Connecting to hostname: " + connHost);
            String authority = connHost.indexOf(':') >= 0 ? "[" + connHost + "]" : connHost;
            if (url.hasExplicitPort() || connPort != url.port()) {
                authority = authority + ":" + connPort;
            }
            // the same key a URL naming that host and port directly has, so the connection is shared
            key = url.scheme() + "://" + authority.toLowerCase(Locale.ROOT) + ":" + connPort;
        } else {
            key = easy.reuse.key(url);
        }
        // a CONNECT_TO entry naming the URL's own host and port changes nothing (no tunnel forced)
        boolean via = target != null && !(connHost.equalsIgnoreCase(url.host()) && connPort == url.port());
        if (!routeProxies(via)) {
            return false;
        }
        if (easy.seldom.interfaceName != null) {
            key = key + " from " + easy.seldom.interfaceName; // a connection is kept to its local side, as libcurl does
        }
        routeTls();
        return true;
    }

    /** CURLOPT_NETRC: the credentials this hop's host gets from the file. False when the transfer failed. */
    private boolean netrc() {
        easy.netrcCredentials = null;
        if (easy.netrc == 0) {
            return true;
        }
        try {
            easy.netrcCredentials = Netrc.resolve(easy.netrc, easy.seldom.netrcFile, url.host(),
                    easy.username != null || easy.password != null, url.user(), url.password(), t::trace);
            return true;
        } catch (Netrc.Failure f) {
            t.fail(CurlCode.CURLE_READ_ERROR, f.getMessage());
            return false;
        }
    }

    /** The TLS settings and the protocol wishes that the key carries. */
    private void routeTls() {
        tls = RouteProtocol.tls(easy, url, http1Only);
        key = easy.reuse.routeKey(key, tls, RouteProtocol.keySuffix(easy, url, tls, http1Only));
    }

    /** The server does not allow extended CONNECT (RFC 8441): HTTP/1.1, as libcurl from the start. */
    boolean webSocketOverHttp1() {
        http1Only = true;
        return route(url);
    }

    /**
     * The proxies for this URL ({@link ProxyRoute#decide}): the first hop becomes where the
     * socket connects, the key gains every hop and its credentials; a forwarding HTTP proxy is
     * shared by every http:// origin, so its key names the proxy alone.
     */
    private boolean routeProxies(boolean connectTo) {
        // a redirect routes again: nothing of the last connection's proxy set-up counts
        chain.reset();
        proxies = ProxyRoute.DIRECT;
        tunnelHost = null;
        tunnelPort = 0;
        if (easy.proxy.direct()) {
            return true; // no proxy option, none in the environment: nothing to decide or allocate
        }
        try {
            proxies = ProxyRoute.decide(url.scheme(), url.host(), connectTo, easy.proxy.settings());
        } catch (ProxySpec.Failure f) {
            t.fail(f.code(), f.getMessage());
            return false;
        }
        if (proxies.envNote() != null) {
            t.trace(proxies.envNote());
        }
        if (!proxies.proxied()) {
            return true;
        }
        tunnelHost = connHost;
        tunnelPort = connPort;
        ProxySpec hop = proxies.firstHop();
        connHost = hop.host();
        connPort = hop.port();
        // a forwarding proxy's connection serves every http:// origin; a tunnel only its own
        key = proxies.forwarding() ? "http-proxy" + proxies.cacheKey() : key + proxies.cacheKey();
        if (proxies.http() != null && proxies.http().isHttps()) {
            key += " proxy-tls " + easy.proxy.tls.cacheKey(); // who the proxy must be is part of the connection
        }
        return true;
    }

    /** The route's forwarding HTTP proxy, or null: requests then go in absolute form with its lines. */
    ProxySpec forwardingProxy() {
        return proxies.forwarding() ? proxies.http() : null;
    }

    /** Whether a connection for this transfer may turn out to speak HTTP/2. */
    private boolean mayMultiplex() {
        return RouteProtocol.mayMultiplex(easy, url, tls, http1Only);
    }

    private boolean priorKnowledge() {
        return RouteProtocol.priorKnowledge(easy, url, tls, http1Only);
    }

    /**
     * The connection this transfer made knows its protocol (or was given up): transfers that
     * waited for it with PIPEWAIT look again, and share it or make their own.
     */
    private void settled() {
        if (settling) {
            settling = false;
            engine.cache().settleEnd(key);
            engine.connectionShared(key);
        }
    }

    /** The connection speaks HTTP/2 from now on: its session, offered to other transfers. */
    private void startHttp2(Connection c) {
        if (settling) {
            settling = false;
            engine.cache().settleEnd(key); // connectionShared below wakes the waiting transfers
        }
        new Http2Session(c, engine.cache(), engine.clock(), engine.multiplexing() ? engine.maxConcurrentStreams() : 1,
                engine.multiplexing(), engine.writeBatch());
        easy.info.httpVersion = CURL_HTTP_VERSION_2_0;
        t.trace("using HTTP/2");
        engine.connectionShared(key);
    }

    /** PENDING: a live connection with room or an idle one, else room for a new one (RESOLVING). */
    void acquire() {
        if (!easy.freshConnect && !forceFresh) {
            Connection c = engine.cache().withRoom(key);
            if (c != null) {
                t.use(c, true);
                t.state(TransferState.DO);
                return;
            }
            while ((c = engine.cache().takeIdle(key)) != null) {
                if (c.isAlive(t, engine.readBuffer())) {
                    t.use(c, true);
                    if (easy.verbose) {
                        t.trace("Re-using existing " + url.scheme() + ": connection with host " + url.host());
                    }
                    t.state(TransferState.DO);
                    return;
                }
                t.trace("Connection #" + c.id + " to host " + c.host + " was closed by the server");
                engine.closeConnection(c);
            }
        }
        if (easy.pipeWait && !easy.freshConnect && !forceFresh && engine.multiplexing() && mayMultiplex()
                && engine.cache().settlingCount(key) > 0) {
            // CURLOPT_PIPEWAIT: a connection to this origin is being made and may multiplex; it
            // may take this stream. As in libcurl, multiplexing connections that are all full
            // are not waited for (another is opened), nor are idle, HTTP/1.1 and draining
            // (GOAWAY) ones: none of them would ever take it.
            if (engine.addPending(t)) {
                t.trace("Waiting for a connection that may multiplex");
            }
            return;
        }
        if (!engine.reserveConnection(key)) {
            if (engine.addPending(t)) {
                t.trace("No connections available, transfer waits");
            }
            return;
        }
        engine.removePending(t);
        reserved = true;
        if (mayMultiplex()) {
            settling = true;
            engine.cache().settleStart(key);
        }
        long cto = easy.connectTimeoutMs > 0 ? easy.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS;
        t.expireIn(ExpireId.CONNECT, cto);
        t.state(TransferState.RESOLVING);
    }

    /** RESOLVING: the addresses of the host to connect to (CURLOPT_RESOLVE's, or the resolver's). */
    void resolve() {
        if (unixPath != null) {
            easy.info.namelookupUs = t.micros(engine.now()); // a socket path needs no look-up
            t.state(TransferState.CONNECTING);
            return;
        }
        if (!chain.resolveOrigin(t, engine, proxies, tunnelHost, tunnelPort, easy)) {
            return;
        }
        if (addresses == null) {
            List<InetAddress> pinned = ResolveOverrides.find(easy.resolve, connHost, connPort);
            if (pinned != null) {
                addresses = pinned;
            } else {
                if (lookup == null) {
                    try {
                        lookup = ShareData.lookup(easy.share, easy.api, engine, connHost, t);
                    } catch (IOException e) {
                        t.fail(proxies.proxied() ? CurlCode.CURLE_COULDNT_RESOLVE_PROXY
                                : CurlCode.CURLE_COULDNT_RESOLVE_HOST, (proxies.proxied() ? "Could not resolve proxy: "
                                : "Could not resolve host: ") + connHost + " (" + HappyEyeballs.message(e) + ")");
                        return;
                    }
                }
                if (!lookup.finished()) {
                    return;
                }
                addresses = lookup.addresses();
                lookup = null;
            }
        }
        List<InetAddress> usable = addresses == null ? List.of() : Resolver.filter(addresses, easy.seldom.ipResolve);
        if (usable.isEmpty()) {
            if (proxies.proxied()) {
                t.fail(CurlCode.CURLE_COULDNT_RESOLVE_PROXY, "Could not resolve proxy: " + connHost);
            } else {
                t.fail(CurlCode.CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: " + connHost);
            }
            return;
        }
        addresses = usable;
        easy.info.namelookupUs = t.micros(engine.now());
        t.state(TransferState.CONNECTING);
    }

    /** CONNECTING: connects raced over the addresses; the first to complete gets the filter chain. */
    void connect() {
        long now = engine.now();
        if (unixPath != null) {
            connectUnix(now);
            return;
        }
        if (eyeballs == null) {
            InetAddress local = null;
            if (easy.seldom.interfaceName != null) {
                local = LocalInterface.address(easy.seldom.interfaceName, addresses.get(0));
                if (local == null) {
                    t.fail(CurlCode.CURLE_INTERFACE_FAILED, "Couldn't bind to '" + easy.seldom.interfaceName + "'");
                    return;
                }
            }
            eyeballs = new HappyEyeballs(engine, t, addresses, connPort, easy.tcpNoDelay, now, local);
        }
        HappyEyeballs.Attempt won = eyeballs.progress(now);
        if (won != null) {
            t.cancel(ExpireId.HAPPY_EYEBALLS);
            if (tls == null && !proxies.proxied()) {
                t.cancel(ExpireId.CONNECT); // with TLS or a proxy, the handshakes are part of connecting
            }
            eyeballs = null;
            won.socket.connectDone();
            t.trace("Connected to " + connHost + " (" + AddressText.ipString(won.address.getAddress()) + ") port "
                    + connPort);
            assemble(won.channel, won.socket, now);
            return;
        }
        if (eyeballs.failed()) {
            IOException e = eyeballs.lastError();
            eyeballs = null;
            long ms = t.micros(now) / 1000L;
            t.fail(CurlCode.CURLE_COULDNT_CONNECT, "Failed to connect to " + connHost + " port " + connPort
                    + " after " + ms + " ms: " + (e == null ? "Could not connect to server" : HappyEyeballs.message(e)));
            return;
        }
        long next = eyeballs.nextDeadline();
        if (next != Long.MAX_VALUE) {
            t.expireAt(ExpireId.HAPPY_EYEBALLS, next);
        }
    }

    /** CONNECTING over CURLOPT_UNIX_SOCKET_PATH: one non-blocking connect to the path. */
    private void connectUnix(long now) {
        try {
            if (unix == null) {
                t.trace("  Trying " + unixPath + "...");
                unix = UnixConnect.start(engine, t, unixPath);
            }
            if (!unix.progress()) {
                return;
            }
        } catch (IOException e) {
            if (unix != null) {
                engine.retire(unix.socket);
                unix = null;
            }
            t.fail(CurlCode.CURLE_COULDNT_CONNECT, "Failed to connect to " + connHost + " port " + connPort
                    + " over unix://" + unixPath + " after " + t.micros(now) / 1000L + " ms: "
                    + HappyEyeballs.message(e));
            return;
        }
        UnixConnect won = unix;
        unix = null;
        if (tls == null) {
            t.cancel(ExpireId.CONNECT);
        }
        won.socket.connectDone();
        t.trace("Connected to " + connHost + " (" + unixPath + ") port " + connPort);
        assemble(won.channel, won.socket, now);
    }

    /** Moves the connection's own set-up (the TLS handshake) on; DO once data can flow. */
    void handshake() {
        boolean done;
        try {
            if (!chain.connect(t, easy.info)) {
                if (chain.reconnect()) {
                    // the proxy closed after its 407: the next CONNECT, with credentials, on a new connection
                    t.trace("Connect me again please");
                    chain.restart();
                    t.leaveConnection(false, true);
                    t.state(TransferState.PENDING);
                }
                return;
            }
            if (chain.pendingTls()) {
                chain.tlsStarted();
                c().filter = ProxyChain.offloading(t, ShareData.tls(easy.share, engine).open(tls, c().filter,
                        url.host(), url.port(), null, easy.api));
            }
            done = t.connection().filter.connect(t);
        } catch (FilterException e) {
            if (chain.failed(easy.info)) {
                t.fail(e.code(), e.getMessage());
                return;
            }
            easy.info.sslVerifyResult = t.connection().filter.sslVerifyResult();
            t.fail(e.code(), e.getMessage());
            return;
        } catch (IOException e) {
            t.fail(CurlCode.CURLE_SSL_CONNECT_ERROR, "TLS connect error: " + HappyEyeballs.message(e), e);
            return;
        }
        if (!done) {
            return;
        }
        t.cancel(ExpireId.CONNECT);
        easy.info.appconnectUs = t.micros(engine.now());
        easy.info.sslVerifyResult = t.connection().filter.sslVerifyResult();
        easy.info.sslSession = t.connection().filter.sslSession();
        if ("h2".equals(t.connection().filter.alpn())) {
            startHttp2(t.connection());
        } else {
            if ("http/1.1".equals(t.connection().filter.alpn())) {
                easy.info.httpVersion = CURL_HTTP_VERSION_1_1;
            }
            settled();
        }
        t.state(TransferState.DO);
    }

    /**
     * The connect won: the connection is made on its socket and its chain assembled, bottom up:
     * the socket filter, then (later) proxy tunnels, then TLS for https. PROTOCONNECT when a layer
     * has its own set-up to run, DO otherwise.
     */
    private Connection c() {
        return t.connection();
    }

    private void assemble(java.nio.channels.SocketChannel channel, SocketEntry socket, long now) {
        Connection c = new Connection(engine.nextConnectionId(), key, connHost, connPort, channel, socket);
        reserved = false; // the reservation now belongs to the connection
        easy.info.numConnects++;
        easy.info.connectUs = t.micros(now);
        if (unixPath != null) {
            c.unixPath = UnixConnect.primaryIp(unixPath);
        }
        t.use(c, false);
        int proxied = proxies.proxied() || easy.wire.haproxy ? chain.assemble(c, proxies, tunnelHost, tunnelPort, easy, t, tls != null) : 0;
        if (proxied != 0) {
            if (proxied > 0) {
                t.state(TransferState.PROTOCONNECT);
            }
            return;
        }
        if (tls != null) {
            try {
                c.filter = ProxyChain.offloading(t, ShareData.tls(easy.share, engine).open(tls, c.filter, url.host(),
                        url.port(), null, easy.api));
            } catch (FilterException e) {
                t.fail(e.code(), e.getMessage());
                return;
            }
            t.state(TransferState.PROTOCONNECT);
            return;
        }
        if (priorKnowledge()) {
            startHttp2(c);
        }
        t.state(TransferState.DO);
    }

    /** Lets go of everything in flight: a look-up, connect attempts, a pending place, a reservation. */
    void release() {
        if (lookup != null) {
            engine.resolver().cancel(lookup, t);
            lookup = null;
        }
        if (eyeballs != null) {
            eyeballs.closeLosers();
            eyeballs = null;
        }
        if (unix != null) {
            engine.retire(unix.socket);
            unix = null;
        }
        chain.release(engine, t);
        engine.removePending(t);
        settled();
        if (reserved) {
            reserved = false;
            engine.releaseReservation(key);
        }
    }

    /** The sockets the set-up waits on (the resolver's wake channel, connects in flight, the handshake). */
    int pollset(TransferState state, SocketEntry[] out, int[] masks) {
        int n = 0;
        switch (state) {
            case RESOLVING:
                if ((lookup != null && !lookup.finished() || chain.lookingUp()) && engine.resolver().wakeSocket() != null) {
                    out[n] = engine.resolver().wakeSocket();
                    masks[n++] = 1;
                }
                break;
            case CONNECTING:
                if (eyeballs != null) {
                    n = eyeballs.pollset(out, masks, n);
                } else if (unix != null) {
                    out[n] = unix.socket;
                    masks[n++] = 2;
                }
                break;
            case PROTOCONNECT:
                n = chain.handshakePollset(t, out, masks, n);
                break;
            default:
                break;
        }
        return n;
    }
}
