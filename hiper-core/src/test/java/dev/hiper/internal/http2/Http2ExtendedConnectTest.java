package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extended CONNECT's fields (RFC 8441 sections 4 and 5) made from a request's, pure. */
class Http2ExtendedConnectTest {
    private static List<HeaderField> request(String... more) {
        List<HeaderField> f = new java.util.ArrayList<>(List.of(new HeaderField(":method", "GET"),
                new HeaderField(":scheme", "wss"), new HeaderField(":authority", "example.com:8443"),
                new HeaderField(":path", "/chat?room=1"), new HeaderField("user-agent", "hiper")));
        for (int i = 0; i + 1 < more.length; i += 2) {
            f.add(new HeaderField(more[i], more[i + 1]));
        }
        return f;
    }

    private static String text(List<HeaderField> fields) {
        StringBuilder sb = new StringBuilder();
        for (HeaderField f : fields) {
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void wssBecomesAConnectWithProtocolAndHttpsScheme() {
        assertEquals(":method: CONNECT\n:protocol: websocket\n:scheme: https\n:authority: example.com:8443\n"
                + ":path: /chat?room=1\nsec-websocket-version: 13\nuser-agent: hiper\n"
                + "sec-websocket-protocol: chat\n",
                text(Http2ExtendedConnect.websocket(request("sec-websocket-protocol", "chat"), "wss")));
    }

    @Test
    void wsIsHttpTheKeyIsLeftOutAndTheApplicationsVersionKept() {
        List<HeaderField> out = Http2ExtendedConnect.websocket(
                request("sec-websocket-key", "abc", "sec-websocket-version", "8"), "ws");
        assertEquals(":method: CONNECT\n:protocol: websocket\n:scheme: http\n:authority: example.com:8443\n"
                + ":path: /chat?room=1\nuser-agent: hiper\nsec-websocket-version: 8\n", text(out));
    }

    @Test
    void theTraceHeadShowsConnectWithoutTheKey() {
        byte[] head = "GET /chat HTTP/2\r\nHost: example.com\r\nSec-WebSocket-Key: abc\r\nX: 1\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("CONNECT /chat HTTP/2\r\nHost: example.com\r\nX: 1\r\n\r\n",
                new String(Http2ExtendedConnect.traceHead(head), StandardCharsets.ISO_8859_1));
        assertEquals(0, Http2ExtendedConnect.traceHead(new byte[0]).length);
    }
}
