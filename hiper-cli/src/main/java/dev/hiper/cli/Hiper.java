package dev.hiper.cli;

import dev.hiper.cli.args.ArgParser;
import dev.hiper.cli.args.ToolConfig;
import dev.hiper.cli.demo.Demo;
import dev.hiper.cli.run.Runner;
import dev.hiper.curl.Curl;
import java.io.IOException;
import java.util.List;

/**
 * The {@code hiper} command: parses curl's command line ({@link ArgParser}) into a
 * {@link ToolConfig}, then runs it ({@link Runner}). Everything goes through a {@link ToolEnv},
 * so a run can happen in-process.
 */
public final class Hiper {
    private Hiper() {
    }

    /** The tool's version (the library's). */
    public static String version() {
        return Curl.VERSION;
    }

    /** What {@code %{json}} reports as "curl_version": the product and its version. */
    public static String versionLine() {
        return "hiper/" + Curl.VERSION;
    }

    /** The protocols that work, as {@code --version} lists them. */
    public static List<String> protocols() {
        return List.of("http", "https", "ws", "wss");
    }

    /** The features that work, with curl's names, as {@code --version} lists them. */
    public static List<String> features() {
        List<String> f = new java.util.ArrayList<>(List.of("AsynchDNS"));
        if (present("org.brotli.dec.BrotliInputStream")) {
            f.add("brotli"); // hiper-core's optional br decoder (org.brotli:dec) is on the class path
        }
        f.addAll(List.of("HTTP2", "HTTPS-proxy", "IPv6", "Largefile", "libz", "PSL", "SSL", "threadsafe",
                "UnixSockets"));
        if (present("io.airlift.compress.zstd.ZstdIncrementalFrameDecompressor")) {
            f.add("zstd"); // and its optional zstd decoder (aircompressor)
        }
        return f;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Hiper.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, ToolEnv env) {
        if (args.length >= 1 && args[0].equals("--demo")) {
            return Demo.run(args, env);
        }
        ToolConfig config = ArgParser.parse(args, env);
        for (String m : config.messages()) {
            write(env, m);
        }
        switch (config.action()) {
            case HELP:
                print(env, Help.TEXT);
                return 0;
            case VERSION:
                print(env, versionText());
                return 0;
            case MANUAL:
                write(env, "Warning: built-in manual was disabled at build-time\n");
                return 0;
            case FAILED:
                return config.exitCode();
            default:
                if (args.length == 0) {
                    write(env, Messages.ERROR_PREFIX + "try '" + Messages.PRODUCT + " --help' for more information\n");
                    return 2;
                }
                return Runner.run(config, env);
        }
    }

    static String versionText() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        String arch = System.getProperty("os.arch", "");
        return "hiper " + Curl.VERSION + " (" + arch + "-" + os + " java/" + Runtime.version().feature() + ") hiper/"
                + Curl.VERSION + "\n"
                + "Release-Date: [unreleased]\n"
                + "Protocols: " + String.join(" ", protocols()) + "\n"
                + "Features: " + String.join(" ", features()) + "\n";
    }

    private static void write(ToolEnv env, String byteString) {
        try {
            env.stderr().write(Messages.bytes(byteString));
            env.stderr().flush();
        } catch (IOException ignored) {
            // nowhere to report it
        }
    }

    private static void print(ToolEnv env, String text) {
        try {
            env.stdout().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            env.stdout().flush();
        } catch (IOException ignored) {
            // nowhere to report it
        }
    }
}
