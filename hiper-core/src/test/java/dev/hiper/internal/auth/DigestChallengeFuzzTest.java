package dev.hiper.internal.auth;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hiper.internal.http.HttpAuth;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the Digest challenge parser and the answer made from it. Any bytes, as the text of a
 * {@code WWW-Authenticate} value, give either a challenge that cannot be answered (with its
 * reason) or one that can: then the answer is one line (no CR, LF or NUL from the challenge
 * can reach the request head), its nonce is at most {@link DigestChallenge#MAX_VALUE}
 * characters, and a second challenge without {@code stale=true} is refused. The whole header
 * value through {@link HttpAuth#challenge} never throws either.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/auth/DigestChallengeFuzzTestInputs/parse}.
 */
class DigestChallengeFuzzTest {
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        DigestChallenge c = DigestChallenge.parse(text);
        assertTrue(c.problem() != null || c.nonce() != null);
        HttpAuth side = new HttpAuth();
        side.start(dev.hiper.curl.Curl.CURLAUTH_ANY);
        side.challenge("Digest " + text);
        side.challenge(text);
        DigestAuth d = new DigestAuth(() -> "cnonce");
        String refused = d.challenge(text);
        if (refused != null) {
            assertNull(d.authorization("GET", "/", "u", "p", false));
            return;
        }
        assertTrue(c.nonce().length() <= DigestChallenge.MAX_VALUE);
        String answer = d.authorization("GET", "/p?q", "user", "pass", false);
        assertNotNull(answer);
        assertTrue(answer.startsWith("Digest username=\""), answer);
        for (int i = 0; i < answer.length(); i++) {
            char ch = answer.charAt(i);
            assertFalse(ch == '\r' || ch == '\n' || ch == 0, "a line break in the answer");
        }
        if (!text.toLowerCase(java.util.Locale.ROOT).contains("stale")) {
            assertNotNull(d.challenge(text), "the same challenge again refuses the answer");
        }
    }
}
