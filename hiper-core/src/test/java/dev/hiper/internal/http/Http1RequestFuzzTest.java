package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the request head built from an application's {@code CURLOPT_HTTPHEADER} lines. The
 * input is split at 0x1E bytes: the first part picks the method and body framing, each other
 * part is one custom header line (as ISO-8859-1, so every byte is a char). Whatever the lines
 * hold, {@link Http1Request#build} must return a head that is one request: a request line, field
 * lines that each have a name and a colon and no CR, LF or NUL inside, one blank line at the end,
 * and exactly one Host; no exception.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/http/Http1RequestFuzzTestInputs/build}.
 */
class Http1RequestFuzzTest {
    private static final String[] METHODS = {"GET", "POST", "PUT", "HEAD", "DELETE", "PATCH"};

    // Per input: in regression mode JUnit enforces it on each seed; in fuzzing mode Jazzer turns
    // it into libFuzzer's -timeout, so an input that loops is a finding (the fuzz profile turns
    // JUnit's own timeouts off there, as they would count the whole fuzzing run).
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void build(byte[] input) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0x1e) {
                parts.add(new String(input, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        String first = parts.get(0);
        int sel = first.isEmpty() ? 0 : first.charAt(0);
        String method = METHODS[sel % METHODS.length];
        Http1Request.Body body = Http1Request.Body.values()[(sel >>> 3) % 3];
        long length = body == Http1Request.Body.LENGTH ? (first.length() > 1 ? first.charAt(1) * 40_000L : 10) : 0;
        List<String> custom = parts.subList(1, parts.size());
        Http1Request.Head head = Http1Request.build(method, "/p?q=1", "example.hiper.test:8080", "hiper-fuzz",
                custom, body, length, method.equals("POST"));
        String text = new String(head.bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith(method + " /p?q=1 HTTP/1.1\r\n"), text);
        assertTrue(text.endsWith("\r\n\r\n"), "ends with one blank line");
        String[] lines = text.substring(0, text.length() - 4).split("\r\n", -1);
        int hosts = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            assertFalse(line.isEmpty(), "no blank line inside the head: " + Arrays.toString(lines));
            assertEquals(-1, line.indexOf('\r'), "no CR inside a field line");
            assertEquals(-1, line.indexOf('\n'), "no LF inside a field line");
            assertEquals(-1, line.indexOf('\0'), "no NUL inside a field line");
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "a field line has a name and a colon: " + line);
            // the application's own lines go as it wrote them, whitespace and all (curl's test 1147)
            String name = line.substring(0, colon).trim();
            assertFalse(name.isEmpty(), "a field line has a name: " + line);
            if (name.equalsIgnoreCase("Host")) {
                hosts++;
            }
        }
        assertTrue(hosts <= 1, "at most one Host");
    }
}
