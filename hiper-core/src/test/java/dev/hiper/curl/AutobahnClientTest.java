package dev.hiper.curl;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hiper.curl.AutobahnCase.Result;
import dev.hiper.curl.AutobahnCase.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn|Testsuite's client sections, case by case, against an echo client written with hiper's
 * libcurl API (see {@link AutobahnCase}). A case fails the test only when its verdict is FAILED;
 * the verdicts per section are printed at the end (docs/WEBSOCKET.md has the table).
 */
@Timeout(60)
class AutobahnClientTest {
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    static List<AutobahnCase> cases() {
        List<AutobahnCase> all = new ArrayList<>(AutobahnCases.all());
        all.addAll(AutobahnUtf8Cases.all());
        all.addAll(AutobahnLimitCases.all());
        all.addAll(AutobahnDeflateCases.all());
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void autobahnCase(AutobahnCase c) throws Exception {
        Result r = c.run();
        RESULTS.put(c.id, r);
        assertNotEquals(Verdict.FAILED, r.verdict(), c + ": " + r.reason());
    }

    @AfterAll
    static void summary() {
        Map<String, Map<Verdict, Integer>> bySection = new TreeMap<>();
        Map<Verdict, Integer> total = new EnumMap<>(Verdict.class);
        StringBuilder notOk = new StringBuilder();
        RESULTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String section = e.getKey().substring(0, e.getKey().indexOf('.'));
            bySection.computeIfAbsent(section, k -> new EnumMap<>(Verdict.class)).merge(e.getValue().verdict(), 1, Integer::sum);
            total.merge(e.getValue().verdict(), 1, Integer::sum);
            if (e.getValue().verdict() != Verdict.OK) {
                notOk.append("  ").append(e.getKey()).append(' ').append(e.getValue().verdict()).append(": ")
                        .append(e.getValue().reason()).append('\n');
            }
        });
        StringBuilder b = new StringBuilder("Autobahn client sections: ").append(RESULTS.size()).append(" cases ")
                .append(total).append('\n');
        bySection.entrySet().stream().sorted((x, y) -> Integer.compare(Integer.parseInt(x.getKey()),
                Integer.parseInt(y.getKey()))).forEach(e -> b.append("  section ").append(e.getKey()).append(": ")
                .append(e.getValue()).append('\n'));
        System.out.print(b.append(notOk));
    }
}
