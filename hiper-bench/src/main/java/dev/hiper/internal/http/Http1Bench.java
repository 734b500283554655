package dev.hiper.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The HTTP/1.1 hot paths of a keep-alive GET: parsing nginx's answer for a 1 KiB file (status
 * line, seven header lines, body) and serialising the request head. In this package (on the
 * class path, not the module path) so that hiper's internal classes are reachable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Http1Bench {
    private static final String HEAD = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx\r\n"
            + "Date: Sun, 22 Nov 2026 05:11:45 GMT\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: 1024\r\n"
            + "Last-Modified: Sun, 22 Nov 2026 05:11:41 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6b02798d-400\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n";

    private final Http1ResponseParser parser = new Http1ResponseParser();
    private ByteBuffer response;
    private ByteBuffer chunkedResponse;

    @Setup
    public void setup() {
        byte[] head = HEAD.getBytes(StandardCharsets.ISO_8859_1);
        response = ByteBuffer.allocate(head.length + 1024);
        response.put(head).put(new byte[1024]).flip();
        String chunked = HEAD.replace("Content-Length: 1024", "Transfer-Encoding: chunked")
                + "200\r\n" + "x".repeat(512) + "\r\n" + "200\r\n" + "y".repeat(512) + "\r\n0\r\n\r\n";
        chunkedResponse = ByteBuffer.wrap(chunked.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One whole response through the parser, as Transfer drives it (events, body consumed). */
    @Benchmark
    public int parseResponse1k() throws HttpParseException {
        return parse(response);
    }

    @Benchmark
    public int parseChunked1k() throws HttpParseException {
        return parse(chunkedResponse);
    }

    private int parse(ByteBuffer in) throws HttpParseException {
        in.position(0);
        parser.reset(false);
        int body = 0;
        for (;;) {
            Http1ResponseParser.Event ev = parser.next(in);
            if (ev == Http1ResponseParser.Event.BODY) {
                int n = parser.bodyAvailable();
                parser.consumeBody(in, n);
                body += n;
            } else if (ev == Http1ResponseParser.Event.DONE || ev == Http1ResponseParser.Event.NEED_MORE) {
                return body + parser.statusCode();
            }
        }
    }

    /** The request head of a plain GET with hiper's default headers. */
    @Benchmark
    public void buildGet(Blackhole bh) {
        bh.consume(Http1Request.build("GET", "/1k", "127.0.0.1:18080", "hiper/0.1.0", null,
                Http1Request.Body.NONE, 0, false));
    }

    /** The same with two application headers and a body length. */
    @Benchmark
    public void buildPostWithHeaders(Blackhole bh) {
        bh.consume(Http1Request.build("POST", "/upload", "127.0.0.1:18080", "hiper/0.1.0",
                java.util.List.of("X-Trace: abc", "Expect:"), Http1Request.Body.LENGTH, 65536, true));
    }
}
