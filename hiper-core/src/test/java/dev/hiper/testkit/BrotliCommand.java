package dev.hiper.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test vectors in the br coding, made by the brotli command (Debian's {@code brotli}, installed by
 * bin/setup), so the decoder meets what the reference encoder writes; and the fixtures made with
 * it once (see the {@code .txt} next to each).
 */
public final class BrotliCommand {
    private BrotliCommand() {
    }

    /** {@code data} compressed by {@code brotli -c} with {@code args} (quality, window). */
    public static byte[] compress(byte[] data, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("brotli", "-c"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        writer.join(30_000);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("brotli " + args.length + " arguments: did not end well");
        }
        return out;
    }

    /** 1 GiB of zero bytes in the br coding, 809 bytes (zeros-1GiB.br.txt says how it was made). */
    public static byte[] zerosGibibyte() throws IOException {
        try (InputStream in = BrotliCommand.class.getResourceAsStream("/dev/hiper/internal/decode/zeros-1GiB.br")) {
            return in.readAllBytes();
        }
    }
}
