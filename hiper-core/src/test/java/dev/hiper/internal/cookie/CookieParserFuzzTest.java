package dev.hiper.internal.cookie;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the cookie parser and the jar. The first input byte picks a Set-Cookie value from a
 * response (over a secure origin or not) or a line of a cookie file; the rest, split at line
 * ends, are the lines. Every line is either refused or kept whole: a kept cookie has a name,
 * no control bytes, a path starting with "/", and writes a Netscape line that reads back as the
 * same cookie; no expiry lies more than 400 days ahead of a response's time.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/cookie/CookieParserFuzzTestInputs/parse}.
 */
class CookieParserFuzzTest {
    private static final long NOW = 1_800_000_000L;

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 3;
        String text = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        CookieStore store = new CookieStore();
        store.running = mode != 2;
        for (String line : text.split("\n", 64)) {
            Cookie co = mode == 2 ? CookieParser.fromNetscape(line)
                    : CookieParser.fromHeader(line, "www.example.co.uk", "/a/b", mode == 1, false, NOW);
            if (co == null) {
                continue;
            }
            assertFalse(co.name == null || CookieParser.invalidOctets(co.name) || CookieParser.invalidOctets(co.value));
            assertTrue(co.path == null || co.path.startsWith("/"), co.path);
            if (mode != 2) {
                assertFalse(co.name.isEmpty());
                assertTrue(co.expires <= CookieParser.cap(Long.MAX_VALUE, NOW), "expiry capped");
            }
            if (store.add(co, mode == 2 ? null : "www.example.co.uk", mode == 1, true, true, NOW)
                    && co.domain != null && !co.domain.isEmpty() && co.name.indexOf('\t') < 0
                    && co.value.indexOf('\t') < 0 && !co.name.isEmpty() && co.domain.indexOf('\t') < 0
                    && !co.domain.startsWith(".") && !co.domain.startsWith("#")) {
                Cookie back = CookieParser.fromNetscape(co.netscapeLine());
                assertNotNull(back, co.netscapeLine());
                assertEquals(co.name, back.name);
                assertEquals(co.value, back.value);
                assertEquals(co.expires, back.expires);
            }
            assertTrue(store.forRequest("www.example.co.uk", "/a/b/c", true, NOW).size() <= CookieStore.MAX_SEND);
        }
    }
}
