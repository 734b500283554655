package dev.hiper.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark matrix, run by {@code bench/run}: for each scenario, every tool as its own
 * process, interleaved (round 1: A B C ..., round 2: A B C ...), the median of the rounds
 * reported, each figure beside its ratio to libcurl's in the same run. Writes the raw JSON lines
 * to {@code results=FILE} and the Markdown report to {@code report=FILE}.
 *
 * <p>Arguments ({@code key=value}): mode (quick|full), http, https (base URLs), ca, curl (the
 * libcurl driver binary), java (the JVM to run Java drivers), cp (their class path), tools
 * (comma list), scenarios (comma list), rates (the open-loop rows' requests a second, comma
 * list), results, report, command (as shown in the report), machine (a line describing the
 * machine), pin (1: every client under {@code taskset -c 1}, nginx being on core 0),
 * loadWarning (a line the report shows first: the run started on a busy machine), proxy (the
 * CONNECT proxy of the {@code proxy-} rows, {@code http://127.0.0.1:PORT}), ws and wss (the base URLs
 * of the WebSocket rows' server, {@link WsRows}; wsh2 its HTTP/2 port's), wsstream (MiB of the WebSocket
 * stream row, 1024), wsh2idle (the sessions of the WebSocket rows over HTTP/2, 100000).
 *
 * <p>Each driver's JSON line gains {@code round} and the 1-minute load average read from
 * {@code /proc/loadavg} just before and just after it ran ({@code load_before},
 * {@code load_after}); the report shows the load before and after every round.
 */
public final class Matrix {
    static final String[] ALL_TOOLS = {"libcurl", "hiper", "hiper-jdk", "jdk", "jetty", "ahc", "apache", "okhttp",
        "wrk", "vertx", "reactor", H2Rows.H2LOAD};
    /** The clients of the open-loop rows: each rate costs a cell per tool and round. */
    static final List<String> OPEN_TOOLS = List.of("libcurl", "hiper", "jetty", "okhttp");
    /** The open-loop rows' default rates, requests a second; the lowest is meant to suit every client. */
    static final String RATES = "200,1000,5000,10000";
    /** Requests in flight at most in an open-loop row (connections each client may open). */
    static final int OPEN_CAP = 64;
    /** Requests in flight in the rows that differ only by concurrency (the charts' x axis). */
    static final int[] CONCURRENCY = {1, 16, 256, 1024, 4096};
    /**
     * Slow HTTP/1.1 transfers open at once in the memory rows: one connection each. The largest
     * stays under this machine's 20,000-file hard limit with room for nginx, whose one worker has
     * the same limit: at 19,000 it ran out of connections and closed some clients' new ones.
     */
    static final int[] SLOW_COUNTS = {1000, 5000, 10_000, 18_000};
    static final String[] JAVA_PEERS = {"jdk", "jetty", "ahc", "apache", "okhttp", "vertx", "reactor"};

    /**
     * One row of the table; {@code http2} is null for HTTP/1.1, else {@code tls} or {@code prior}
     * (see {@link H2Rows}), and {@code streams} the streams a connection carries at most there.
     */
    record Scenario(String name, String title, String path, int concurrency, long requests, int upload,
            boolean https, String[] jvmFlags, double sample, boolean close, double rate, String http2, int streams) {
        Scenario(String name, String title, String path, int concurrency, long requests, int upload,
                boolean https, String[] jvmFlags, double sample) {
            this(name, title, path, concurrency, requests, upload, https, jvmFlags, sample, false, 0);
        }

        Scenario(String name, String title, String path, int concurrency, long requests, int upload,
                boolean https, String[] jvmFlags, double sample, boolean close, double rate) {
            this(name, title, path, concurrency, requests, upload, https, jvmFlags, sample, close, rate, null, 0);
        }

        boolean h2() {
            return http2 != null;
        }

        boolean churn() {
            return close;
        }

        boolean open() {
            return rate > 0;
        }

        /** A row through the CONNECT proxy ({@code proxy=}); its direct twin is the name without "proxy-". */
        boolean proxied() {
            return name.startsWith(PROXY_PREFIX);
        }
    }

    static final String PROXY_PREFIX = "proxy-";

    private final Map<String, String> a;
    private final boolean quick;
    private final double warmup;
    private final double seconds;
    private final int rounds;
    private final boolean pinned;

    Matrix(Map<String, String> a) {
        this.a = a;
        quick = !"full".equals(a.getOrDefault("mode", "quick"));
        warmup = Double.parseDouble(a.getOrDefault("warmup", quick ? "2" : "8"));
        seconds = Double.parseDouble(a.getOrDefault("seconds", quick ? "2" : "6"));
        rounds = Integer.parseInt(a.getOrDefault("rounds", quick ? "1" : "5"));
        pinned = "1".equals(a.get("pin"));
    }

    List<Scenario> scenarios() {
        String[] heap = {"-Xmx1g"};
        List<Scenario> all = new ArrayList<>();
        for (int c : CONCURRENCY) {
            all.add(new Scenario("get1k-c" + c, "1 KiB GET, " + c + " at once", "/1k", c, 0, 0, false, heap, 0));
        }
        all.add(new Scenario("download100m", "100 MiB download, 1 at a time", "/100m", 1, 0, 0, false, heap, 0));
        all.add(new Scenario("upload64k-c16", "64 KiB upload, 16 at once", "/upload", 16, 0, 64 * 1024, false, heap, 0));
        for (int n : SLOW_COUNTS) {
            all.add(new Scenario("slow" + n / 1000 + "k", String.format(Locale.ROOT, "%,d slow transfers at once", n),
                    "/slow/24k", n, n, 0, false, heap, 3));
        }
        for (int c : CONCURRENCY) {
            all.add(new Scenario("https1k-c" + c, "HTTPS 1 KiB GET, " + c + " at once", "/1k", c, 0, 0, true, heap, 0));
        }
        all.add(new Scenario("close1k-c16", "Connection churn: 1 KiB GET with Connection: close, 16 at once", "/1k",
                16, 0, 0, false, heap, 0, true, 0));
        all.add(new Scenario("close-https1k-c16", "TLS connection churn: HTTPS 1 KiB GET with Connection: close, "
                + "16 at once", "/1k", 16, 0, 0, true, heap, 0, true, 0));
        // through a CONNECT proxy (tinyproxy, which bench/run starts), beside https1k-c16 direct
        all.add(new Scenario(PROXY_PREFIX + "https1k-c16", "HTTPS 1 KiB GET through a CONNECT proxy, 16 at once", "/1k",
                16, 0, 0, true, heap, 0));
        for (String r : a.getOrDefault("rates", RATES).split(",")) {
            double rate = Double.parseDouble(r);
            all.add(new Scenario("open1k-r" + r, "Open loop: 1 KiB GET at " + Report.fmt(rate) + " req/s", "/1k",
                    OPEN_CAP, 0, 0, false, heap, 0, false, rate));
        }
        all.addAll(H2Rows.scenarios(heap, a.getOrDefault("h2slow", "100000")));
        all.addAll(WsRows.scenarios(heap, a.getOrDefault("wsstream", "1024"),
                a.getOrDefault("wsh2idle", WsRows.H2_COUNTS)));
        String only = a.get("scenarios");
        if (only == null || only.isEmpty()) {
            return all;
        }
        List<String> names = Arrays.asList(only.split(","));
        return all.stream().filter(s -> names.contains(s.name)).toList();
    }

    List<String> tools() {
        String t = a.get("tools");
        return t == null || t.isEmpty() ? Arrays.asList(ALL_TOOLS) : Arrays.asList(t.split(","));
    }

    /** The tools of a scenario: the slow transfers add hiper capped at 64 MiB of heap (its target). */
    List<String> tools(Scenario s) {
        List<String> t = new ArrayList<>(tools());
        if (s.open()) {
            t.retainAll(OPEN_TOOLS);
        }
        if (s.proxied()) {
            t.remove("wrk"); // wrk speaks to the server only
        }
        H2Rows.tools(s, t);
        WsRows.tools(s, t);
        if (s.requests > 0 && t.contains("hiper") && !s.h2() && !WsRows.is(s)) {
            t.add(t.indexOf("hiper") + 1, HIPER_64M);
        }
        return t;
    }

    static final String HIPER_64M = "hiper -Xmx64m";

    List<String> command(String label, Scenario s) {
        List<String> cmd = new ArrayList<>();
        if (pinned) {
            cmd.addAll(List.of("taskset", "-c", "1"));
        }
        String tool = label;
        if (tool.equals("wrk")) {
            cmd.addAll(Ceiling.command(this, s));
            return cmd;
        }
        if (s.h2() && H2Rows.command(this, s, tool, cmd)) {
            return cmd;
        }
        if (WsRows.is(s) && WsRows.command(s, tool, cmd)) {
            return cmd;
        }
        if (tool.equals("libcurl")) {
            cmd.add(a.get("curl"));
        } else {
            cmd.add(a.getOrDefault("java", "java"));
            cmd.addAll(Arrays.asList(s.jvmFlags));
            if (label.equals(HIPER_64M)) {
                tool = "hiper";
                cmd.add("-Xmx64m");
            }
            cmd.add("-cp");
            cmd.add(a.get("cp"));
            cmd.add("dev.hiper.bench.Driver");
        }
        String base = s.h2() ? H2Rows.base(this, s) : WsRows.is(s) ? WsRows.base(this, s)
                : s.https ? a.get("https") : a.get("http");
        cmd.add("tool=" + tool);
        cmd.add("scenario=" + s.name);
        cmd.add("url=" + base + s.path);
        cmd.add("concurrency=" + s.concurrency);
        cmd.add("requests=" + s.requests);
        cmd.add("warmup=" + warmup);
        cmd.add("seconds=" + seconds);
        if (s.sample > 0) {
            cmd.add("sample=" + s.sample);
        }
        if (s.upload > 0) {
            cmd.add("upload=" + s.upload);
        }
        if (s.https) {
            cmd.add("ca=" + a.get("ca"));
        }
        if (s.close) {
            cmd.add("close=1");
        }
        if (s.open()) {
            cmd.add("rate=" + s.rate);
        }
        if (s.proxied()) {
            cmd.add("proxy=" + a.get("proxy"));
        }
        if (WsRows.is(s)) {
            WsRows.args(this, s, cmd);
        }
        if (s.h2()) {
            cmd.add("http2=" + s.http2);
            cmd.add("streams=" + s.streams);
            if (s.requests > 0) {
                cmd.add("connections=" + H2Rows.connections(s));
            }
        }
        return cmd;
    }

    /** Runs one driver process; returns its JSON line, or a line saying why there is none. */
    Map<String, Object> runOne(String tool, Scenario s, int round) throws IOException, InterruptedException {
        List<String> cmd = command(tool, s);
        double loadBefore = load1();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of(a.get("log")).toFile()));
        Process p = pb.start();
        String json = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("{")) {
                    json = line;
                }
            }
        }
        long limit = (long) (warmup + seconds + 180);
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (json != null && tool.equals(HIPER_64M)) {
            json = json.replaceFirst("\"tool\":\"hiper\"", "\"tool\":\"" + HIPER_64M + "\"");
        }
        if (json == null) {
            json = "{\"tool\":\"" + tool + "\",\"scenario\":\"" + s.name + "\",\"crashed\":true,\"exit\":"
                    + (p.isAlive() ? -1 : p.exitValue()) + "}";
        }
        if (tool.equals("wrk")) {
            json = Ceiling.line(json, s);
        }
        if (tool.equals(H2Rows.H2LOAD)) {
            json = H2Rows.line(json, s);
        }
        json = json.substring(0, json.lastIndexOf('}')) + String.format(Locale.ROOT,
                ",\"round\":%d,\"pinned\":%b,\"load_before\":%.2f,\"load_after\":%.2f}", round + 1, pinned, loadBefore,
                load1());
        Files.writeString(Path.of(a.get("results")), json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return Json.parse(json);
    }

    /**
     * Writes the report of earlier runs from their raw lines ({@code from=FILE[,FILE...]}), running
     * nothing. A scenario found in a later file replaces what the earlier files said of it (a
     * row measured again).
     */
    void reportOnly(String from) throws Exception {
        List<Scenario> scenarios = scenarios();
        Map<String, Map<String, List<Map<String, Object>>>> byScenario = new LinkedHashMap<>();
        for (String file : from.split(",")) {
            Map<String, Map<String, List<Map<String, Object>>>> here = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(file))) {
                if (!line.startsWith("{")) {
                    continue;
                }
                Map<String, Object> r = Json.parse(line);
                here.computeIfAbsent((String) r.get("scenario"), k -> new LinkedHashMap<>())
                        .computeIfAbsent((String) r.get("tool"), k -> new ArrayList<>()).add(r);
            }
            byScenario.putAll(here);
        }
        Files.writeString(Path.of(a.get("report")), Report.markdown(this, scenarios, tools(), byScenario));
    }

    void run() throws Exception {
        List<Scenario> scenarios = scenarios();
        List<String> tools = tools();
        Map<String, Map<String, List<Map<String, Object>>>> byScenario = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            Map<String, List<Map<String, Object>>> byTool = new LinkedHashMap<>();
            int n = s.name.startsWith("slow") || WsRows.idle(s) || (s.name.startsWith("download100m") || WsRows.stream(s))
                    && quick ? 1 : rounds;
            for (int round = 0; round < n; round++) {
                for (String tool : tools(s)) {
                    Map<String, Object> r = runOne(tool, s, round);
                    byTool.computeIfAbsent(tool, k -> new ArrayList<>()).add(r);
                    System.err.printf(Locale.ROOT, "%-14s %-8s round %d: %s%n", s.name, tool, round + 1, summary(r));
                }
            }
            byScenario.put(s.name, byTool);
        }
        String md = Report.markdown(this, scenarios, tools, byScenario);
        Files.writeString(Path.of(a.get("report")), md);
    }

    /** The 1-minute load average, or -1 where there is no /proc/loadavg. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String summary(Map<String, Object> r) {
        if (r.containsKey("unsupported")) {
            return "n/a (" + r.get("error") + ")";
        }
        if (r.containsKey("crashed")) {
            return "crashed (exit " + r.get("exit") + ")";
        }
        if (r.containsKey("heap_kib_per_session")) {
            return String.format(Locale.ROOT, "%.0f of %.0f sessions open in %.1f s, heap %.2f KiB and RSS %.2f KiB a "
                    + "session, %s failures%s", Json.num(r, "sessions_open"), Json.num(r, "requests"),
                    Json.num(r, "seconds"), Json.num(r, "heap_kib_per_session"), Json.num(r, "rss_kib_per_session"),
                    r.get("failures"), r.containsKey("error") ? " (" + r.get("error") + ")" : "");
        }
        if (r.containsKey("p99_us")) {
            return String.format(Locale.ROOT, "%.0f of %.0f req/s, p50 %.0f us, p99 %.0f us, p99.9 %.0f us, %s",
                    Json.num(r, "rps"), Json.num(r, "rate"), Json.num(r, "p50_us"), Json.num(r, "p99_us"),
                    Json.num(r, "p999_us"), Boolean.TRUE.equals(r.get("sustained")) ? "sustained" : "NOT sustained");
        }
        String per = String.valueOf(r.get("scenario")).startsWith("ws") ? "msg" : "req";
        return String.format(Locale.ROOT, "%.0f " + per + "/s, %.1f MiB/s, %.1f us CPU/" + per + ", %s failures, rss %.0f "
                + "MiB%s", Json.num(r, "rps"), Json.num(r, "mibps"), Json.num(r, "cpu_us_per_req"), r.get("failures"),
                Json.num(r, "peak_rss_mib"), r.containsKey("error") ? " (" + r.get("error") + ")" : "");
    }

    boolean quick() {
        return quick;
    }

    double warmup() {
        return warmup;
    }

    double seconds() {
        return seconds;
    }

    int rounds() {
        return rounds;
    }

    boolean pinned() {
        return pinned;
    }

    String arg(String k) {
        return a.getOrDefault(k, "");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        a.putIfAbsent("date", LocalDate.now().toString());
        Matrix m = new Matrix(a);
        if (a.containsKey("from")) {
            m.reportOnly(a.get("from"));
        } else {
            m.run();
        }
    }
}
