package dev.hiper.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/2 rows of the matrix: which scenarios, which tools run them, where they connect, and
 * h2load as their ceiling (as wrk is for HTTP/1.1).
 *
 * <ul>
 *   <li>{@code h2-https1k-c256}: 1 KiB GETs, 256 at once, over TLS with ALPN {@code h2} to nginx's
 *       HTTP/2 port (controller argument {@code h2}), every client multiplexing;
 *   <li>{@code download100m-h2}: the 100 MiB file over HTTP/2, libcurl and hiper;
 *   <li>{@code h2c1k-c16}: 1 KiB GETs, 16 at once, h2c with prior knowledge to nghttpd
 *       (controller argument {@code h2c});
 *   <li>{@code slowNk-h2}: N slow transfers at once over HTTP/2, 100 streams a connection and at
 *       most N / 100 connections ({@link #connections}), libcurl and hiper; {@code h2slow=} lists the counts (100,000 by
 *       default), the report gives the heap per transfer.
 * </ul>
 * Vert.x and Reactor Netty run in these rows only. AsyncHttpClient 3 speaks no HTTP/2, and the JDK's HttpClient API (jdk, hiper-jdk) has no h2c
 * with prior knowledge: those cells say n/a without starting the client.
 */
final class H2Rows {
    static final String H2LOAD = "h2load";
    /** The tools of the HTTP/2 rows alone: the ceiling, and the Java clients measured only over HTTP/2. */
    static final List<String> H2_ONLY = List.of("vertx", "reactor", H2LOAD);
    /** The clients of the download and slow-transfer rows. */
    static final List<String> PAIR = List.of("libcurl", "hiper", H2LOAD);
    /** Streams nginx lets a connection carry in the HTTP/2 rows ({@code http2_max_concurrent_streams}). */
    static final int NGINX_STREAMS = 256;
    /**
     * The heap of the Java driver in the slow rows: 100,000 transfers at a few KiB each need more
     * than the other rows' 1 GiB; the figure reported is the heap in use after a full GC, not this.
     */
    static final String[] SLOW_HEAP = {"-Xmx2g"};
    /** Streams a connection carries in the slow-transfer rows: libcurl's default. */
    static final int SLOW_STREAMS = 100;

    private H2Rows() {
    }

    static List<Matrix.Scenario> scenarios(String[] heap, String slowCounts) {
        List<Matrix.Scenario> all = new java.util.ArrayList<>();
        for (int c : Matrix.CONCURRENCY) {
            all.add(new Matrix.Scenario("h2-https1k-c" + c, "HTTP/2 over TLS, 1 KiB GET, " + c + " at once", "/1k", c, 0,
                    0, true, heap, 0, false, 0, "tls", NGINX_STREAMS));
        }
        all.addAll(List.of(
                new Matrix.Scenario("download100m-h2", "HTTP/2 100 MiB download, 1 at a time", "/100m", 1, 0, 0, true,
                        heap, 0, false, 0, "tls", 1),
                new Matrix.Scenario("h2c1k-c16", "h2c (nghttpd, prior knowledge), 1 KiB GET, 16 at once", "/1k", 16, 0,
                        0, false, heap, 0, false, 0, "prior", 16)));
        for (String c : slowCounts.split(",")) {
            int n = Integer.parseInt(c.trim());
            all.add(new Matrix.Scenario(slowName(n), String.format(Locale.ROOT, "%,d slow HTTP/2 transfers at once, %d "
                    + "streams a connection", n, SLOW_STREAMS), "/slow/24k", n, n, 0, true, SLOW_HEAP, 3, false, 0,
                    "tls", SLOW_STREAMS));
        }
        return all;
    }

    /**
     * The connections a slow row opens at most: one per {@code streams} transfers. Under that
     * limit (and without CURLOPT_PIPEWAIT) the first transfers each open a connection and the
     * others wait for room on them, in libcurl as in hiper, so both spread the transfers alike.
     */
    static int connections(Matrix.Scenario s) {
        return (s.concurrency() + s.streams() - 1) / s.streams();
    }

    static String slowName(int n) {
        return "slow" + (n % 1000 == 0 ? n / 1000 + "k" : String.valueOf(n)) + "-h2";
    }

    /** Narrows {@code t}, the tools asked for, to those of {@code s}. */
    static void tools(Matrix.Scenario s, List<String> t) {
        if (!s.h2()) {
            t.removeAll(H2_ONLY);
            return;
        }
        t.remove("wrk");
        if (s.name().startsWith("download") || s.requests() > 0) {
            t.retainAll(PAIR);
        }
        if (s.requests() > 0) {
            t.remove(H2LOAD); // no counted run of N requests
        }
    }

    /** The base URL of an HTTP/2 row: nginx's HTTP/2 port over TLS, or nghttpd for h2c. */
    static String base(Matrix m, Matrix.Scenario s) {
        return "prior".equals(s.http2()) ? m.arg("h2c") : m.arg("h2");
    }

    /**
     * Adds to {@code cmd} the whole command of a cell that is not a driver (h2load, or an n/a
     * line) and returns true; false for a driver.
     */
    static boolean command(Matrix m, Matrix.Scenario s, String tool, List<String> cmd) {
        String na = tool.equals("ahc") ? "AsyncHttpClient 3 has no HTTP/2"
                : "prior".equals(s.http2()) && (tool.equals("jdk") || tool.equals("hiper-jdk"))
                        ? "the JDK's HttpClient API has no h2c prior knowledge (it asks for Upgrade: h2c, which nghttpd "
                                + "does not do)"
                        : null;
        if (na != null) {
            cmd.clear();
            cmd.addAll(List.of("echo", "{\"tool\":\"" + tool + "\",\"scenario\":\"" + s.name()
                    + "\",\"unsupported\":true,\"error\":\"" + na + "\"}"));
            return true;
        }
        if (!tool.equals(H2LOAD)) {
            return false;
        }
        int streams = Math.max(1, Math.min(s.streams(), s.concurrency()));
        int connections = (s.concurrency() + streams - 1) / streams;
        int warm = (int) Math.ceil(m.warmup());
        int secs = (int) Math.max(1, Math.round(m.seconds()));
        String script = String.join("\n",
                "set -u",
                "h2load=$1 url=$2 c=$3 m=$4 w=$5 d=$6",
                "secs() { awk '{ for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } } END { printf \"%.3f\", t }'; }",
                "if [ \"$w\" -gt 0 ]; then \"$h2load\" -t1 -c\"$c\" -m\"$m\" -D\"$w\" \"$url\" >/dev/null 2>&1; fi",
                "out=$(mktemp); t0=$(mktemp); t1=$(mktemp)",
                "times >\"$t0\"",
                "\"$h2load\" -t1 -c\"$c\" -m\"$m\" -D\"$d\" \"$url\" >\"$out\" 2>&1",
                "times >\"$t1\"",
                "cpu=$(awk -v a=\"$(tail -1 \"$t0\" | secs)\" -v b=\"$(tail -1 \"$t1\" | secs)\" 'BEGIN { printf \"%.3f\", b - a }')",
                // "finished in 2.00s, ..."; "requests: T total, S started, D done, OK succeeded, F failed, ..."
                // "traffic: 1.2MB (1234567) total, ..."
                "awk -v cpu=\"$cpu\" '"
                        + "/^finished in/ { v = $3; sub(/,$/, \"\", v); f = (v ~ /ms$/) ? 1000 : 1; sub(/m?s$/, \"\", v); secs = v / f }"
                        + " /^requests:/ { ok = $8; failed = $10 }"
                        + " /^traffic:/ { b = $3; gsub(/[()]/, \"\", b) }"
                        + " END { if (secs == \"\" || ok == \"\") exit 1; printf \"{\\\"h2load_secs\\\":%s,\\\"h2load_ok\\\":%s,"
                        + "\\\"h2load_failed\\\":%s,\\\"h2load_bytes\\\":%s,\\\"cpu_seconds\\\":%s}\\n\", secs, ok, failed, b + 0, cpu }"
                        + "' \"$out\"",
                "rc=$?; rm -f \"$out\" \"$t0\" \"$t1\"; exit $rc");
        cmd.addAll(List.of("bash", "-c", script, "h2load-ceiling", m.arg(H2LOAD).isEmpty() ? H2LOAD : m.arg(H2LOAD),
                base(m, s) + s.path(), String.valueOf(connections), String.valueOf(streams), String.valueOf(warm),
                String.valueOf(secs)));
        return true;
    }

    /** h2load's totals (or a crash or n/a line) as a driver's line. */
    static String line(String json, Matrix.Scenario s) {
        Map<String, Object> h = Json.parse(json);
        if (!h.containsKey("h2load_ok")) {
            return json;
        }
        double secs = Json.num(h, "h2load_secs");
        double requests = Json.num(h, "h2load_ok");
        double cpu = Json.num(h, "cpu_seconds");
        return String.format(Locale.ROOT, "{\"tool\":\"%s\",\"scenario\":\"%s\",\"requests\":%.0f,\"concurrency\":%d,"
                + "\"seconds\":%.4f,\"rps\":%.4f,\"mibps\":%.4f,\"failures\":%.0f,\"cpu_seconds\":%.4f,"
                + "\"cpu_us_per_req\":%.4f,\"peak_rss_mib\":-1,\"threads\":1,\"heap_mib\":-1,\"runtime\":\"h2load\"}",
                H2LOAD, s.name(), requests, s.concurrency(), secs, requests / secs,
                Json.num(h, "h2load_bytes") / 1048576.0 / secs, Json.num(h, "h2load_failed"), cpu,
                requests > 0 ? cpu * 1e6 / requests : -1.0);
    }
}
