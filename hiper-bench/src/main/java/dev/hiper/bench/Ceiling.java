package dev.hiper.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * wrk as the server's ceiling: the same URL and the same number of connections as the clients,
 * one thread (as hiper's and libcurl's one loop), so its requests a second say how fast this
 * nginx answers on this machine, and its CPU per request what a lean C load generator spends.
 *
 * <ol>
 *   <li>A shell runs wrk for the warm-up (its output dropped), then for the measured seconds,
 *       reading its children's CPU time with the shell's {@code times} before and after: the
 *       measured wrk's user and system time, which a process's own counters cannot give once it
 *       has exited.
 *   <li>{@code bench/wrk.lua} prints wrk's totals as JSON; the shell adds the CPU seconds.
 *   <li>{@link #line} turns that into a driver's line: requests/s over wrk's own duration,
 *       failures (connect, read, write, timeout errors and non-2xx answers), CPU per request.
 * </ol>
 * wrk cannot do the counted slow transfers nor the open loop (that is wrk2, not packaged).
 */
final class Ceiling {
    private Ceiling() {
    }

    /** The command that measures {@code s} with wrk (a shell around two wrk runs). */
    static List<String> command(Matrix m, Matrix.Scenario s) {
        if (s.requests() > 0 || s.open()) {
            String why = s.open() ? "wrk keeps connections busy; it has no open loop"
                    : "wrk has no counted run of N requests";
            return List.of("echo", "{\"tool\":\"wrk\",\"scenario\":\"" + s.name() + "\",\"unsupported\":true,"
                    + "\"error\":\"" + why + "\"}");
        }
        String base = s.https() ? m.arg("https") : m.arg("http");
        int warm = (int) Math.ceil(m.warmup());
        int secs = (int) Math.max(1, Math.round(m.seconds()));
        String script = String.join("\n",
                "set -u",
                "wrk=$1 url=$2 c=$3 w=$4 d=$5 lua=$6; shift 6",
                "secs() { awk '{ for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } } END { printf \"%.3f\", t }'; }",
                "if [ \"$w\" -gt 0 ]; then \"$wrk\" -t1 -c\"$c\" -d\"$w\"s --timeout 10s -s \"$lua\" \"$@\" \"$url\" >/dev/null 2>&1; fi",
                "out=$(mktemp); t0=$(mktemp); t1=$(mktemp)",
                "times >\"$t0\"", // the shell's own times: a subshell ($(times)) would have no children
                "\"$wrk\" -t1 -c\"$c\" -d\"$d\"s --timeout 10s -s \"$lua\" \"$@\" \"$url\" >\"$out\" 2>&1",
                "times >\"$t1\"",
                "before=$(tail -1 \"$t0\" | secs); after=$(tail -1 \"$t1\" | secs)",
                "line=$(grep '^{' \"$out\" | tail -1); rm -f \"$out\" \"$t0\" \"$t1\"",
                "[ -n \"$line\" ] || exit 1",
                "echo \"${line%\\}},\\\"cpu_seconds\\\":$(awk -v a=\"$before\" -v b=\"$after\" 'BEGIN { printf \"%.3f\", b - a }')}\"");
        List<String> cmd = new ArrayList<>(List.of("env", "WRK_UPLOAD_BYTES=" + s.upload(), "bash", "-c", script,
                "wrk-ceiling", m.arg("wrk").isEmpty() ? "wrk" : m.arg("wrk"), base + s.path(),
                String.valueOf(s.concurrency()), String.valueOf(warm), String.valueOf(secs), m.arg("wrkScript")));
        if (s.close()) {
            cmd.addAll(List.of("-H", "Connection: close"));
        }
        return cmd;
    }

    /** wrk's JSON (or a crash or n/a line) as a driver's line. */
    static String line(String json, Matrix.Scenario s) {
        Map<String, Object> w = Json.parse(json);
        if (!w.containsKey("wrk_requests")) {
            return json;
        }
        double secs = Json.num(w, "wrk_duration_us") / 1e6;
        double failures = Json.num(w, "err_connect") + Json.num(w, "err_read") + Json.num(w, "err_write")
                + Json.num(w, "err_timeout") + Json.num(w, "err_status");
        double requests = Json.num(w, "wrk_requests") - Json.num(w, "err_status");
        double cpu = Json.num(w, "cpu_seconds");
        double mib = s.upload() > 0 ? requests * s.upload() / 1048576.0 : Json.num(w, "wrk_bytes") / 1048576.0;
        return String.format(Locale.ROOT, "{\"tool\":\"wrk\",\"scenario\":\"%s\",\"requests\":%.0f,\"concurrency\":%d,"
                + "\"seconds\":%.4f,\"rps\":%.4f,\"mibps\":%.4f,\"failures\":%.0f,\"cpu_seconds\":%.4f,"
                + "\"cpu_us_per_req\":%.4f,\"peak_rss_mib\":-1,\"threads\":2,\"heap_mib\":-1,\"runtime\":\"wrk\"}",
                s.name(), requests, s.concurrency(), secs, requests / secs, mib / secs, failures, cpu,
                requests > 0 ? cpu * 1e6 / requests : -1.0);
    }
}
