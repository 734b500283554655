package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --unix-socket} run against a server on a Unix domain socket of the test's, which records
 * each request head and answers; a missing path and a blank one fail as curl's do.
 */
@Timeout(60)
class UnixSocketCommandTest {
    @TempDir
    static Path dir;
    private static Path sock;
    private static ServerSocketChannel server;
    private static final LinkedBlockingQueue<String> heads = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        sock = dir.resolve("cmd.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread t = new Thread(UnixSocketCommandTest::serve, "unix-socket-command-test");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static void serve() {
        while (server.isOpen()) {
            try (SocketChannel s = server.accept()) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                ByteBuffer one = ByteBuffer.allocate(1);
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    one.clear();
                    if (s.read(one) < 0) {
                        break;
                    }
                    head.write(one.get(0));
                }
                heads.add(head.toString(StandardCharsets.ISO_8859_1));
                s.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nunix\n"
                        .getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException ignored) {
                // the next connection
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result hiper(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "-q";
        System.arraycopy(args, 0, all, 1, args.length);
        ToolEnv env = new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, Map.of(), () -> false, false);
        int code = Hiper.run(all, env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRequestGoesOverTheSocketWithTheUrlsHost() throws Exception {
        heads.clear();
        Result r = hiper("--unix-socket", sock.toString(), "-w", "%{remote_ip}|%{remote_port}\n",
                "http://server-interpreted.example.com/path");
        assertEquals(0, r.code, r.err);
        assertEquals("unix\n" + sock + "|0\n", r.out);
        String head = heads.poll(5, TimeUnit.SECONDS);
        assertNotNull(head);
        assertTrue(head.startsWith("GET /path HTTP/1.1\r\nHost: server-interpreted.example.com\r\n"), head);
    }

    @Test
    void aMissingSocketIsCouldNotConnect() {
        Path missing = dir.resolve("missing.sock");
        Result r = hiper("-sS", "--unix-socket", missing.toString(), "http://example.com/");
        assertEquals(7, r.code, r.err);
        assertTrue(r.err.contains("Failed to connect to example.com port 80 over unix://" + missing), r.err);
    }

    @Test
    void aBlankPathIsRefused() {
        Result r = hiper("--unix-socket", "", "http://example.com/");
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("--unix-socket"), r.err);
    }
}
