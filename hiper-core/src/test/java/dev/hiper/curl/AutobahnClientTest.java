package dev.hiper.curl;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hiper.curl.AutobahnCase.Result;
import dev.hiper.curl.AutobahnCase.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn|Testsuite's client sections, case by case, against an echo client written with hiper's
 * libcurl API (see {@link AutobahnCase}): every case with the frames going to the write callback,
 * and the sections that exercise the data path once more with the application's own loop over
 * CURLOPT_CONNECT_ONLY 2 ({@link AutobahnEchoLoop}). A case fails the test only when its verdict is
 * FAILED; the verdicts per section are printed at the end (docs/WEBSOCKET.md has the table).
 */
@Timeout(60)
class AutobahnClientTest {
    /** The sections run again in CONNECT_ONLY mode (6 and 13 repeat what 1 and 12 already cover there). */
    private static final Set<String> CONNECT_ONLY_SECTIONS = Set.of("1", "2", "3", "4", "5", "7", "9", "10", "12");
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();
    private static final Map<String, Result> CONNECT_ONLY_RESULTS = new ConcurrentHashMap<>();

    static List<AutobahnCase> cases() {
        List<AutobahnCase> all = new ArrayList<>(AutobahnCases.all());
        all.addAll(AutobahnUtf8Cases.all());
        all.addAll(AutobahnDeflateCases.all());
        return all;
    }

    static List<AutobahnCase> connectOnlyCases() {
        List<AutobahnCase> some = new ArrayList<>();
        for (AutobahnCase c : cases()) {
            if (CONNECT_ONLY_SECTIONS.contains(section(c.id))) {
                some.add(c);
            }
        }
        return some;
    }

    static String section(String id) {
        return id.substring(0, id.indexOf('.'));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void autobahnCase(AutobahnCase c) throws Exception {
        Result r = c.run(false);
        RESULTS.put(c.id, r);
        assertNotEquals(Verdict.FAILED, r.verdict(), c + ": " + r.reason());
    }

    @ParameterizedTest(name = "connect-only {0}")
    @MethodSource("connectOnlyCases")
    void autobahnCaseConnectOnly(AutobahnCase c) throws Exception {
        Result r = c.run(true);
        CONNECT_ONLY_RESULTS.put(c.id, r);
        assertNotEquals(Verdict.FAILED, r.verdict(), "CONNECT_ONLY " + c + ": " + r.reason());
    }

    @AfterAll
    static void summary() {
        System.out.print(summary("write callback", RESULTS) + summary("CONNECT_ONLY 2", CONNECT_ONLY_RESULTS));
    }

    static String summary(String mode, Map<String, Result> results) {
        Map<String, Map<Verdict, Integer>> bySection = new TreeMap<>();
        Map<Verdict, Integer> total = new EnumMap<>(Verdict.class);
        StringBuilder notOk = new StringBuilder();
        results.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            bySection.computeIfAbsent(section(e.getKey()), k -> new EnumMap<>(Verdict.class))
                    .merge(e.getValue().verdict(), 1, Integer::sum);
            total.merge(e.getValue().verdict(), 1, Integer::sum);
            if (e.getValue().verdict() != Verdict.OK) {
                notOk.append("  ").append(e.getKey()).append(' ').append(e.getValue().verdict()).append(": ")
                        .append(e.getValue().reason()).append('\n');
            }
        });
        StringBuilder b = new StringBuilder("Autobahn client sections, ").append(mode).append(": ")
                .append(results.size()).append(" cases ").append(total).append('\n');
        bySection.entrySet().stream().sorted((x, y) -> Integer.compare(Integer.parseInt(x.getKey()),
                Integer.parseInt(y.getKey()))).forEach(e -> b.append("  section ").append(e.getKey()).append(": ")
                .append(e.getValue()).append('\n'));
        return b.append(notOk).toString();
    }
}
