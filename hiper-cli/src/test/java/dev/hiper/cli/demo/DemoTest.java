package dev.hiper.cli.demo;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hiper --demo}: transfers against the in-process server, the meter, the summary. */
@Timeout(120)
class DemoTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ToolEnv env = new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, Map.of(), () -> false, false);
        int code = Hiper.run(args, env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsTheTransfersInParallelAndSumsThemUp() {
        Result r = run("--demo", "500", "--parallel-max", "20");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("hiper --demo: (\\d+) transfers, (\\d+) bytes in [0-9.]+ s: \\d+ transfers/s "
                + "over (\\d+) connections\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(500, Integer.parseInt(m.group(1)));
        assertEquals(500L * Demo.BODY_SIZE, Long.parseLong(m.group(2)));
        int connections = Integer.parseInt(m.group(3));
        assertTrue(connections >= 1 && connections <= 20, "connections: " + connections);
        // the combined meter: its header, then the last line with every transfer done
        assertTrue(r.err().startsWith("DL% UL%  Dled  Uled  Xfers  Live Total     Current  Left    Speed\n"), r.err());
        assertTrue(r.err().contains("   500     0 "), r.err());
    }

    @Test
    void refusesANonsenseCount() {
        Result r = run("--demo", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("hiper: --demo takes a number of transfers"), r.err());
    }
}
