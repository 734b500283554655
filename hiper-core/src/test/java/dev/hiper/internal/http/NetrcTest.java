package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .netrc reader and libcurl's rules for which entry a request to a host gets. */
class NetrcTest {
    @TempDir
    Path dir;

    private static Netrc.Credentials scan(String text, String host, String user) throws Netrc.Failure {
        return Netrc.scan(text, host, user);
    }

    private static String failure(String text, String host, String user) {
        return assertThrows(Netrc.Failure.class, () -> Netrc.scan(text, host, user)).getMessage();
    }

    @Test
    void machineLoginPasswordOnOneOrManyLines() throws Exception {
        assertEquals(new Netrc.Credentials("u", "p"), scan("machine a.example login u password p\n", "A.Example", null));
        assertEquals(new Netrc.Credentials("u", "p"), scan("machine a.example\n  login u\n\tpassword p", "a.example", null));
        assertEquals("no matching entry", failure("machine a.example login u password p\n", "b.example", null));
    }

    @Test
    void theFirstFittingEntryWinsAndDefaultFitsAll() throws Exception {
        String text = "machine h login first password one\nmachine h login second password two\ndefault login d password dd\n";
        assertEquals(new Netrc.Credentials("first", "one"), scan(text, "h", null));
        assertEquals(new Netrc.Credentials("second", "two"), scan(text, "h", "second"));
        assertEquals(new Netrc.Credentials("d", "dd"), scan(text, "other", null));
        // a login for the asked user needs a password; otherwise the next entry is looked at
        assertEquals(new Netrc.Credentials("second", "two"),
                scan("machine h login second\nmachine h login second password two\n", "h", "second"));
    }

    @Test
    void aPasswordWithoutLoginServesAnyUser() throws Exception {
        assertEquals(new Netrc.Credentials("me", "pw"), scan("machine h password pw\n", "h", "me"));
        assertEquals(new Netrc.Credentials(null, "pw"), scan("machine h password pw machine x login a", "h", null));
        // nothing to give: skipped
        assertEquals("no matching entry", failure("default\n", "h", null));
    }

    @Test
    void quotedTokensAndEscapes() throws Exception {
        assertEquals(new Netrc.Credentials("us er", "p\"w\n\tx"),
                scan("machine h login \"us er\" password \"p\\\"w\\n\\tx\"\n", "h", null));
        assertEquals("syntax error", failure("machine h login u password \"open\n", "h", null));
    }

    @Test
    void macrosAccountsAndJunkAreSkipped() throws Exception {
        String text = "macdef init\nmachine h login evil password evil\n\nmachine h account acct login u junk password p\n";
        assertEquals(new Netrc.Credentials("u", "p"), scan(text, "h", null));
    }

    @Test
    void commentLinesGoAtLoadAndLimitsHold() throws Exception {
        Path f = dir.resolve("netrc");
        Files.writeString(f, "# machine h login c password c\n   # another\nmachine h login u password p # not a comment\n",
                StandardCharsets.ISO_8859_1);
        assertEquals(new Netrc.Credentials("u", "p"), Netrc.find(f, "h", null));
        Files.writeString(f, "machine h login " + "x".repeat(Netrc.MAX_TOKEN + 1) + " password p\n");
        assertEquals("syntax error", assertThrows(Netrc.Failure.class, () -> Netrc.find(f, "h", null)).getMessage());
        assertEquals("no such file", assertThrows(Netrc.Failure.class,
                () -> Netrc.find(dir.resolve("missing"), "h", null)).getMessage());
    }

    @Test
    void whenTheFileIsConsultedAndWhatItsErrorsDo() throws Exception {
        Path f = dir.resolve("n");
        Files.writeString(f, "machine h login u password p\n");
        List<String> trace = new ArrayList<>();
        String file = f.toString();
        assertNull(Netrc.resolve(0, file, "h", false, null, null, trace::add), "ignored");
        assertNull(Netrc.resolve(2, file, "h", true, null, null, trace::add), "credentials set by options win");
        assertNull(Netrc.resolve(1, file, "h", false, "a", "b", trace::add), "the URL's user and password win");
        assertEquals(new Netrc.Credentials("u", "p"), Netrc.resolve(2, file, "h", false, "u", "b", trace::add),
                "required: the file over the URL's password");
        assertEquals(new Netrc.Credentials("u", "p"), Netrc.resolve(1, file, "h", false, "u", null, trace::add));
        assertNull(Netrc.resolve(2, file, "other", false, null, null, trace::add));
        assertTrue(trace.contains("Could not find host other in the " + file + " file; using defaults"), trace.toString());
        String missing = dir.resolve("none").toString();
        assertNull(Netrc.resolve(1, missing, "h", false, null, null, trace::add));
        assertEquals(".netrc error: no such file", assertThrows(Netrc.Failure.class,
                () -> Netrc.resolve(2, missing, "h", false, null, null, trace::add)).getMessage());
        Files.writeString(f, "machine h password \"open\n");
        assertNull(Netrc.resolve(1, file, "h", false, null, null, trace::add), "optional: errors are ignored");
        assertEquals(".netrc error: syntax error", assertThrows(Netrc.Failure.class,
                () -> Netrc.resolve(2, file, "h", false, null, null, trace::add)).getMessage());
    }
}
