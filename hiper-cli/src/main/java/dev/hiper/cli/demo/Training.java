package dev.hiper.cli.demo;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.Main;
import dev.hiper.cli.ToolEnv;
import java.io.IOException;

/**
 * The training run from which {@code bin/hiper} records what makes the command start fast (on
 * JDK 25 its ahead-of-time cache, on JDK 13 to 24 its class-data archive): the classes a run
 * loads, and on JDK 25 the method profiles. A class the training did not load is read from the
 * jar at run time, and the first such class opens the jar: so the training does what short runs
 * do. Against a {@link DemoServer} on loopback, it runs:
 *
 * <ol>
 * <li>{@code hiper -s URL}: one plain GET, serial, the default config file looked up, the body to
 * standard output;
 * <li>{@code hiper URL}: the same with curl's progress meter (standard output is not a terminal
 * in the training, so the meter shows, on standard error);
 * <li>{@code hiper --demo 200}: the parallel path, with the combined meter.
 * </ol>
 *
 * {@code bin/hiper} sends both streams to /dev/null. The exit code is the demo's.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        ToolEnv env = Main.processEnv();
        try (DemoServer server = DemoServer.start(Demo.BODY_SIZE)) {
            String url = "http://127.0.0.1:" + server.port() + "/training";
            Hiper.run(new String[] {"-s", url}, env);
            Hiper.run(new String[] {url}, env);
        }
        int code = Hiper.run(new String[] {"--demo", "200"}, env);
        System.out.flush();
        System.exit(code);
    }
}
