package dev.hiper.cli.demo;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code hiper --demo [N] [options...]}: starts a {@link DemoServer} on loopback in the process,
 * then runs the command line {@code hiper -q --parallel --out-null [options...]
 * http://127.0.0.1:PORT/demo/[1-N]}: N transfers (10,000 unless given), as many at once as
 * {@code --parallel-max} allows (50 unless given), through one multi handle on the selector loop,
 * with the combined progress meter on standard error. Then it prints a summary on standard
 * output: transfers, bytes, seconds, transfers per second, connections used.
 */
public final class Demo {
    /** The transfers a demo runs unless told. */
    public static final int DEFAULT_TRANSFERS = 10_000;
    /** The size of each response body. */
    public static final int BODY_SIZE = 4096;

    private Demo() {
    }

    public static int run(String[] args, ToolEnv env) {
        int n = DEFAULT_TRANSFERS;
        int from = 1;
        if (args.length > 1 && !args[1].startsWith("-")) {
            try {
                n = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                err(env, "hiper: --demo takes a number of transfers, 1 or more: " + args[1] + "\n");
                return 2;
            }
            from = 2;
        }
        try (DemoServer server = DemoServer.start(BODY_SIZE)) {
            List<String> cmd = new ArrayList<>(List.of("-q", "--parallel", "--out-null"));
            for (int i = from; i < args.length; i++) {
                cmd.add(args[i]);
            }
            cmd.add("http://127.0.0.1:" + server.port() + "/demo/[1-" + n + "]");
            long t0 = System.nanoTime();
            int rc = Hiper.run(cmd.toArray(new String[0]), env);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long done = server.requests();
            String summary = String.format(Locale.ROOT,
                    "hiper --demo: %d transfers, %d bytes in %.3f s: %.0f transfers/s over %d connections%s%n",
                    done, done * BODY_SIZE, seconds, done / seconds, server.connections(),
                    rc == 0 ? "" : " (exit code " + rc + ")");
            env.stdout().write(summary.getBytes(StandardCharsets.UTF_8));
            env.stdout().flush();
            return rc;
        } catch (IOException e) {
            err(env, "hiper: --demo: " + e.getMessage() + "\n");
            return 7;
        }
    }

    private static void err(ToolEnv env, String text) {
        try {
            env.stderr().write(text.getBytes(StandardCharsets.UTF_8));
            env.stderr().flush();
        } catch (IOException ignored) {
            // nowhere to report it
        }
    }
}
