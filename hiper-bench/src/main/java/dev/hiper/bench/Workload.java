package dev.hiper.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * One benchmark cell as a driver sees it, parsed from {@code key=value} arguments.
 *
 * <p>Two kinds: timed ({@code requests=0}: slots loop for {@code warmup} seconds, then the
 * {@code seconds} measured) and counted ({@code requests=N}: exactly N requests, all measured;
 * {@code sample} seconds after the start the controller samples threads, heap and RSS, for the
 * slow-transfer scenario). Two options change the requests: {@code close=1} sends
 * {@code Connection: close} (one connection per request: the churn rows), and {@code rate=R}
 * makes the cell open-loop: requests are issued at R a second whatever the answers do, at most
 * {@code concurrency} in flight, each one's latency taken from the time it was meant to be sent
 * (see {@link OpenLoop}). {@code http2=tls} or {@code http2=prior} makes every client speak
 * HTTP/2, multiplexed: negotiated over TLS, or h2c with prior knowledge.
 */
public final class Workload {
    public final String tool;
    public final String scenario;
    public final String url;
    public final int concurrency;
    public final long requests;
    public final double warmup;
    public final double seconds;
    public final double sample;
    /** POST body size; 0 for GET. */
    public final int upload;
    /** PEM certificate to trust for https URLs. */
    public final String ca;
    /** Whether each request asks for {@code Connection: close}. */
    public final boolean close;
    /** Open-loop requests a second; 0 for the closed loop of slots. */
    public final double rate;
    /** The HTTP proxy every request goes through ({@code http://host:port}, CONNECT for https), or null. */
    public final String proxy;
    /**
     * HTTP/2: {@code tls} (negotiated with ALPN over https, multiplexed), {@code prior} (h2c with
     * prior knowledge over http); null for HTTP/1.1.
     */
    public final String http2;
    /** HTTP/2: the most streams a client opens on one connection, where it lets one choose. */
    public final int streams;
    /**
     * HTTP/2: connections at most to the host ({@code CURLMOPT_MAX_HOST_CONNECTIONS}), 0 for no
     * limit; with a limit the handles do not wait for a connection being made
     * ({@code CURLOPT_PIPEWAIT} off): the first ones each open one, the rest wait for room.
     */
    public final int connections;
    /**
     * WebSocket rows ({@link WsRows}): {@code echo} (sessions send a message and wait for its
     * echo, timed like requests), {@code stream} (one session receives {@code requests} binary
     * messages from the server) or {@code idle} (open {@code concurrency} sessions and hold them,
     * each pinged every 30 s); null for HTTP.
     */
    public final String ws;
    /** WebSocket rows: the size of a message, bytes. */
    public final int message;

    private Workload(Map<String, String> a) {
        tool = a.getOrDefault("tool", "?");
        scenario = a.getOrDefault("scenario", "?");
        url = require(a, "url");
        concurrency = Integer.parseInt(a.getOrDefault("concurrency", "1"));
        requests = Long.parseLong(a.getOrDefault("requests", "0"));
        warmup = Double.parseDouble(a.getOrDefault("warmup", "1"));
        seconds = Double.parseDouble(a.getOrDefault("seconds", "3"));
        sample = Double.parseDouble(a.getOrDefault("sample", "0"));
        upload = Integer.parseInt(a.getOrDefault("upload", "0"));
        ca = a.get("ca");
        close = "1".equals(a.get("close"));
        rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        proxy = a.get("proxy");
        http2 = a.get("http2");
        streams = Integer.parseInt(a.getOrDefault("streams", "100"));
        connections = Integer.parseInt(a.getOrDefault("connections", "0"));
        ws = a.get("ws");
        message = Integer.parseInt(a.getOrDefault("message", "1024"));
    }

    /** The proxy's address, for the Java clients' proxy settings; null without one. */
    public java.net.InetSocketAddress proxyAddress() {
        if (proxy == null) {
            return null;
        }
        java.net.URI u = java.net.URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        return new java.net.InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 1080);
    }

    public static Workload parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + s);
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return new Workload(a);
    }

    public boolean https() {
        return url.startsWith("https:") || url.startsWith("wss:");
    }

    /** Whether the cell speaks HTTP/2 (over TLS or h2c). */
    public boolean h2() {
        return http2 != null;
    }

    public boolean openLoop() {
        return rate > 0;
    }

    public byte[] uploadBody() {
        byte[] b = new byte[upload];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static String require(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing " + k + "=");
        }
        return v;
    }
}
