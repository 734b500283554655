package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hiper -F} run against a loopback server of the test's, which records each request (head
 * and {@code Content-Length} body) and answers 200: the multipart bytes as curl sends them, the
 * boundary replaced; a missing file fails as curl's does.
 */
@Timeout(60)
class FormCommandTest {
    @TempDir
    static Path dir;
    private static ServerSocket server;
    private static final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(FormCommandTest::serve, "form-command-test");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                String h = head.toString(StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("Content-Length: (\\d+)\r\n").matcher(h);
                byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
                requests.add(h + new String(body, StandardCharsets.ISO_8859_1));
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                        .getBytes(StandardCharsets.US_ASCII));
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

    private static String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/form";
    }

    @Test
    void aFormGoesAsCurlSendsIt() throws Exception {
        Files.writeString(dir.resolve("up.txt"), "foo bar\n");
        requests.clear();
        Result r = hiper(url(), "-F", "name=daniel", "-F", "file=@up.txt", "-F", "doc=a;filename=a.pdf",
                "--form-string", "raw=<x");
        assertEquals(0, r.code, r.err);
        assertEquals("ok\n", r.out);
        String req = requests.poll(5, TimeUnit.SECONDS);
        assertNotNull(req);
        Matcher m = Pattern.compile("boundary=(-{24}[A-Za-z0-9]{22})\r\n").matcher(req);
        assertTrue(m.find(), req);
        String b = m.group(1);
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ndaniel\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfoo bar\n\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\na\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"raw\"\r\n\r\n<x\r\n"
                + "--" + b + "--\r\n";
        assertTrue(req.startsWith("POST /form HTTP/1.1\r\n"), req);
        assertTrue(req.endsWith("Content-Length: " + body.length() + "\r\nContent-Type: multipart/form-data; boundary="
                + b + "\r\n\r\n" + body), req);
    }

    @Test
    void formEscapeQuotesWithBackslashes() throws Exception {
        requests.clear();
        Result r = hiper(url(), "--form-escape", "-F", "a\"b=1");
        assertEquals(0, r.code, r.err);
        String req = requests.poll(5, TimeUnit.SECONDS);
        assertNotNull(req);
        assertTrue(req.contains("Content-Disposition: form-data; name=\"a\\\"b\"\r\n"), req);
    }

    @Test
    void aMissingFileIsReadError() {
        Result r = hiper("-sS", url(), "-F", "moo=@no-such-file");
        assertEquals(26, r.code, r.err);
        assertTrue(r.err.contains("hiper: (26) "), r.err);
    }
}
