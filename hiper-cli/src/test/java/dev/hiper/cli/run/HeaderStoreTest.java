package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code %header{name}} and {@code %header{name:all:separator}} over the responses of a transfer. */
class HeaderStoreTest {
    private static HeaderStore feed(String... lines) {
        HeaderStore h = new HeaderStore();
        for (String l : lines) {
            h.line(l + "\r\n");
        }
        return h;
    }

    @Test
    void allTakesEveryRequestsValuesInOrder() {
        HeaderStore h = feed("HTTP/1.1 100 Continue", "This: interim", "", "HTTP/1.1 301 Moved", "This: one",
                "this: two", "", "HTTP/1.1 200 Connection established", "This: tunnel", "", "HTTP/1.1 200 OK",
                "This: three", "This:  four ", "");
        assertEquals("one***two***three***four", h.writeOut("this:all:***"));
        assertEquals("one\ntwo\nthree\nfour", h.writeOut("This:all:\\n"));
        assertEquals("one}two}three}four", h.writeOut("This:all:\\}"));
        assertEquals("three", h.writeOut("this"), "without all: the last response's first");
        assertNull(h.writeOut("Missing:all:,"));
    }
}
