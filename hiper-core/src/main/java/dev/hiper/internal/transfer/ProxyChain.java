package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPROXY_HTTP_1_0;
import static dev.hiper.curl.Curl.CURLPROXY_SOCKS4;
import static dev.hiper.curl.Curl.CURLPROXY_SOCKS4A;
import static dev.hiper.curl.Curl.CURLPX_RESOLVE_HOST;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.proxy.ConnectRequest;
import dev.hiper.internal.conn.proxy.HaproxyFilter;
import dev.hiper.internal.conn.proxy.HttpTunnelFilter;
import dev.hiper.internal.conn.proxy.ProxyRoute;
import dev.hiper.internal.conn.proxy.ProxySpec;
import dev.hiper.internal.conn.proxy.SocksFilter;
import dev.hiper.internal.conn.proxy.SocksHandshake;
import dev.hiper.internal.conn.tls.TlsFilter;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.multi.SocketEntry;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.share.ShareData;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The proxy layers of one new connection, for {@link ConnectionSetup}: the origin's address when
 * a SOCKS4 or SOCKS5 proxy wants it resolved here (looked up while RESOLVING, before the
 * proxy's own name), then on the connected socket a {@link SocksFilter} and an
 * {@link HttpTunnelFilter} as the route has them, whose handshakes PROTOCONNECT runs bottom up
 * before TLS to the origin starts over them. What the handshakes report goes to the transfer's
 * information: {@code CURLINFO_HTTP_CONNECTCODE}, {@code CURLINFO_PROXY_ERROR}.
 */
final class ProxyChain {
    private Resolver.Lookup lookup;
    /** The origin's address for a SOCKS proxy that does not resolve names; null when not needed. */
    private byte[] originAddress;
    private boolean originDone;
    private SocksFilter socks;
    private HttpTunnelFilter tunnel;
    /** TLS to an HTTPS proxy, or null. */
    private ConnectionFilter proxyTls;
    /** The layers still to connect, bottom up; the index of the one connecting. */
    private ConnectionFilter[] stages = new ConnectionFilter[4];
    private int count;
    private int at;
    private boolean tlsAfter;

    void reset() {
        lookup = null;
        originAddress = null;
        originDone = false;
        restart();
    }

    /** A new connection on the same route: its layers are assembled again; the origin's look-up stays. */
    void restart() {
        socks = null;
        tunnel = null;
        proxyTls = null;
        count = 0;
        at = 0;
        tlsAfter = false;
        requestTraced = false;
    }

    /** Whether the origin's look-up for a SOCKS proxy is in flight (the resolver's socket matters). */
    boolean lookingUp() {
        return lookup != null && !lookup.finished();
    }

    /**
     * RESOLVING, before the first hop's name: the origin's address when SOCKS4 or SOCKS5 (not 4a,
     * not 5h) carries it. True when done (or not needed); false while waiting or failed.
     */
    boolean resolveOrigin(Transfer t, MultiEngine engine, ProxyRoute route, String host, int port, EasyHandle easy) {
        if (originDone || route.socks() == null || route.socks().remoteResolve() || route.http() != null) {
            // (behind a SOCKS hop to an HTTP proxy, the SOCKS target is the proxy, not the origin)
            return true;
        }
        List<InetAddress> found = ResolveOverrides.find(easy.resolve, host, port);
        if (found == null) {
            if (lookup == null) {
                try {
                    lookup = ShareData.lookup(easy.share, easy.api, engine, host, t);
                } catch (IOException e) {
                    failResolve(t, easy, host);
                    return false;
                }
            }
            if (!lookup.finished()) {
                return false;
            }
            found = lookup.addresses();
            lookup = null;
        }
        List<InetAddress> usable = found == null ? List.of() : Resolver.filter(found, easy.seldom.ipResolve);
        InetAddress pick = null;
        for (InetAddress a : usable) {
            if (route.socks().type() != CURLPROXY_SOCKS4 || a instanceof Inet4Address) {
                pick = a;
                break;
            }
        }
        if (pick == null) {
            failResolve(t, easy, host);
            return false;
        }
        originAddress = pick.getAddress();
        originDone = true;
        return true;
    }

    private static void failResolve(Transfer t, EasyHandle easy, String host) {
        easy.info.proxyError = CURLPX_RESOLVE_HOST;
        t.fail(CurlCode.CURLE_PROXY, "Failed to resolve \"" + host + "\" for SOCKS connect.");
    }

    /**
     * The layers on the connected socket, bottom up. 1 when a handshake is to run (PROTOCONNECT),
     * 0 when the chain has nothing to set up, -1 when the transfer failed.
     */
    int assemble(Connection c, ProxyRoute route, String host, int port, EasyHandle easy, Transfer t,
            boolean tls) {
        ProxySpec s = route.socks();
        if (s != null) {
            SocksHandshake hs;
            try {
                String target = route.http() != null ? route.http().host() : host;
                int targetPort = route.http() != null ? route.http().port() : port;
                byte[] addr = route.http() != null || s.remoteResolve() ? literal(target) : originAddress;
                // an HTTP proxy's name behind a SOCKS4 or SOCKS5 hop goes as a name (4a, 5h)
                hs = new SocksHandshake(s.type() == CURLPROXY_SOCKS4 && addr == null ? CURLPROXY_SOCKS4A : s.type(),
                        target, targetPort, addr, s.user(), s.password());
            } catch (SocksHandshake.Failure f) {
                easy.info.proxyError = f.reason;
                t.fail(CurlCode.CURLE_PROXY, f.getMessage());
                return -1;
            }
            socks = new SocksFilter(c.filter, hs, "SOCKS" + (s.type() == CURLPROXY_SOCKS4 ? "4"
                    : s.type() == CURLPROXY_SOCKS4A ? "4a" : "5") + " connect to " + ConnectRequest.authority(host, port)
                    + " via " + s.authority());
            c.filter = socks;
            stages[count++] = socks;
        }
        ProxySpec h = route.http();
        if (h != null && h.isHttps()) {
            try {
                proxyTls = offloading(t, ShareData.tls(easy.share, t.engine).open(easy.proxy.tls, c.filter,
                        h.host(), h.port(), null));
            } catch (dev.hiper.internal.conn.FilterException e) {
                t.fail(e.code(), e.getMessage());
                return -1;
            }
            c.filter = proxyTls;
            stages[count++] = proxyTls;
        }
        if (h != null && route.tunnel()) {
            String authority = ConnectRequest.authority(host, port);
            // the User-Agent the requests carry (hiper's own by default, where libcurl sends none)
            String ua = easy.userAgent != null ? easy.userAgent : t.engine.defaultUserAgent();
            TunnelAuth ta = new TunnelAuth(easy, authority, h, ua);
            tunnel = new HttpTunnelFilter(c.filter, authority, ta.request());
            tunnel.reauth(ta);
            c.filter = tunnel;
            stages[count++] = tunnel;
        }
        if (easy.wire.haproxy) {
            // the PROXY line goes first to the origin, through the proxies (as libcurl's filter order)
            java.net.SocketAddress local;
            java.net.SocketAddress remote;
            try {
                local = c.channel.getLocalAddress();
                remote = c.channel.getRemoteAddress();
            } catch (IOException e) {
                local = null;
                remote = null;
            }
            c.filter = new HaproxyFilter(c.filter, HaproxyFilter.line(local, remote, easy.wire.haproxyClientIp));
            stages[count++] = c.filter;
        }
        tlsAfter = tls;
        return count > 0 || tls ? 1 : 0;
    }

    /**
     * The Proxy-Authorization line of a CONNECT (libcurl answers for "CONNECT" and the
     * authority), as the proxy's authentication state picks it; null for none.
     */
    private static String connectAuthorization(EasyHandle easy, String authority, ProxySpec h) {
        String user = h.user() == null && h.password() != null ? "" : h.user();
        return easy.proxyAuthState().requestLine("CONNECT", authority, user, h.password(), null);
    }

    private static byte[] literal(String host) {
        try {
            if (host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'))) {
                return InetAddress.getByName(host).getAddress();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * {@code f}'s first handshake runs its delegated tasks on the engine's work pool; once they
     * are done, {@code t} runs again if the connection is still its own (a transfer removed
     * meanwhile is not brought back).
     */
    static TlsFilter offloading(Transfer t, TlsFilter f) {
        Connection c = t.connection();
        f.offloadTasks((tasks, done) -> t.engine.resolver().offload(tasks, () -> {
            done.run();
            if (t.connection() == c && !c.closed && !t.isCompleted()) {
                t.runSoon();
            }
        }));
        return f;
    }

    /**
     * PROTOCONNECT's sockets from {@code out[n]} on: what the handshake in progress needs (the
     * peer's next flight, or room for ours), or the end of its computations off the engine
     * thread, which the engine's wake channel tells. Returns the new count.
     */
    int handshakePollset(Transfer t, SocketEntry[] out, int[] masks, int n) {
        Connection c = t.connection();
        ConnectionFilter f = connecting() != null ? connecting() : c.filter;
        if (f.awaitingWork()) {
            SocketEntry wake = t.engine.resolver().wakeSocket();
            if (wake != null) {
                out[n] = wake;
                masks[n++] = 1;
            }
            return n;
        }
        int hs = f.socketInterest(0);
        if (hs != 0) {
            out[n] = c.socket;
            masks[n++] = hs;
        }
        return n;
    }

    /** The layer whose handshake runs now, or null when the proxies are through. */
    ConnectionFilter connecting() {
        return at < count ? stages[at] : null;
    }

    /** Runs the proxy handshakes in order: true once all are done. */
    boolean connect(Transfer t, TransferInfo info) throws IOException {
        while (at < count) {
            if (stages[at] == tunnel && !requestTraced) {
                requestTraced = true;
                byte[] r = tunnel.request();
                t.calls().traceOut(dev.hiper.curl.CurlInfoType.CURLINFO_HEADER_OUT, r, 0, r.length);
            }
            boolean done;
            try {
                done = stages[at].connect(t);
            } finally {
                if (stages[at] == tunnel && !deliverReply(t, info)) {
                    done = false;
                }
            }
            if (!done) {
                if (stages[at] == tunnel && tunnel.takeNewRequest()) {
                    requestTraced = false; // a 407 answered: the next CONNECT is traced, then sent
                    continue;
                }
                return false;
            }
            if (stages[at] == tunnel) {
                info.connectCode = tunnel.connectCode();
                info.proxyAuthUsed = tunnelAuthUsed;
            }
            if (stages[at] == proxyTls) {
                info.proxySslVerifyResult = proxyTls.sslVerifyResult();
            }
            at++;
        }
        return true;
    }

    private boolean requestTraced;
    /** The scheme the last CONNECT answered the proxy with (CURLINFO_PROXYAUTH_USED). */
    private long tunnelAuthUsed;

    /**
     * The CONNECT reply's lines that arrived: to the trace and the header callback, counted in
     * CURLINFO_HEADER_SIZE, as libcurl does. Made here, between the filter's calls, never from
     * inside its parser. False when the callback failed the transfer.
     */
    private boolean deliverReply(Transfer t, TransferInfo info) {
        for (byte[] line : tunnel.takeReplyLines()) {
            info.connectHeaderBytes += line.length;
            info.headerSize += line.length;
            String text = dev.hiper.internal.conn.proxy.ConnectReply.text(line, line.length);
            if (text.regionMatches(true, 0, "Proxy-Authenticate:", 0, 19) && tunnel.connectCode() == 407) {
                info.proxyAuthAvail |= dev.hiper.internal.http.HttpAuth.offered(text.substring(19));
            }
            if (!t.calls().connectHeader(java.nio.ByteBuffer.wrap(line))) {
                return false;
            }
            if (text.length() >= 12 && text.startsWith("HTTP/1.") && text.charAt(8) == ' ') {
                // as libcurl: CURLINFO_HTTP_CONNECTCODE is the reply's status once its status line
                // is through, so a header callback can tell the proxy's lines from the origin's
                int status = 0;
                for (int i = 9; i < 12 && status >= 0; i++) {
                    char ch = text.charAt(i);
                    status = ch >= '0' && ch <= '9' ? status * 10 + (ch - '0') : -1;
                }
                if (status > 0) {
                    info.connectCode = status;
                }
            }
            int code = tunnel.connectCode();
            for (String name : new String[] {"Content-Length:", "Transfer-Encoding:"}) {
                if (code / 100 == 2 && text.regionMatches(true, 0, name, 0, name.length())) {
                    // a 2xx reply to CONNECT has no body, whatever these say
                    t.trace("Ignoring " + name.substring(0, name.length() - 1) + " in CONNECT " + code + " response");
                }
            }
        }
        return true;
    }

    /** Whether the tunnel's next CONNECT needs a new connection (the proxy closed after its 407). */
    boolean reconnect() {
        return tunnel != null && tunnel.reconnect();
    }

    /**
     * The answer to a 407 to CONNECT: the proxy's challenges go to the handle's proxy
     * authentication state, which picks a scheme (or finds none); the next CONNECT carries it.
     */
    private final class TunnelAuth implements HttpTunnelFilter.Reauth {
        private final EasyHandle easy;
        private final String authority;
        private final ProxySpec proxy;
        private final String userAgent;

        TunnelAuth(EasyHandle easy, String authority, ProxySpec proxy, String userAgent) {
            this.easy = easy;
            this.authority = authority;
            this.proxy = proxy;
            this.userAgent = userAgent;
        }

        @Override
        public boolean challenged(List<String> challenges) {
            dev.hiper.internal.http.HttpAuth a = easy.proxyAuthState();
            a.newResponse();
            for (String c : challenges) {
                a.challenge(c);
                easy.info.proxyAuthAvail |= dev.hiper.internal.http.HttpAuth.offered(c);
            }
            return a.act(true, proxy.user() != null || proxy.password() != null, false, true);
        }

        @Override
        public byte[] request() {
            String auth = connectAuthorization(easy, authority, proxy);
            tunnelAuthUsed = auth != null ? easy.proxyAuthState().used() : 0;
            return ConnectRequest.build(authority, proxy.type() == CURLPROXY_HTTP_1_0, auth, userAgent,
                    easy.proxy.connectHeaders(easy.httpHeaders));
        }
    }

    /** Whether TLS to the origin is still to be put over the tunnels. */
    boolean pendingTls() {
        return tlsAfter;
    }

    void tlsStarted() {
        tlsAfter = false;
    }

    /**
     * A handshake failed: what the layers say goes to the information. True when the failure is a
     * proxy layer's (the TLS layer has its own reporting).
     */
    boolean failed(TransferInfo info) {
        if (tunnel != null) {
            info.connectCode = tunnel.connectCode();
        }
        if (proxyTls != null) {
            info.proxySslVerifyResult = proxyTls.sslVerifyResult();
        }
        if (socks != null && socks.proxyError() != 0) {
            info.proxyError = socks.proxyError();
        }
        return at < count;
    }

    /** Lets go of the origin's look-up. */
    void release(MultiEngine engine, Transfer t) {
        if (lookup != null) {
            engine.resolver().cancel(lookup, t);
            lookup = null;
        }
    }
}
