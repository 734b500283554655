package dev.hiper.internal.url;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link CurlUrl#parse}: the input, as UTF-8, is a URL. Every input must give a URL or a
 * {@link UrlException} with a code; no other exception. A URL that parses must print as a URL
 * that parses to the same text again (normalisation is stable), and the request target and Host
 * must carry no CR, LF, NUL or space, so nothing from a URL can split a request.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/url/CurlUrlFuzzTestInputs/parse}.
 */
class CurlUrlFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        CurlUrl u;
        try {
            u = CurlUrl.parse(s);
        } catch (UrlException e) {
            assertNotNull(e.code());
            return;
        }
        String printed = u.toString();
        CurlUrl again;
        try {
            again = CurlUrl.parse(printed);
        } catch (UrlException e) {
            throw new AssertionError("'" + s + "' printed as '" + printed + "', which does not parse: " + e, e);
        }
        assertEquals(printed, again.toString(), "stable normalisation of '" + s + "'");
        for (String part : new String[] {u.target(), u.hostHeader()}) {
            for (char c : new char[] {'\r', '\n', '\0', ' '}) {
                assertEquals(-1, part.indexOf(c), "'" + s + "' puts a forbidden char in '" + part + "'");
            }
        }
    }
}
