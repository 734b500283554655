package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.Http2FieldRules.Section.PUSHED_REQUEST;
import static dev.hiper.internal.http2.Http2FieldRules.Section.RESPONSE;
import static dev.hiper.internal.http2.Http2FieldRules.Section.TRAILERS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 9113 section 8's rules for the fields of a message: what passes and what is malformed. */
class Http2FieldRulesTest {

    private static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }

    private static List<HeaderField> response(HeaderField... more) {
        List<HeaderField> fields = new ArrayList<>();
        fields.add(f(":status", "200"));
        fields.addAll(List.of(more));
        return fields;
    }

    private static Http2Exception malformed(List<HeaderField> fields, Http2FieldRules.Section section) {
        Http2Exception e = assertThrows(Http2Exception.class, () -> Http2FieldRules.check(7, fields, section));
        assertFalse(e.isConnectionError());
        assertEquals(7, e.streamId());
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, e.error());
        assertEquals(CurlCode.CURLE_HTTP2_STREAM, e.curlCode());
        return e;
    }

    @Test
    void wellFormedSectionsPass() {
        assertDoesNotThrow(() -> Http2FieldRules.check(1, response(f("content-type", "text/html; charset=utf-8"),
                f("set-cookie", "a=b"), f("set-cookie", "c=d"), f("x-empty", ""), f("te", "trailers"),
                f("x-inner", "a \t b"), f("x-octets", "caf\u00e9")), RESPONSE));
        assertDoesNotThrow(() -> Http2FieldRules.check(1, response(), RESPONSE));
        assertDoesNotThrow(() -> Http2FieldRules.check(1, List.of(f(":status", "103"), f("link", "</a>")), RESPONSE));
        assertDoesNotThrow(() -> Http2FieldRules.check(1, List.of(f("grpc-status", "0")), TRAILERS));
        assertDoesNotThrow(() -> Http2FieldRules.check(1, List.of(), TRAILERS));
        assertDoesNotThrow(() -> Http2FieldRules.check(2, List.of(f(":method", "GET"), f(":scheme", "https"),
                f(":authority", "example.com"), f(":path", "/style.css"), f("accept", "*/*")), PUSHED_REQUEST));
    }

    @Test
    void namesAreLowercaseTokensWithoutControlsOrSpaces() {
        malformed(response(f("Content-Type", "x")), RESPONSE);
        malformed(response(f("x y", "1")), RESPONSE);
        malformed(response(f("x\r\nevil", "1")), RESPONSE);
        malformed(response(f("x\u0000", "1")), RESPONSE);
        malformed(response(f("x\u007f", "1")), RESPONSE);
        malformed(response(f("caf\u00e9", "1")), RESPONSE);
        malformed(response(f("", "1")), RESPONSE);
        malformed(response(f("x:y", "1")), RESPONSE);
    }

    @Test
    void valuesHoldNoLineBreaksNorOuterWhitespace() {
        Http2Exception e = malformed(response(f("x", "a\r\nset-cookie: evil=1")), RESPONSE);
        assertTrue(e.getMessage().contains("0xd"), e.getMessage());
        malformed(response(f("x", "a\nb")), RESPONSE);
        malformed(response(f("x", "a\u0000b")), RESPONSE);
        malformed(response(f("x", " a")), RESPONSE);
        malformed(response(f("x", "a\t")), RESPONSE);
    }

    @Test
    void connectionSpecificFieldsAreMalformed() {
        for (String name : new String[] {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade"}) {
            malformed(response(f(name, "x")), RESPONSE);
        }
        malformed(response(f("te", "gzip")), RESPONSE);
        malformed(List.of(f("transfer-encoding", "chunked")), TRAILERS);
    }

    @Test
    void pseudoHeadersFollowTheirRules() {
        malformed(List.of(f("content-type", "x")), RESPONSE); // no :status
        malformed(List.of(f(":status", "200"), f(":status", "204")), RESPONSE);
        malformed(List.of(f("server", "x"), f(":status", "200")), RESPONSE); // after a regular field
        malformed(List.of(f(":status", "200"), f(":path", "/")), RESPONSE);
        malformed(List.of(f(":status", "20")), RESPONSE);
        malformed(List.of(f(":status", "2000")), RESPONSE);
        malformed(List.of(f(":status", "2x0")), RESPONSE);
        malformed(List.of(f(":status", "099")), RESPONSE);
        malformed(List.of(f(":status", "")), RESPONSE);
        malformed(List.of(f(":", "x"), f(":status", "200")), RESPONSE);
        malformed(List.of(f(":status", "200")), TRAILERS);
        malformed(List.of(f(":method", "GET"), f(":scheme", "https")), PUSHED_REQUEST); // no :path
        malformed(List.of(f(":method", "GET"), f(":scheme", "https"), f(":path", "/"), f(":path", "/")),
                PUSHED_REQUEST);
        malformed(List.of(f(":method", "GET"), f(":scheme", "https"), f(":path", "/"), f(":status", "200")),
                PUSHED_REQUEST);
    }
}
