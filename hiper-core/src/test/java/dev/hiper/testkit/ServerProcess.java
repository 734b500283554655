package dev.hiper.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server from Debian's packages (nginx, nghttpd), installed by {@code bin/setup}, run as a
 * child process of the test on 127.0.0.1: started with its command line, ready once each of its
 * ports accepts a connection (10 s at most), stopped and reaped by {@link #close}.
 *
 * <p>Ports are found by binding port 0 and closing it before the server starts, the usual race
 * a test server lives with on loopback; a server that cannot bind fails its start with its log.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** A free port on 127.0.0.1 for a server to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    /** The executable at {@code path}, or a failure that names the Debian package that has it. */
    public static Path executable(String path, String debianPackage) {
        Path bin = Path.of(path);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(path + " is missing: bin/setup installs it (Debian's " + debianPackage
                    + " package)");
        }
        return bin;
    }

    /**
     * Starts {@code command} in {@code dir} with its output in {@code dir/<name>.log}; returns once
     * every port in {@code ports} accepts connections on 127.0.0.1.
     */
    public static ServerProcess start(Path dir, String name, List<String> command, int... ports)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, log);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int port : ports) {
            for (;;) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    break;
                } catch (IOException notYet) {
                    if (!p.isAlive() || System.nanoTime() > end) {
                        server.close();
                        throw new IllegalStateException(name + " did not start on port " + port + ": "
                                + server.log());
                    }
                    Thread.sleep(20);
                }
            }
        }
        return server;
    }

    /** What the server wrote so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
