package dev.hiper.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hiper}: the command's entry point. Its exit code is the run's {@code CurlCode}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Hiper.run(args, processEnv());
        System.out.flush();
        System.err.flush();
        if (code != 0) {
            System.exit(code);
        }
        // Exit code 0: main returns, and the JVM ends as every thread left is a daemon. From JDK
        // 21 on, System.exit first asks the platform's logging whether to log the exit, and the
        // logging's start (a service look-up through the module image and the class path's
        // jars) took a noticeable part of a short run.
    }

    /** What the process gives a run: its standard streams, working directory and environment. */
    public static ToolEnv processEnv() {
        // file descriptor 0 itself, so that an upload from a redirected file can be rewound as curl's lseek does
        return new ToolEnv(new FileInputStream(FileDescriptor.in), System.out, System.err, Path.of("").toAbsolutePath(),
                System.getenv(), () -> false, stdoutIsTerminal());
    }

    /** Whether file descriptor 1 is a terminal (Linux: /proc tells; elsewhere the console). */
    static boolean stdoutIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/1");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // no /proc: fall back
        }
        return System.console() != null;
    }
}
