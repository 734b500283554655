package dev.hiper.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Everything a run of the command takes from its process: standard streams, working directory,
 * environment. The command touches nothing else of the process, so it can run in-process many
 * times at once (the curl-test runner does) as well as from {@link Main}.
 *
 * @param stdin standard input
 * @param stdout standard output, raw bytes
 * @param stderr standard error, raw bytes
 * @param cwd the directory relative file names resolve against
 * @param env the environment variables
 * @param cancelled polled while transfers run; true stops them (a caller's time limit)
 * @param stdoutIsTerminal whether standard output is a terminal (no progress meter then)
 */
public record ToolEnv(InputStream stdin, OutputStream stdout, OutputStream stderr, Path cwd,
        Map<String, String> env, BooleanSupplier cancelled, boolean stdoutIsTerminal) {

    /** A path named on the command line (a byte string), relative to {@link #cwd}. */
    public Path path(String byteString) {
        return cwd.resolve(Path.of(fromBytes(byteString)));
    }

    /** The value of an environment variable, or null. */
    public String getenv(String name) {
        return env.get(name);
    }

    /**
     * Command-line text as a byte string: each char one byte of its UTF-8 form, so that bytes
     * reach the wire and files exactly as given.
     */
    public static String toBytes(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The inverse of {@link #toBytes}: a byte string decoded as UTF-8. */
    public static String fromBytes(String byteString) {
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
