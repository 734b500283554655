package dev.hiper.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 7692 section 7.1's negotiation, on header values. */
class PerMessageDeflateTest {
    @Test
    void anOfferNeedsTheExtensionsName() {
        assertNull(PerMessageDeflate.offered(null));
        assertNull(PerMessageDeflate.offered("x-webkit-deflate-frame"));
        assertNull(PerMessageDeflate.offered("permessage-deflate;;"));
        assertNotNull(PerMessageDeflate.offered("x-other, Permessage-Deflate; client_max_window_bits"));
    }

    @Test
    void theAnswersParameters() {
        PerMessageDeflate offer = PerMessageDeflate.offered(
                "permessage-deflate; client_max_window_bits; server_max_window_bits=12, permessage-deflate");
        assertNull(PerMessageDeflate.accept(offer, null));
        assertNull(PerMessageDeflate.accept(offer, " "));
        assertEquals(new PerMessageDeflate.Params(false, false, 15, 15),
                PerMessageDeflate.accept(offer, "permessage-deflate"));
        assertEquals(new PerMessageDeflate.Params(true, true, 10, 11), PerMessageDeflate.accept(offer,
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                        + " server_max_window_bits=10; client_max_window_bits=\"11\""));
        // the second offer (no server_max_window_bits) allows a larger window than the first
        assertEquals(15, PerMessageDeflate.accept(offer, "permessage-deflate; server_max_window_bits=15")
                .serverMaxWindowBits());
        assertEquals(false, PerMessageDeflate.accept(offer, "permessage-deflate; client_max_window_bits=14")
                .compressSent());
    }

    @Test
    void badAnswers() {
        PerMessageDeflate offer = PerMessageDeflate.offered("permessage-deflate; client_max_window_bits");
        for (String bad : new String[] {"permessage-deflate; server_max_window_bits=7",
                "permessage-deflate; server_max_window_bits=08", "permessage-deflate; server_max_window_bits",
                "permessage-deflate; client_max_window_bits=x", "permessage-deflate; server_no_context_takeover=1",
                "permessage-deflate;", "x-foo", ", permessage-deflate; a=b"}) {
            assertThrows(IllegalArgumentException.class, () -> PerMessageDeflate.accept(offer, bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> PerMessageDeflate.accept(null, "permessage-deflate"));
    }
}
