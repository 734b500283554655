package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ws://} from the command line, as curl's tool runs it: the frames' payloads to the output. */
@Timeout(60)
class WsCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result hiper(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ToolEnv env = new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, Map.of(), () -> false, false);
        int code = Hiper.run(args, env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Serves one connection: reads the head, answers with {@code reply(key)}, keeps the first 6
     * bytes the client sent after (or what came before the end), then closes.
     */
    private static ServerSocket serve(java.util.function.Function<String, byte[]> reply,
            LinkedBlockingQueue<byte[]> after) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String key = head.toString().split("Sec-WebSocket-Key: ")[1].split("\r\n")[0];
                OutputStream out = s.getOutputStream();
                out.write(reply.apply(key));
                out.flush();
                // the client's answer to a CLOSE: a masked CLOSE without payload is 6 bytes; then the end
                after.add(in.readNBytes(6));
            } catch (IOException e) {
                after.add(new byte[0]);
            }
        }, "ws-command-test");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void framesPayloadsGoToTheOutput() throws Exception {
        LinkedBlockingQueue<byte[]> after = new LinkedBlockingQueue<>();
        try (ServerSocket server = serve(key -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(new byte[] {(byte) 0x81, 6, 'h', 'e', 'l', 'l', 'o', ' '});
            b.writeBytes(new byte[] {(byte) 0x82, 6, 'w', 'o', 'r', 'l', 'd', '\n'});
            b.writeBytes(new byte[] {(byte) 0x88, 0});
            return b.toByteArray();
        }, after)) {
            Result r = hiper("-sS", "-m", "30", "ws://127.0.0.1:" + server.getLocalPort() + "/feed");
            assertEquals(0, r.code(), r.err());
            assertEquals("hello world\n", r.out());
            byte[] back = after.poll(10, TimeUnit.SECONDS);
            assertTrue(back.length >= 6 && (back[0] & 0xff) == 0x88, "the CLOSE was answered");
        }
    }

    @Test
    void aRefusedUpgradeIsError22() throws Exception {
        LinkedBlockingQueue<byte[]> after = new LinkedBlockingQueue<>();
        try (ServerSocket server = serve(key -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), after)) {
            Result r = hiper("-sS", "ws://127.0.0.1:" + server.getLocalPort() + "/");
            assertEquals(22, r.code());
            assertTrue(r.err().contains("(22) Refused WebSocket upgrade: 404"), r.err());
        }
    }

    @Test
    void versionListsTheSchemes() {
        Result r = hiper("--version");
        assertTrue(r.out().contains("Protocols: http https ws wss"), r.out());
    }
}
