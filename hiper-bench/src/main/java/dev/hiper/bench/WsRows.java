package dev.hiper.bench;

import dev.hiper.bench.drivers.AhcWs;
import dev.hiper.bench.drivers.HiperWs;
import dev.hiper.bench.drivers.JdkWs;
import dev.hiper.bench.drivers.JettyWs;
import dev.hiper.bench.drivers.OkHttpWs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket rows of the matrix, against {@link WsServer} (Jetty's WebSocket server in its own
 * JVM, which {@code bench/run} starts; controller arguments {@code ws} and {@code wss}, its base
 * URLs):
 *
 * <ul>
 *   <li>{@code ws-echo1k-c1}, {@code ws-echo1k-c256}: echo round trips of 1 KiB binary messages on
 *       1 and 256 sessions, each waiting for its echo before the next (messages/s, CPU per message);
 *   <li>{@code ws-stream64k}: one session receives a stream of 64 KiB binary messages, 1 GiB by
 *       default ({@code wsstream=} MiB changes it): MiB/s;
 *   <li>{@code ws-idleNk}: N idle sessions over HTTP/1.1 (1,000, 5,000, 10,000, 18,000; the largest
 *       stays under the 20,000 files a process may hold, as the slow HTTP rows do), each pinged every
 *       30 s: heap after GC and resident set per session, time to open them all;
 *       {@code wss-idleNk} the same over TLS;
 *   <li>{@code ws-idleNk-h2}: N idle sessions over HTTP/2 (RFC 8441 extended CONNECT, each session
 *       a stream), at most {@link #H2_STREAMS} a connection and N / 100 connections, to the
 *       server's HTTP/2 port (controller argument {@code wsh2}: TLS with ALPN {@code h2}); the same
 *       pings and figures as the other idle rows. {@code wsh2idle=} lists the counts (100,000 by
 *       default: about 1,000 connections, well under the process's 20,000 files).
 * </ul>
 *
 * <p>libcurl's C driver and Apache HttpClient have n/a lines with the reason (see
 * {@link #command}); so have, in the HTTP/2 rows, the clients whose WebSocket is HTTP/1.1 only
 * (the JDK's, hiper-jdk's, OkHttp's, AsyncHttpClient's). wrk, h2load, Vert.x and Reactor Netty do
 * not run in these rows.
 */
final class WsRows {
    static final List<String> WS_TOOLS = List.of("libcurl", "hiper", "hiper-jdk", "jdk", "jetty", "ahc", "apache",
            "okhttp");
    /** Idle sessions at once: the largest stays under the process's 20,000 files with room to spare. */
    static final int[] IDLE_COUNTS = {1000, 5000, 10_000, 18_000};
    static final int ECHO_SIZE = 1024;
    static final int STREAM_SIZE = 64 * 1024;
    /**
     * The idle rows hold up to 18,000 sessions: more heap room than the other rows' 1 GiB. Soft
     * references are let go at every collection, so that caches of the JDK and the clients do not
     * age out between the heap's two readings and pass for sessions' memory (or hide it).
     */
    static final String[] IDLE_HEAP = {"-Xmx2g", "-XX:SoftRefLRUPolicyMSPerMB=0"};
    /** Sessions an HTTP/2 connection carries at most in the {@code -h2} rows (the server allows as many). */
    static final int H2_STREAMS = WsServer.H2_STREAMS;
    /** The {@code -h2} rows' sizes unless {@code wsh2idle=} says: 100,000 sessions. */
    static final String H2_COUNTS = "100000";
    /** The {@code -h2} rows hold up to 100,000 sessions. */
    static final String[] H2_HEAP = {"-Xmx6g"};
    static final String H2_NA = "%s opens WebSockets over HTTP/1.1 only (an Upgrade), never on an HTTP/2 stream "
            + "(RFC 8441)";
    static final String LIBCURL_NA = "this machine's libcurl (Debian's 7.88.1) has no WebSocket: curl --version lists "
            + "no ws protocol (libcurl's ws API is stable from 8.11 and must be enabled at build time)";
    static final String APACHE_NA = "Apache HttpClient's WebSocket module (5.7) is not served by Maven Central to this "
            + "build (httpclient5 5.6.5 is the newest it lists, without WebSocket)";

    private WsRows() {
    }

    static List<Matrix.Scenario> scenarios(String[] heap, String streamMib, String h2Counts) {
        List<Matrix.Scenario> all = new ArrayList<>();
        for (int c : new int[] {1, 256}) {
            all.add(new Matrix.Scenario("ws-echo1k-c" + c, "WebSocket echo of 1 KiB messages, " + c
                    + (c == 1 ? " session" : " sessions"), "/echo", c, 0, 0, false, heap, 0, false, 0, null, 0));
        }
        long mib = Long.parseLong(streamMib.trim());
        all.add(new Matrix.Scenario("ws-stream64k", String.format(Locale.ROOT, "WebSocket stream of %s of 64 KiB "
                + "messages, 1 session", mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB"), "/echo", 1,
                mib * 1024 * 1024 / STREAM_SIZE, 0, false, heap, 0, false, 0, null, 0));
        for (boolean tls : new boolean[] {false, true}) {
            for (int n : IDLE_COUNTS) {
                all.add(new Matrix.Scenario((tls ? "wss" : "ws") + "-idle" + n / 1000 + "k", String.format(Locale.ROOT,
                        "%,d idle WebSocket sessions%s, each pinged every 30 s", n, tls ? " over TLS" : ""), "/echo", n,
                        n, 0, tls, IDLE_HEAP, 3, false, 0, null, 0));
            }
        }
        for (String c : h2Counts.split(",")) {
            int n = Integer.parseInt(c.trim());
            all.add(new Matrix.Scenario(h2Name(n), String.format(Locale.ROOT, "%,d idle WebSocket sessions over HTTP/2 "
                    + "(RFC 8441, %d a connection), each pinged every 30 s", n, H2_STREAMS), "/echo", n, n, 0, true,
                    H2_HEAP, 3, false, 0, null, H2_STREAMS));
        }
        return all;
    }

    /** Whether {@code s} is a WebSocket row. */
    static boolean is(Matrix.Scenario s) {
        return s.name().startsWith("ws-") || s.name().startsWith("wss-");
    }

    static String h2Name(int n) {
        return "ws-idle" + (n % 1000 == 0 ? n / 1000 + "k" : String.valueOf(n)) + "-h2";
    }

    /** Whether {@code s} is a WebSocket row over HTTP/2 (its sessions streams of shared connections). */
    static boolean h2(Matrix.Scenario s) {
        return is(s) && s.name().endsWith("-h2");
    }

    /** The connections an HTTP/2 row opens at most: one per {@link #H2_STREAMS} sessions. */
    static int connections(Matrix.Scenario s) {
        return (s.concurrency() + H2_STREAMS - 1) / H2_STREAMS;
    }

    static boolean idle(Matrix.Scenario s) {
        return is(s) && s.name().contains("-idle");
    }

    static boolean stream(Matrix.Scenario s) {
        return is(s) && s.name().contains("-stream");
    }

    /** The mode a driver runs the row in ({@link Workload#ws}). */
    static String mode(Matrix.Scenario s) {
        return idle(s) ? "idle" : stream(s) ? "stream" : "echo";
    }

    /** Narrows {@code t}, the tools asked for, to those of a WebSocket row; other rows lose nothing. */
    static void tools(Matrix.Scenario s, List<String> t) {
        if (is(s)) {
            t.retainAll(WS_TOOLS);
        }
    }

    /** An n/a line for the tools that have no WebSocket here, as the whole command; false for a driver. */
    static boolean command(Matrix.Scenario s, String tool, List<String> cmd) {
        String na = tool.equals("libcurl") ? LIBCURL_NA : tool.equals("apache") ? APACHE_NA : null;
        if (na == null && h2(s)) {
            na = tool.equals("jdk") ? String.format(H2_NA, "the JDK's WebSocket (java.net.http)")
                    : tool.equals("hiper-jdk") ? String.format(H2_NA, "the JDK's WebSocket API, which hiper-jdk follows,")
                    : tool.equals("okhttp") ? String.format(H2_NA, "OkHttp")
                    : tool.equals("ahc") ? String.format(H2_NA, "AsyncHttpClient 3 (no HTTP/2 at all)") : null;
        }
        if (na == null) {
            return false;
        }
        cmd.clear();
        cmd.addAll(List.of("echo", "{\"tool\":\"" + tool + "\",\"scenario\":\"" + s.name()
                + "\",\"unsupported\":true,\"error\":\"" + na + "\"}"));
        return true;
    }

    /** The driver's arguments of a WebSocket row. */
    static void args(Matrix m, Matrix.Scenario s, List<String> cmd) {
        cmd.add("ws=" + mode(s));
        cmd.add("message=" + (stream(s) ? STREAM_SIZE : ECHO_SIZE));
        if (h2(s)) {
            cmd.add("http2=tls");
            cmd.add("streams=" + H2_STREAMS);
            cmd.add("connections=" + connections(s));
        }
    }

    /** The base URL of a WebSocket row: the server's plain, TLS or HTTP/2 port. */
    static String base(Matrix m, Matrix.Scenario s) {
        return h2(s) ? m.arg("wsh2") : s.https() ? m.arg("wss") : m.arg("ws");
    }

    static dev.hiper.bench.Driver.Client client(Workload w) throws Exception {
        switch (w.tool) {
            case "hiper":
                return new HiperWs(w);
            case "jdk":
                return new JdkWs(w, false);
            case "hiper-jdk":
                return new JdkWs(w, true);
            case "okhttp":
                return new OkHttpWs(w);
            case "jetty":
                return new JettyWs(w);
            case "ahc":
                return new AhcWs(w);
            default:
                throw new IllegalArgumentException("no WebSocket driver for " + w.tool);
        }
    }
}
