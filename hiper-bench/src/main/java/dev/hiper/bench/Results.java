package dev.hiper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A results file of {@code bench/run} read back for the charts and {@code bench/compare}: its
 * JSON lines grouped by scenario, then by tool, then by round.
 *
 * <p>Lines of the current harness carry {@code round}, {@code load_before} and
 * {@code load_after}; older files lack them, and there the rounds are the order in which a tool's
 * lines of a scenario appear (the matrix writes round 1 of every tool, then round 2, ...), and the
 * load is "not recorded". The run's date comes from the file's name
 * ({@code 2026-11-22T064216Z-full.jsonl}) unless the caller names it.
 */
final class Results {
    private static final Pattern STAMP = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z-?(\\w*)");

    /** scenario, then tool, then its rounds in order. */
    final Map<String, Map<String, List<Map<String, Object>>>> byScenario;
    final String fileName;

    private Results(String fileName, Map<String, Map<String, List<Map<String, Object>>>> byScenario) {
        this.fileName = fileName;
        this.byScenario = byScenario;
    }

    static Results load(Path file) throws IOException {
        Map<String, Map<String, List<Map<String, Object>>>> all = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (!line.trim().startsWith("{")) {
                continue;
            }
            Map<String, Object> r;
            try {
                r = Json.parse(line);
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + lineNo + ": not a JSON line of the drivers: " + e);
            }
            if (!(r.get("scenario") instanceof String s) || !(r.get("tool") instanceof String t)) {
                continue;
            }
            all.computeIfAbsent(s, k -> new LinkedHashMap<>()).computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        }
        for (Map<String, List<Map<String, Object>>> byTool : all.values()) {
            for (List<Map<String, Object>> rounds : byTool.values()) {
                if (rounds.stream().allMatch(r -> r.get("round") instanceof Double)) {
                    rounds.sort(Comparator.comparingDouble(r -> Json.num(r, "round")));
                }
            }
        }
        return new Results(file.getFileName().toString(), all);
    }

    /** The run's date and time from the file's name, or the name itself. */
    String date() {
        Matcher m = STAMP.matcher(fileName);
        return m.find() ? m.group(1) + " " + m.group(2) + ":" + m.group(3) + " UTC" : fileName;
    }

    /** The mode in the file's name (quick or full), or "". */
    String mode() {
        Matcher m = STAMP.matcher(fileName);
        return m.find() ? m.group(5) : "";
    }

    /** Whether the clients ran pinned to their core (the lines say so since they carry it). */
    boolean pinned() {
        return byScenario.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .anyMatch(l -> Boolean.TRUE.equals(l.get("pinned")));
    }

    /**
     * The runtimes the drivers name ({@code java 17.0.15}, libcurl's version with its TLS
     * library's), each once: what a results file says of the machine.
     */
    List<String> runtimes() {
        List<String> out = new ArrayList<>();
        byScenario.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .map(l -> l.get("runtime")).filter(String.class::isInstance).map(String.class::cast)
                .map(s -> s.startsWith("libcurl/") ? String.join(" ", Arrays.asList(s.split(" ")).subList(0,
                        Math.min(2, s.split(" ").length))) : s)
                .filter(s -> !out.contains(s)).forEach(out::add);
        return out;
    }

    /** The rounds of a tool in a scenario; empty when it did not run there. */
    List<Map<String, Object>> rounds(String scenario, String tool) {
        Map<String, List<Map<String, Object>>> byTool = byScenario.get(scenario);
        List<Map<String, Object>> r = byTool == null ? null : byTool.get(tool);
        return r == null ? List.of() : r;
    }

    /** Every tool of the given scenarios, in the order they first appear. */
    List<String> tools(List<String> scenarios) {
        List<String> tools = new ArrayList<>();
        for (String s : scenarios) {
            for (String t : byScenario.getOrDefault(s, Map.of()).keySet()) {
                if (!tools.contains(t)) {
                    tools.add(t);
                }
            }
        }
        return tools;
    }

    /**
     * The load average (1 min) of the given scenarios' cells as a sentence: before the first,
     * after the last, and the highest read; "not recorded" for files older than those fields.
     */
    String load(List<String> scenarios) {
        double first = Double.NaN;
        double last = Double.NaN;
        double max = Double.NaN;
        for (String s : scenarios) {
            List<Map<String, Object>> lines = new ArrayList<>();
            byScenario.getOrDefault(s, Map.of()).values().forEach(lines::addAll);
            lines.sort(Comparator.comparingDouble(r -> Double.isNaN(Json.num(r, "round")) ? 0 : Json.num(r, "round")));
            for (Map<String, Object> r : lines) {
                double b = Json.num(r, "load_before");
                double a = Json.num(r, "load_after");
                if (b < 0 || a < 0 || Double.isNaN(b) || Double.isNaN(a)) {
                    continue;
                }
                first = Double.isNaN(first) ? b : first;
                last = a;
                max = Double.isNaN(max) ? Math.max(a, b) : Math.max(max, Math.max(a, b));
            }
        }
        if (Double.isNaN(first)) {
            return "load average not recorded in this results file";
        }
        return String.format(java.util.Locale.ROOT, "load average (1 min) %.2f before, %.2f after, %.2f at most%s",
                first, last, max, max > 1 ? " (above 1: a busy machine)" : "");
    }

    /** The scenarios whose name is {@code prefix} followed by a number, sorted by that number. */
    List<String> family(String prefix, String suffix) {
        List<String> out = new ArrayList<>();
        for (String s : byScenario.keySet()) {
            if (s.startsWith(prefix) && s.endsWith(suffix) && s.length() > prefix.length() + suffix.length()
                    && s.substring(prefix.length(), s.length() - suffix.length()).matches("\\d+")) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(s -> Long.parseLong(s.substring(prefix.length(),
                s.length() - suffix.length()))));
        return out;
    }

    /** A cell the tool could not measure: unsupported, crashed, or with failed transfers. */
    static String trouble(List<Map<String, Object>> rounds) {
        if (rounds.isEmpty()) {
            return "not run";
        }
        if (rounds.stream().allMatch(r -> r.containsKey("unsupported"))) {
            return "n/a";
        }
        if (rounds.stream().noneMatch(Results::clean)) {
            Map<String, Object> r = rounds.get(0);
            return r.containsKey("crashed") ? "crashed" : Report.fmt(Json.num(r, "failures")) + " failures";
        }
        return null;
    }

    /** A round that ran to its end without a failed transfer. */
    static boolean clean(Map<String, Object> r) {
        return Report.ok(r) && !(Json.num(r, "failures") > 0);
    }

    /** The median, lowest and highest of a metric over the clean rounds; null when none has it. */
    static double[] spread(List<Map<String, Object>> rounds, String metric) {
        double[] v = rounds.stream().filter(Results::clean).mapToDouble(r -> Json.num(r, metric))
                .filter(x -> !Double.isNaN(x) && x >= 0).sorted().toArray();
        if (v.length == 0) {
            return null;
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new double[] {median, v[0], v[n - 1], n};
    }

    @Override
    public String toString() {
        return fileName + " " + Arrays.toString(byScenario.keySet().toArray());
    }
}
