package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** curl's URL globbing: sets, ranges, steps, escapes, output names, errors. */
@Timeout(10)
class GlobTest {
    private static List<String> all(String pattern) throws Glob.GlobException {
        Glob g = Glob.parse(pattern, true);
        List<String> out = new ArrayList<>();
        while (g.hasNext()) {
            out.add(g.next());
        }
        assertEquals(g.count(), out.size());
        return out;
    }

    @Test
    void setsAndRangesRightmostFastest() throws Exception {
        assertEquals(List.of("h/a1", "h/a2", "h/b1", "h/b2"), all("h/{a,b}[1-2]"));
        assertEquals(List.of("x08", "x10", "x12"), all("x[08-12:2]"));
        assertEquals(List.of("c", "d"), all("[c-d]"));
    }

    @Test
    void escapesAndDisabledGlobbing() throws Exception {
        assertEquals(List.of("a{b}[c]"), all("a\\{b\\}\\[c\\]"));
        Glob off = Glob.parse("h/{a,b}", false);
        assertFalse(off.inUse());
        assertEquals("h/{a,b}", off.next());
    }

    @Test
    void outputNamesTakeThePatternsText() throws Exception {
        Glob g = Glob.parse("h/{one,two}/[1-3]", true);
        g.next();
        g.next();
        assertEquals("one-2.txt", g.matchOutput("#1-#2.txt"));
        Glob h = Glob.parse("h/{a,b}/[5-6]", true);
        h.next();
        assertEquals("f_a_5#3", h.matchOutput("f_#1_#2#3"));
        Glob n = Glob.parse("h/{<a>x,y}[<b>1-2]", true);
        n.next();
        assertEquals("x-1 x-1", n.matchOutput("#<a>-#<b> #1-#2"));
        Glob.GlobException e = assertThrows(Glob.GlobException.class, () -> n.matchOutput("somewhere/#<foo>"));
        assertEquals("no glob exists with this name", e.getMessage());
        assertEquals(15, e.position);
    }

    @Test
    void emptyBracketsAndIpv6LiteralsAreNoRanges() throws Exception {
        assertEquals(List.of("http://h/a/[]/b"), all("http://h/a/[]/b"));
        assertEquals(List.of("http://[::1]:80/1", "http://[::1]:80/2"), all("http://[::1]:80/[1-2]"));
        assertEquals(List.of("http://[fe80::1%25eth0]/"), all("http://[fe80::1%25eth0]/"));
    }

    @Test
    void duplicateNamesAreRefused() {
        Glob.GlobException e = assertThrows(Glob.GlobException.class,
                () -> Glob.parse("https://dummy.example/{<test>A,B}{<test>C,D}", true));
        assertEquals("Duplicate glob name", e.getMessage());
        assertEquals(39, e.position);
    }

    @Test
    void errorsPointWhereCurlPoints() {
        Glob.GlobException e = assertThrows(Glob.GlobException.class, () -> Glob.parse("h/[1-x]", true));
        assertEquals("bad range", e.getMessage());
        assertThrows(Glob.GlobException.class, () -> Glob.parse("h/{a,b", true));
    }
}
